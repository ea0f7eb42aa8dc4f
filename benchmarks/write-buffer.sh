#!/usr/bin/env bash
# The write buffer's figures (BufferBenchmark), ROUNDS interleaved rounds, each: durable 1 KiB appends/s from 1, 4
# and 16 threads plus the disk's bound for 16 threads (16 x the rate of a 16 KiB write + fdatasync over allocated
# blocks), a fill of RECORDS records with 64 threads, then, in a fresh JVM as after a restart, the recovery of
# those records (every checksum verified) and their drain into a handler that does nothing. Prints each round,
# then min / median / max. DIR must be on the disk to measure (not tmpfs); the run works in a directory of its own
# inside it and deletes that after.
# RECOVER_JAVA_OPTS: JVM options for the fresh JVM that opens and drains (such as a pre-touched heap).
# Usage: [JAVA=/path/to/java] [RECOVER_JAVA_OPTS=...] benchmarks/write-buffer.sh [ROUNDS=3] [SECONDS_PER_RUN=10] [RECORDS=1000000] [DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. benchmarks/lib.sh
rounds="${1:-3}"; seconds="${2:-10}"; records="${3:-1000000}"; parent="${4:-${TMPDIR:-/var/tmp}}"
[[ "$rounds" =~ ^[1-9][0-9]*$ && "$seconds" =~ ^[1-9][0-9]*$ && "$records" =~ ^[1-9][0-9]*$ ]] \
  || { echo "write-buffer: ROUNDS, SECONDS_PER_RUN and RECORDS are positive numbers, such as 3 10 1000000" >&2; exit 2; }
jar=benchmarks/target/benchmarks.jar
[[ -f "$jar" ]] || ./mvnw -q -B -pl benchmarks -am package -DskipTests
java="${JAVA:-java}"
mkdir -p "$parent"
dir="$(mktemp -d -p "$parent" write-buffer.XXXXXX)"
results="$(mktemp)"
trap 'rm -f "$results"; rm -rf "$dir"' EXIT
machine "$java" "$dir"
for r in $(seq 1 "$rounds"); do
  {
    "$java" -cp "$jar" dev.maintenance4j.benchmarks.BufferBenchmark appends "$seconds" "$dir/appends"
    "$java" -cp "$jar" dev.maintenance4j.benchmarks.BufferBenchmark fill "$records" "$dir/filled"
    # shellcheck disable=SC2086 # RECOVER_JAVA_OPTS holds several options
    "$java" ${RECOVER_JAVA_OPTS:-} -cp "$jar" dev.maintenance4j.benchmarks.BufferBenchmark recover "$dir/filled"
  } 2>/dev/null | awk -v r="$r" '{ print r, $1, $2 }' | tee -a "$results" | awk '{ printf "round %s  %-18s %14s\n", $1, $2, $3 }'
done
echo "summary over $rounds round(s): min / median / max (appends, fill, drain: records/s; recovery: seconds)"
summarize "$results"
