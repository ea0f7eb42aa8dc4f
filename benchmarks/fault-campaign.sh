#!/usr/bin/env bash
# The fault campaign (docs/reliability.md): three instances behind the servlet filter on one shared store,
# under HTTP load, two operators changing maintenance concurrently; the store SIGKILLed and restarted, frozen
# with SIGSTOP, flushed (caches); per fault: 5xx, acknowledged changes lost, versions reused, convergence,
# threads, fds. Usage: benchmarks/fault-campaign.sh [ROUNDS] [FREEZE_SECONDS] [STORE...]
#   (default 5 rounds, a 10 s freeze, on redis, postgres and memcached)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. benchmarks/lib.sh
rounds="${1:-5}"
freeze="${2:-10}"
stores=("${@:3}")
((${#stores[@]})) || stores=(redis postgres memcached)
[[ "$rounds" =~ ^[0-9]+$ && "$freeze" =~ ^[0-9]+$ ]] || { echo "fault-campaign: ROUNDS and FREEZE_SECONDS are numbers, such as 5 10" >&2; exit 2; }
./mvnw -q -B -pl benchmarks -am package -DskipTests
machine java
for store in "${stores[@]}"; do
  java -cp benchmarks/target/benchmarks.jar dev.maintenance4j.benchmarks.FaultCampaign "$store" "$rounds" "$freeze" 2>> "${TMPDIR:-/tmp}/fault-campaign.log"
done
echo "(logs: ${TMPDIR:-/tmp}/fault-campaign.log)"
