#!/usr/bin/env bash
# HTTP overhead of the maintenance filter, measured side by side on one embedded Tomcat with wrk:
# /plain (no filter) vs /filtered (filter, maintenance off), keep-alive; and /blocked (the 503
# maintenance page) vs /plain, both with "Connection: close", because Tomcat closes the connection
# after every 503 whatever the application does (a keep-alive comparison would measure that policy).
# /replica (a servlet sending the blocked response's status, headers and body, no filter) splits the
# blocked page's cost into what the response costs the container and what the filter adds;
# /replica-filtered (the same behind a filter that only calls the chain) what any mapped filter costs.
# Every request carries a browser's Accept header, as blocked page loads do.
# Rounds alternate so drift on a noisy machine hits both sides alike. Loopback only; bounded in time.
# Needs: wrk (apt-get install wrk), a built benchmarks jar (./mvnw -pl benchmarks -am package -DskipTests).
# Usage: [JAVA=/path/to/java] benchmarks/http-overhead.sh [rounds=5] [seconds=10] [connections=32]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. benchmarks/lib.sh
rounds="${1:-5}"; seconds="${2:-10}"; connections="${3:-32}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
jar=benchmarks/target/benchmarks.jar
[[ -f "$jar" ]] || { echo "build first: ./mvnw -B -pl benchmarks -am package -DskipTests" >&2; exit 2; }

# pin the server and the load generator to different cores when there are two or more: without this
# they fight over the same cores and single runs swing by +-15%
server_cpus=""; client_cpus=""; threads=2
if command -v taskset >/dev/null && [[ "$(nproc)" -ge 2 ]]; then
  last=$(( $(nproc) - 1 ))
  server_cpus="taskset -c 0-$(( last > 1 ? last - 1 : 0 ))"; client_cpus="taskset -c $last"; threads=1
fi
machine "${JAVA:-java}"
log="$(mktemp)"
$server_cpus "${JAVA:-java}" -Xms512m -Xmx512m -XX:ActiveProcessorCount=1 -cp "$jar" dev.maintenance4j.benchmarks.HttpOverheadServer > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do grep -q '^port=' "$log" && break; sleep 0.2; done
port="$(sed -n 's/^port=//p' "$log")"
[[ -n "$port" ]] || { cat "$log"; exit 1; }

accept='Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }  # the server's user + system CPU, in clock ticks
ticks_per_second="$(getconf CLK_TCK)"
rate() { # path [wrk args...] -> "requests/s server-CPU-microseconds-per-request"
  local path="$1"; shift
  local before after out requests
  before="$(cpu_ticks)"
  out="$($client_cpus wrk -t"$threads" -c"$connections" -d"${seconds}s" -H "$accept" "$@" "http://127.0.0.1:$port$path")"
  after="$(cpu_ticks)"
  requests="$(echo "$out" | awk '/requests in/ {print $1}')"
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(awk -v t="$((after - before))" -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')"
}
echo "warm-up..." >&2
for path in /plain/hello /filtered/hello /replica/hello /replica-filtered/hello /blocked/hello; do $client_cpus wrk -t"$threads" -c"$connections" -d5s "http://127.0.0.1:$port$path" > /dev/null; done

# each cell: requests/s, then the server's CPU time per request in microseconds (less noisy than the rate:
# it counts the server's own work, not how the two cores were shared during the run)
printf '%-6s %20s %20s %20s %20s %20s %20s %9s %9s %9s\n' round plain filtered plain-close replica-close blocked-close replica-filter-close f/p b/r b/rf
for r in $(seq 1 "$rounds"); do
  p="$(rate /plain/hello)"; f="$(rate /filtered/hello)"
  pc="$(rate /plain/hello -H 'Connection: close')"; rc="$(rate /replica/hello -H 'Connection: close')"
  b="$(rate /blocked/hello -H 'Connection: close')"
  rf="$(rate /replica-filtered/hello -H 'Connection: close')"
  echo "$p $f $pc $rc $b $rf" >> "$log.rates"
  printf '%-6s %20s %20s %20s %20s %20s %20s %9s %9s %9s\n' "$r" "$p" "$f" "$pc" "$rc" "$b" "$rf" \
    "$(echo "$p $f" | awk '{ printf "%.3f", $3/$1 }')" "$(echo "$rc $b" | awk '{ printf "%.3f", $3/$1 }')" \
    "$(echo "$rf $b" | awk '{ printf "%.3f", $3/$1 }')"
done
# column k of the rates file: 1,3,5,7,9,11 = req/s of plain, filtered, plain-close, replica-close, blocked-close,
# replica-filter-close; 2,4,.. = CPU us/request
median() { median_of "$log.rates" "\$$1"; }
paired() { median_of "$log.rates" "\$$2 / \$$1" %.3f; }
echo "median req/s: plain $(median 1), filtered (maintenance off) $(median 3); with Connection: close: plain $(median 5), replica $(median 7), blocked $(median 9)"
echo "median server CPU us/request: plain $(median 2), filtered $(median 4); with Connection: close: plain $(median 6), replica $(median 8), blocked $(median 10)"
echo "throughput, median of per-round ratios: filtered/plain = $(paired 1 3), blocked/plain (close) = $(paired 5 9), replica/plain (close) = $(paired 5 7), blocked/replica (close) = $(paired 7 9), replica-filtered/replica (close) = $(paired 7 11), blocked/replica-filtered (close) = $(paired 11 9)"
echo "server CPU per request, median of per-round ratios: filtered/plain = $(paired 2 4), blocked/plain (close) = $(paired 6 10), replica/plain (close) = $(paired 6 8), blocked/replica (close) = $(paired 8 10), replica-filtered/replica (close) = $(paired 8 12), blocked/replica-filtered (close) = $(paired 12 10)"
rm -f "$log.rates"
