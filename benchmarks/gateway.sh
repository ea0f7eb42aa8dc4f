#!/usr/bin/env bash
# The gateway against what a team would otherwise put in front of its app, side by side with wrk:
# nginx (proxy_pass with upstream keep-alive) and HAProxy passing requests through to the same upstream
# (an nginx server block answering "ok"), then nginx's static maintenance page (return 503 + error_page)
# against the gateway's maintenance page. Every proxy may use both cores (nginx: 2 workers, HAProxy:
# 2 threads, the gateway: its JVM). A floor row, "jvm-floor", is the least HTTP proxy on the JVM (Netty's
# codecs on one event loop, no thread hand-off; ProxyFloor): what the JVM itself reaches on this machine.
# Rounds alternate so drift on a noisy machine hits every side alike.
# Needs: nginx, haproxy, wrk (apt-get install nginx haproxy wrk) and the gateway, CLI and benchmarks jars
# (./mvnw -B -pl gateway,cli,benchmarks -am package -DskipTests).
# Usage: [JAVA=/path/to/java] [GATEWAY_OPTS="-Xmx256m"] [GATEWAY_ARGS="--event-loops 2"] [WARMUP=30] benchmarks/gateway.sh [rounds=3] [seconds=10] [connections=32]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. benchmarks/lib.sh
rounds="${1:-3}"; seconds="${2:-10}"; connections="${3:-32}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
nginx="$(command -v nginx || echo /usr/sbin/nginx)"; haproxy="$(command -v haproxy || echo /usr/sbin/haproxy)"
[[ -x "$nginx" ]] || { echo "nginx is missing: apt-get install nginx" >&2; exit 2; }
[[ -x "$haproxy" ]] || { echo "haproxy is missing: apt-get install haproxy" >&2; exit 2; }
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"
gateway_jar="gateway/target/maintenance4j-gateway-$version-all.jar"; cli_jar="cli/target/maintenance4j-cli-$version-all.jar"
benchmarks_jar="benchmarks/target/benchmarks.jar"
[[ -f "$gateway_jar" && -f "$cli_jar" && -f "$benchmarks_jar" ]] \
  || { echo "build first: ./mvnw -B -pl gateway,cli,benchmarks -am package -DskipTests" >&2; exit 2; }

dir="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [[ -f "$dir/nginx.pid" ]] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true; sleep 0.5; rm -rf "$dir"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
upstream_port="$(free_port)"; nginx_port="$(free_port)"; page_port="$(free_port)"; haproxy_port="$(free_port)"
gateway_port="$(free_port)"; down_port="$(free_port)"; floor_port="$(free_port)"

cat > "$dir/maintenance.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Down for maintenance</title></head>
<body><main><h1>Down for maintenance</h1><p>We will be back shortly.</p></main></body></html>
HTML
cat > "$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/cb; proxy_temp_path $dir/px; fastcgi_temp_path $dir/fc; uwsgi_temp_path $dir/uw; scgi_temp_path $dir/sc;
    server { listen $upstream_port; location / { return 200 "ok"; } }
    upstream app { server 127.0.0.1:$upstream_port; keepalive 64; }
    server { listen $nginx_port; location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection "";
             proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; proxy_set_header X-Forwarded-Proto \$scheme; } }
    # the usual static maintenance page: every request gets 503 and the page
    server { listen $page_port; root $dir; error_page 503 /maintenance.html;
             location = /maintenance.html { internal; add_header Retry-After 300 always; add_header Cache-Control no-store always; }
             location / { return 503; } }
}
CONF
cat > "$dir/haproxy.cfg" <<CONF
global
    nbthread 2
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option forwardfor
    http-reuse always
frontend front
    bind 127.0.0.1:$haproxy_port
    default_backend app
backend app
    server app 127.0.0.1:$upstream_port
