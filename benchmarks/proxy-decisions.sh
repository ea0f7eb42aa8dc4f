#!/usr/bin/env bash
# nginx with auth_request to maintenance4j's decision endpoint (docs/proxies/nginx.conf, as documented)
# against nginx alone, in front of the same upstream (an nginx server block answering "ok"), with wrk;
# then the same with nginx caching the decisions for 1 s, the same configuration asking a "null decider"
# (an nginx server block answering 204 at once: the best any external decision service could do, so
# the cost of auth_request itself), the decision endpoint asked directly, and the same configuration asking
# the gateway's decision mode (bin/gateway --decide) over TCP and over a Unix domain socket.
# Maintenance is off. Rounds alternate so drift on a noisy machine hits every side alike.
# Needs: nginx, wrk (apt-get install nginx wrk), a built benchmarks jar (./mvnw -pl benchmarks -am package -DskipTests).
# Usage: [JAVA=/path/to/java] [DECIDE_OPTS="-Dthreads=200"] benchmarks/proxy-decisions.sh [rounds=3] [seconds=10] [connections=32]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. benchmarks/lib.sh
rounds="${1:-3}"; seconds="${2:-10}"; connections="${3:-32}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
nginx="$(command -v nginx || echo /usr/sbin/nginx)"
[[ -x "$nginx" ]] || { echo "nginx is missing: apt-get install nginx" >&2; exit 2; }
jar=benchmarks/target/benchmarks.jar
[[ -f "$jar" ]] || { echo "build first: ./mvnw -B -pl benchmarks,gateway -am package -DskipTests" >&2; exit 2; }
gateway_jar="$(ls gateway/target/maintenance4j-gateway-*-all.jar 2>/dev/null | head -1)"
[[ -n "$gateway_jar" ]] || { echo "build first: ./mvnw -B -pl benchmarks,gateway -am package -DskipTests" >&2; exit 2; }

dir="$(mktemp -d)"
machine "${JAVA:-java}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# the decision server gets 2 request threads on 1 core: with Tomcat's default of 200, 32 busy keep-alive
# connections cost more in context switches than the decisions themselves on this 2-core machine
"${JAVA:-java}" -Xms256m -Xmx256m ${DECIDE_OPTS:--Dthreads=2 -XX:ActiveProcessorCount=1} -cp "$jar" dev.maintenance4j.benchmarks.DecisionServer > "$dir/decide.log" 2>&1 &
decider=$!
# the gateway's decision mode, on one core like the decision server, on TCP and on a Unix socket
gateway_port="$(free_port)"
MAINTENANCE4J_ADMIN_TOKEN=proxy-decisions-benchmark-token MAINTENANCE4J_STORE="file:$dir/gateway-state.json" \
  "${JAVA:-java}" -Xms256m -Xmx256m -XX:ActiveProcessorCount=1 -jar "$gateway_jar" --decide x-original \
  --trusted-proxy 127.0.0.1/32 --host 127.0.0.1 --port "$gateway_port" --unix-socket "$dir/decide.sock" > "$dir/gateway.log" 2>&1 &
gateway=$!
trap 'kill $decider $gateway 2>/dev/null || true; [[ -f "$dir/nginx.pid" ]] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true; sleep 0.5; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do [[ -S "$dir/decide.sock" ]] && break; sleep 0.2; done
[[ -S "$dir/decide.sock" ]] || { cat "$dir/gateway.log"; exit 1; }
for _ in $(seq 1 100); do grep -q '^port=' "$dir/decide.log" && break; sleep 0.2; done
decide_port="$(sed -n 's/^port=//p' "$dir/decide.log")"
[[ -n "$decide_port" ]] || { cat "$dir/decide.log"; exit 1; }

upstream_port="$(free_port)"; alone_port="$(free_port)"; with_port="$(free_port)"; cached_port="$(free_port)"
null_port="$(free_port)"; null_decider_port="$(free_port)"; gateway_tcp_port="$(free_port)"; gateway_unix_port="$(free_port)"
documented="$(sed -e "s/\b8080\b/$with_port/g; s/\b9000\b/$upstream_port/g; s/\b8081\b/$decide_port/g" docs/proxies/nginx.conf \
  | grep -v 'listen \[::\]')"
