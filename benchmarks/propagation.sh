#!/usr/bin/env bash
# Propagation between instances (PropagationBenchmark): from the start of a write through one store to the
# moment another instance's view applied it, on Redis (pub/sub), PostgreSQL (LISTEN/NOTIFY, fsync on), the file
# store (directory watch), Memcached and Redis without push (polling every second). Real servers started from
# the installed binaries on free ports; every store once per round, ROUNDS rounds; per-round p50/p99/max and
# the write/delivery split, then min / median / max over the rounds. Logs go to a file, not the terminal.
# Needs: redis-server, postgresql, memcached (apt-get install redis-server postgresql memcached).
# Usage: [JAVA=/path/to/java] benchmarks/propagation.sh [ROUNDS=3] [CHANGES=200] [STORE...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. benchmarks/lib.sh
[[ "${1:-3}" =~ ^[1-9][0-9]*$ && "${2:-200}" =~ ^[1-9][0-9]*$ ]] || { echo "propagation: ROUNDS and CHANGES are positive numbers, such as 3 200" >&2; exit 2; }
jar=benchmarks/target/benchmarks.jar
[[ -f "$jar" ]] || ./mvnw -q -B -pl benchmarks -am package -DskipTests
log="$(mktemp --suffix=.log)"
machine "${JAVA:-java}"
echo "server logs: $log" >&2
"${JAVA:-java}" -cp "$jar" dev.maintenance4j.benchmarks.PropagationBenchmark "$@" 2> "$log"
