#!/usr/bin/env bash
# HTTP overhead of the WebFlux maintenance filter, measured side by side on one Reactor Netty server with wrk:
# /plain (no filter) vs /filtered (MaintenanceWebFilter, maintenance off), and /blocked (the 503 maintenance
# page) vs /plain; /noop-filtered (a WebFilter that only calls the chain) tells what any filter costs WebFlux
# apart from what the maintenance filter does. All keep-alive (Reactor Netty keeps the connection after a 503). Every request carries a
# browser's Accept header, as blocked page loads do. Rounds alternate so drift on a noisy machine hits all
# sides alike. Loopback only; bounded in time.
# Needs: wrk (apt-get install wrk), a built benchmarks jar (./mvnw -pl benchmarks -am package -DskipTests).
# Usage: [JAVA=/path/to/java] benchmarks/webflux-overhead.sh [rounds=5] [seconds=10] [connections=32]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. benchmarks/lib.sh
rounds="${1:-5}"; seconds="${2:-10}"; connections="${3:-32}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
jar=benchmarks/target/benchmarks.jar
[[ -f "$jar" ]] || { echo "build first: ./mvnw -B -pl benchmarks -am package -DskipTests" >&2; exit 2; }

# the server and the load generator on different cores when there are two or more (see http-overhead.sh)
server_cpus=""; client_cpus=""; threads=2
if command -v taskset >/dev/null && [[ "$(nproc)" -ge 2 ]]; then
  last=$(( $(nproc) - 1 ))
  server_cpus="taskset -c 0-$(( last > 1 ? last - 1 : 0 ))"; client_cpus="taskset -c $last"; threads=1
fi
machine "${JAVA:-java}"
log="$(mktemp)"
$server_cpus "${JAVA:-java}" -Xms512m -Xmx512m -XX:ActiveProcessorCount=1 -cp "$jar" dev.maintenance4j.benchmarks.WebFluxOverheadServer > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log" "$log.rates"' EXIT
for _ in $(seq 1 100); do grep -q '^port=' "$log" && break; sleep 0.2; done
port="$(sed -n 's/^port=//p' "$log")"
[[ -n "$port" ]] || { cat "$log"; exit 1; }

accept='Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }  # the server's user + system CPU, in clock ticks
ticks_per_second="$(getconf CLK_TCK)"
rate() { # path -> "requests/s server-CPU-microseconds-per-request"
  local before after out requests
  before="$(cpu_ticks)"
  out="$($client_cpus wrk -t"$threads" -c"$connections" -d"${seconds}s" -H "$accept" "http://127.0.0.1:$port$1")"
  after="$(cpu_ticks)"
  requests="$(echo "$out" | awk '/requests in/ {print $1}')"
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(awk -v t="$((after - before))" -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')"
}
for path in /plain/hello /filtered/hello /blocked/hello /noop-filtered/hello; do
  status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")"
  expected=200; [[ "$path" == /blocked/* ]] && expected=503
  [[ "$status" == "$expected" ]] || { echo "$path answered $status, not $expected" >&2; exit 1; }
done
echo "warm-up..." >&2
for path in /plain/hello /filtered/hello /blocked/hello /noop-filtered/hello; do $client_cpus wrk -t"$threads" -c"$connections" -d10s "http://127.0.0.1:$port$path" > /dev/null; done

printf '%-6s %20s %20s %20s %20s %9s %9s %9s\n' round plain filtered noop-filtered blocked f/p f/n b/p
for r in $(seq 1 "$rounds"); do
  p="$(rate /plain/hello)"; f="$(rate /filtered/hello)"; n="$(rate /noop-filtered/hello)"; b="$(rate /blocked/hello)"
  echo "$p $f $b $n" >> "$log.rates"
  printf '%-6s %20s %20s %20s %20s %9s %9s %9s\n' "$r" "$p" "$f" "$n" "$b" \
    "$(echo "$p $f" | awk '{ printf "%.3f", $3/$1 }')" "$(echo "$n $f" | awk '{ printf "%.3f", $3/$1 }')" \
    "$(echo "$p $b" | awk '{ printf "%.3f", $3/$1 }')"
done
# columns of the rates file: 1,3,5,7 = req/s of plain, filtered, blocked, noop-filtered; 2,4,6,8 = server CPU us/request
median() { median_of "$log.rates" "\$$1"; }
paired() { median_of "$log.rates" "\$$2 / \$$1" %.3f; }
echo "median req/s: plain $(median 1), filtered (maintenance off) $(median 3), noop-filtered $(median 7), blocked $(median 5)"
echo "median server CPU us/request: plain $(median 2), filtered $(median 4), noop-filtered $(median 8), blocked $(median 6)"
echo "throughput, median of per-round ratios: filtered/plain = $(paired 1 3), filtered/noop-filtered = $(paired 7 3), noop-filtered/plain = $(paired 1 7), blocked/plain = $(paired 1 5)"
echo "server CPU per request, median of per-round ratios: filtered/plain = $(paired 2 4), filtered/noop-filtered = $(paired 8 4), noop-filtered/plain = $(paired 2 8), blocked/plain = $(paired 2 6)"