# the documented configuration on another port asking another decider (its "server ...;" line), its upstreams
# renamed with SUFFIX so several fit in one nginx; further sed arguments change it more
variant() { # SUFFIX PORT DECIDER [sed arguments]
  local suffix="$1" port="$2" decider="$3"; shift 3
  echo "$documented" | sed -e "s/listen $with_port;/listen $port;/" -e "s#server 127.0.0.1:$decide_port;#server $decider;#" \
    -e "s/^upstream app {/upstream app$suffix {/; s/^upstream maintenance4j {/upstream maintenance4j$suffix {/" \
    -e "s#http://app;#http://app$suffix;#; s#http://maintenance4j/#http://maintenance4j$suffix/#; s#http://maintenance4j;#http://maintenance4j$suffix;#" \
    "$@"
}
# with a 1 s cache of decisions keyed by path and cookie (not recommended: see docs/proxies.md)
cached="$(variant cached "$cached_port" "127.0.0.1:$decide_port" \
  -e 's#http://maintenance4jcached/maintenance/decide;#&\n        proxy_cache decisions; proxy_cache_valid 204 1s; proxy_cache_key "$request_uri$http_cookie";#')"
# asking an nginx block that answers 204 at once
null="$(variant null "$null_port" "127.0.0.1:$null_decider_port")"
# asking the gateway, over TCP and over its Unix socket (the configuration's commented line)
gateway_tcp="$(variant gw "$gateway_tcp_port" "127.0.0.1:$gateway_port")"
gateway_unix="$(variant gwu "$gateway_unix_port" "unix:$dir/decide.sock")"
cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/cb; proxy_temp_path $dir/px; fastcgi_temp_path $dir/fc; uwsgi_temp_path $dir/uw; scgi_temp_path $dir/sc;
    proxy_cache_path $dir/cache keys_zone=decisions:1m;
    server { listen $upstream_port; location / { return 200 "ok"; } }
    server { listen $null_decider_port; location / { return 204; } }
    upstream alone_app { server 127.0.0.1:$upstream_port; keepalive 32; }
    server { listen $alone_port; location / { proxy_pass http://alone_app; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; } }
$documented
$cached
$null
$gateway_tcp
$gateway_unix
}
CONF
"$nginx" -p "$dir" -c "$dir/nginx.conf" -g 'user root;' 
sleep 0.5
for p in "$alone_port" "$with_port" "$cached_port" "$null_port" "$gateway_tcp_port" "$gateway_unix_port"; do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p/orders")" == 200 ]] || { echo "port $p does not answer 200" >&2; cat "$dir/error.log" >&2; exit 1; }
done

run() { # url [wrk args] -> "requests/s p99"
  local url="$1"; shift
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" "$url" | awk '/Requests\/sec/ {r=$2} /^ +99%/ {p=$2} END {print r, p}'
}
echo "warm-up..." >&2
for p in "$alone_port" "$with_port" "$cached_port" "$null_port" "$gateway_tcp_port" "$gateway_unix_port"; do wrk -t2 -c"$connections" -d3s "http://127.0.0.1:$p/orders" > /dev/null; done
ratio() { echo "$1 $2" | awk '{ printf "%.3f", $3/$1 }'; }
printf '%-6s %20s %20s %20s %20s %20s %20s %20s %9s %9s %9s %9s %9s\n' round nginx-alone with-decisions with-cached \
  null-decider decide-direct gateway-tcp gateway-unix with/alone cached/al null/al gwtcp/al gwunix/al
for r in $(seq 1 "$rounds"); do
  a="$(run "http://127.0.0.1:$alone_port/orders")"
  w="$(run "http://127.0.0.1:$with_port/orders")"
  c="$(run "http://127.0.0.1:$cached_port/orders")"
  n="$(run "http://127.0.0.1:$null_port/orders")"
  d="$(run "http://127.0.0.1:$decide_port/maintenance/decide" -H 'X-Original-URI: /orders' -H 'X-Original-Method: GET' -H 'X-Forwarded-For: 127.0.0.1')"
  g="$(run "http://127.0.0.1:$gateway_tcp_port/orders")"
  u="$(run "http://127.0.0.1:$gateway_unix_port/orders")"
  printf '%-6s %20s %20s %20s %20s %20s %20s %20s %9s %9s %9s %9s %9s\n' "$r" "$a" "$w" "$c" "$n" "$d" "$g" "$u" \
    "$(ratio "$a" "$w")" "$(ratio "$a" "$c")" "$(ratio "$a" "$n")" "$(ratio "$a" "$g")" "$(ratio "$a" "$u")"
done
echo "(each cell: requests/s and p99 latency; decide-direct is the endpoint without nginx; gateway-tcp and"
echo " gateway-unix ask bin/gateway --decide over TCP and over its --unix-socket)"
