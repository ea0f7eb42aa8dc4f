#!/usr/bin/env bash
# Runs the fuzz properties (hostile Accept, Forwarded and X-Forwarded-For, cookies, paths and exempt
# patterns, secret URLs, durations and times, admin API bodies, state files, buffer records) with many
# more tries than ./mvnw verify does. Usage: benchmarks/fuzz.sh [TRIES]   (default 200000 per property)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tries="${1:-200000}"
[[ "$tries" =~ ^[0-9]+$ ]] || { echo "fuzz: TRIES must be a number, such as 200000" >&2; exit 2; }
./mvnw -q -B -pl core,buffer,servlet,request-buffer -am install -DskipTests
./mvnw -B -pl core,buffer,servlet,request-buffer test -Djqwik.tries.default="$tries" \
  -Dtest='HostileInputProperties,AdminRequestProperties,AcceptHeaderProperties,BufferedRequestProperties,ClientAddressResolverProperties,BypassCookiesProperties,StateFileDecodingProperties,TornTailProperties,IpMatchingProperties' \
  -Dsurefire.failIfNoSpecifiedTests=false
