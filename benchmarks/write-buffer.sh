#!/usr/bin/env bash
# The write buffer's figures (BufferBenchmark), ROUNDS interleaved rounds, each: durable 1 KiB appends/s from 1, 4
# and 16 threads plus the disk's bound for 16 threads (16 x the rate of a 16 KiB write + fdatasync over allocated
# blocks), a fill of RECORDS records with 64 threads, then, in a fresh JVM as after a restart, the recovery of
# those records (every checksum verified) and their drain into a handler that does nothing. Prints each round,
# then min / median / max. DIR must be on the disk to measure (not tmpfs); the run works in a directory of its own
# inside it and deletes that after.
# Usage: [JAVA=/path/to/java] benchmarks/write-buffer.sh [ROUNDS=3] [SECONDS_PER_RUN=10] [RECORDS=1000000] [DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
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
echo "machine: $(nproc) cores, $(uname -sr); $("$java" -version 2>&1 | head -1); directory $dir on $(df -PT "$dir" | awk 'NR==2 {print $2 " " $1}')"
for r in $(seq 1 "$rounds"); do
  {
    "$java" -cp "$jar" dev.maintenance4j.benchmarks.BufferBenchmark appends "$seconds" "$dir/appends"
    "$java" -cp "$jar" dev.maintenance4j.benchmarks.BufferBenchmark fill "$records" "$dir/filled"
    "$java" -cp "$jar" dev.maintenance4j.benchmarks.BufferBenchmark recover "$dir/filled"
  } 2>/dev/null | awk -v r="$r" '{ print r, $1, $2 }' | tee -a "$results" | awk '{ printf "round %s  %-18s %14s\n", $1, $2, $3 }'
done
echo "summary over $rounds round(s): min / median / max (appends, fill, drain: records/s; recovery: seconds)"
sort -k2,2 -k3,3g "$results" | awk -v n="$rounds" '
  { v[$2] = v[$2] " " $3; c[$2]++ }
  END { for (k in v) { split(substr(v[k], 2), a, " "); printf "  %-18s %14s / %14s / %14s\n", k, a[1], a[int((c[k] + 1) / 2)], a[c[k]] } }' | sort
