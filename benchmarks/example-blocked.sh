#!/usr/bin/env bash
# Blocked page against the cheapest endpoint of a real Spring Boot service: the example orders service,
# in maintenance (full mode) with GET /api/orders exempt, so that endpoint still runs through Spring MVC
# (it answers "[]") while GET /hello gets the 503 maintenance page. Both with "Connection: close" (Tomcat
# closes after a 503) and a browser's Accept header; alternating; server CPU per request read from /proc.
# Needs: wrk (apt-get install wrk), the example and CLI jars (./mvnw -B -pl example,cli -am install -DskipTests).
# Usage: benchmarks/example-blocked.sh [rounds=5] [seconds=10] [connections=32]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. benchmarks/lib.sh
root="$(pwd)"
rounds="${1:-5}"; seconds="${2:-10}"; connections="${3:-32}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
app="$root/example/target/maintenance4j-example.jar"; cli="$root/cli/target/maintenance4j-cli-0.1.0-SNAPSHOT-all.jar"
[[ -f "$app" && -f "$cli" ]] || { echo "build first: ./mvnw -B -pl example,cli -am install -DskipTests" >&2; exit 2; }

server_cpus=""; client_cpus=""
if command -v taskset >/dev/null && [[ "$(nproc)" -ge 2 ]]; then
  last=$(( $(nproc) - 1 )); server_cpus="taskset -c 0-$(( last > 1 ? last - 1 : 0 ))"; client_cpus="taskset -c $last"
fi
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
machine java
(cd "$work" && java -jar "$cli" down --reason "Benchmark" --for 1d > /dev/null)
(cd "$work" && exec $server_cpus java -Xms512m -Xmx512m -XX:ActiveProcessorCount=1 -jar "$app" --server.port="$port" \
  '--maintenance.exempt-paths=/maintenance/**,/actuator/**,/api/orders' --logging.level.root=WARN > "$work/app.log" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$port/api/orders" && break; sleep 0.5; done
[[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/hello")" == 503 ]] || { cat "$work/app.log"; exit 1; }

accept='Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'
hz="$(getconf CLK_TCK)"
rate() { # path seconds -> "requests/s server-CPU-microseconds-per-request"
  local before after out
  before="$(awk '{ print $14 + $15 }' "/proc/$server/stat")"
  out="$($client_cpus wrk -t1 -c"$connections" -d"$2s" -H "$accept" -H 'Connection: close' "http://127.0.0.1:$port$1")"
  after="$(awk '{ print $14 + $15 }' "/proc/$server/stat")"
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk -v t="$((after - before))" -v hz="$hz" '/requests in/ { printf "%.2f", t / hz * 1e6 / $1 }')"
}
echo "warm-up (Spring MVC needs its JIT)..." >&2
for _ in 1 2 3; do rate /api/orders 10 > /dev/null; rate /hello 10 > /dev/null; done
printf '%-6s %22s %22s %8s\n' round spring-endpoint blocked-page ratio
for r in $(seq 1 "$rounds"); do
  s="$(rate /api/orders "$seconds")"; b="$(rate /hello "$seconds")"
  echo "$s $b" >> "$work/rates"
  printf '%-6s %22s %22s %8s\n' "$r" "$s" "$b" "$(echo "$s $b" | awk '{ printf "%.3f", $3/$1 }')"
done
median() { median_of "$work/rates" "$1" %.3f; }
echo "median per-round ratios, blocked page / Spring endpoint: throughput $(median '$3/$1'), server CPU per request $(median '$4/$2')"