CONF
"$nginx" -p "$dir" -c "$dir/nginx.conf" -g 'user root;'
"$haproxy" -f "$dir/haproxy.cfg" > "$dir/haproxy.log" 2>&1 &
pids+=($!)
machine "${JAVA:-java}"
java_opts=(${GATEWAY_OPTS:--Xms256m -Xmx256m})
gateway_args=(${GATEWAY_ARGS:-})
"${JAVA:-java}" "${java_opts[@]}" -jar "$gateway_jar" --upstream "http://127.0.0.1:$upstream_port" --host 127.0.0.1 --port "$gateway_port" \
  --store "file:$dir/up.json" --buffer-dir "$dir/buffer-up" "${gateway_args[@]}" > "$dir/gateway.log" 2>&1 &
pids+=($!)
"${JAVA:-java}" -jar "$cli_jar" --store "file:$dir/down.json" down --reason "Database upgrade" --for 1h > /dev/null
"${JAVA:-java}" "${java_opts[@]}" -jar "$gateway_jar" --upstream "http://127.0.0.1:$upstream_port" --host 127.0.0.1 --port "$down_port" \
  --store "file:$dir/down.json" --buffer-dir "$dir/buffer-down" "${gateway_args[@]}" > "$dir/gateway-down.log" 2>&1 &
pids+=($!)
"${JAVA:-java}" "${java_opts[@]}" -cp "$benchmarks_jar" dev.maintenance4j.benchmarks.ProxyFloor "$floor_port" "$upstream_port" \
  > "$dir/floor.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 150); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$gateway_port/orders")" == 200 \
    && "$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' "http://127.0.0.1:$down_port/orders")" == 503 ]] && break
  sleep 0.2
done
for check in "$nginx_port 200" "$haproxy_port 200" "$gateway_port 200" "$floor_port 200" "$page_port 503" "$down_port 503"; do
  set -- $check
  got="$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' "http://127.0.0.1:$1/orders")"
  [[ "$got" == "$2" ]] || { echo "port $1 answers $got, not $2" >&2; cat "$dir/error.log" "$dir/gateway.log" "$dir/gateway-down.log" "$dir/floor.log" >&2; exit 1; }
done

run() { # url -> "requests/s p99"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -H 'Accept: text/html' "$1" | awk '/Requests\/sec/ {r=$2} /^ +99%/ {p=$2} END {print r, p}'
}
echo "warm-up (the JVM's JIT needs about half a minute of load to reach its steady state)..." >&2
for p in "$nginx_port" "$haproxy_port" "$page_port"; do wrk -t2 -c"$connections" -d5s -H 'Accept: text/html' "http://127.0.0.1:$p/orders" > /dev/null; done
for p in "$gateway_port" "$down_port" "$floor_port"; do wrk -t2 -c"$connections" -d"${WARMUP:-30}s" -H 'Accept: text/html' "http://127.0.0.1:$p/orders" > /dev/null; done
ratio() { echo "$1 $2" | awk '{ printf "%.3f", $3/$1 }'; } # "r p" "r p" -> second rate / first rate
printf '%-6s %18s %18s %18s %18s %9s %9s %11s | %18s %18s %9s\n' round nginx haproxy gateway jvm-floor \
  gw/nginx gw/haproxy floor/nginx nginx-503 gateway-503 gw/nginx
for r in $(seq 1 "$rounds"); do
  n="$(run "http://127.0.0.1:$nginx_port/orders")"
  h="$(run "http://127.0.0.1:$haproxy_port/orders")"
  g="$(run "http://127.0.0.1:$gateway_port/orders")"
  f="$(run "http://127.0.0.1:$floor_port/orders")"
  np="$(run "http://127.0.0.1:$page_port/orders")"
  gp="$(run "http://127.0.0.1:$down_port/orders")"
  printf '%-6s %18s %18s %18s %18s %9s %9s %11s | %18s %18s %9s\n' "$r" "$n" "$h" "$g" "$f" \
    "$(ratio "$n" "$g")" "$(ratio "$h" "$g")" "$(ratio "$n" "$f")" "$np" "$gp" "$(ratio "$np" "$gp")"
done
echo "(each cell: requests/s and p99 latency; pass-through on the left, the maintenance page on the right)"
