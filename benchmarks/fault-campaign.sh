#!/usr/bin/env bash
# The fault campaign (docs/reliability.md): three instances behind the servlet filter on one Redis, under
# HTTP load, two operators changing maintenance concurrently; Redis SIGKILLed and restarted empty, frozen
# with SIGSTOP, flushed; per fault: 5xx, acknowledged changes lost, versions reused, convergence, threads, fds.
# Usage: benchmarks/fault-campaign.sh [ROUNDS] [FREEZE_SECONDS]   (default 5 rounds, a 10 s freeze)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${1:-5}"
freeze="${2:-10}"
[[ "$rounds" =~ ^[0-9]+$ && "$freeze" =~ ^[0-9]+$ ]] || { echo "fault-campaign: ROUNDS and FREEZE_SECONDS are numbers, such as 5 10" >&2; exit 2; }
command -v redis-server > /dev/null || { echo "fault-campaign: redis-server is missing: apt-get install redis-server" >&2; exit 2; }
./mvnw -q -B -pl benchmarks -am package -DskipTests
java -cp benchmarks/target/benchmarks.jar dev.maintenance4j.benchmarks.FaultCampaign "$rounds" "$freeze" 2> "${TMPDIR:-/tmp}/fault-campaign.log"
echo "(logs: ${TMPDIR:-/tmp}/fault-campaign.log)"
