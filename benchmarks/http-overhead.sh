#!/usr/bin/env bash
# HTTP overhead of the maintenance filter, measured side by side on one embedded Tomcat with wrk:
# /plain (no filter) vs /filtered (filter, maintenance off), keep-alive; and /blocked (the 503
# maintenance page) vs /plain, both with "Connection: close", because Tomcat closes the connection
# after every 503 whatever the application does (a keep-alive comparison would measure that policy).
# Rounds alternate so drift on a noisy machine hits both sides alike. Loopback only; bounded in time.
# Needs: wrk (apt-get install wrk), a built benchmarks jar (./mvnw -pl benchmarks -am package -DskipTests).
# Usage: benchmarks/http-overhead.sh [rounds=5] [seconds=10] [connections=32]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
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
log="$(mktemp)"
$server_cpus java -Xms512m -Xmx512m -XX:ActiveProcessorCount=1 -cp "$jar" dev.maintenance4j.benchmarks.HttpOverheadServer > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do grep -q '^port=' "$log" && break; sleep 0.2; done
port="$(sed -n 's/^port=//p' "$log")"
[[ -n "$port" ]] || { cat "$log"; exit 1; }

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }  # the server's user + system CPU, in clock ticks
ticks_per_second="$(getconf CLK_TCK)"
rate() { # path [wrk args...] -> "requests/s server-CPU-microseconds-per-request"
  local path="$1"; shift
  local before after out requests
  before="$(cpu_ticks)"
  out="$($client_cpus wrk -t"$threads" -c"$connections" -d"${seconds}s" "$@" "http://127.0.0.1:$port$path")"
  after="$(cpu_ticks)"
  requests="$(echo "$out" | awk '/requests in/ {print $1}')"
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(awk -v t="$((after - before))" -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')"
}
echo "warm-up..." >&2
for path in /plain/hello /filtered/hello /blocked/hello; do $client_cpus wrk -t"$threads" -c"$connections" -d5s "http://127.0.0.1:$port$path" > /dev/null; done

# each cell: requests/s, then the server's CPU time per request in microseconds (less noisy than the rate:
# it counts the server's own work, not how the two cores were shared during the run)
printf '%-6s %22s %22s %22s %22s\n' round plain filtered plain-close blocked-close
for r in $(seq 1 "$rounds"); do
  p="$(rate /plain/hello)"; f="$(rate /filtered/hello)"
  pc="$(rate /plain/hello -H 'Connection: close')"; b="$(rate /blocked/hello -H 'Connection: close')"
  printf '%-6s %22s %22s %22s %22s\n' "$r" "$p" "$f" "$pc" "$b"
  echo "$p $f $pc $b" >> "$log.rates"
done
median() { cut -d' ' -f"$1" "$log.rates" | sort -n | awk '{ v[NR]=$1 } END { print v[int((NR+1)/2)] }'; }
mp="$(median 1)"; mf="$(median 3)"; mpc="$(median 5)"; mb="$(median 7)"
cp_="$(median 2)"; cf="$(median 4)"; cpc="$(median 6)"; cb="$(median 8)"
echo "median req/s: plain $mp, filtered (maintenance off) $mf; with Connection: close, plain $mpc, blocked (maintenance page) $mb"
echo "median server CPU us/request: plain $cp_, filtered $cf; with Connection: close, plain $cpc, blocked $cb"
awk -v p="$mp" -v f="$mf" -v pc="$mpc" -v b="$mb" 'BEGIN { printf "throughput: filtered/plain = %.3f, blocked/plain (connection close) = %.3f\n", f/p, b/pc }'
awk -v p="$cp_" -v f="$cf" -v pc="$cpc" -v b="$cb" 'BEGIN { printf "server CPU per request: filtered/plain = %.3f, blocked/plain (connection close) = %.3f\n", f/p, b/pc }'
rm -f "$log.rates"
