#!/usr/bin/env bash
# The request path's figures (JMH): the decision (GateBenchmark: off, and on with 1,000 allow-listed networks) and
# the servlet filter on mock requests (FilterBenchmark: off, blocked, and a hand-written servlet sending the same
# 503 page as the control). ROUNDS rounds of every benchmark, one fork each, so drift hits all alike; prints each
# round, then min / median / max of each score and of the differences the README quotes. Each fork runs with a
# fixed, pre-touched 1 GiB heap (the benchmarks' @Fork): with a growing heap, this VM's page reclaim made the
# allocating benchmarks swing between 50 ns and 5 µs per operation from one iteration to the next.
# Usage: [JAVA=/path/to/java] benchmarks/request-path.sh [ROUNDS=3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. benchmarks/lib.sh
rounds="${1:-3}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "request-path: ROUNDS is a positive number, such as 3" >&2; exit 2; }
jar=benchmarks/target/benchmarks.jar
[[ -f "$jar" ]] || ./mvnw -q -B -pl benchmarks -am package -DskipTests
java="${JAVA:-java}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
machine "$java"
for r in $(seq 1 "$rounds"); do
  "$java" -jar "$jar" 'GateBenchmark|FilterBenchmark' -f 1 -rf csv -rff "$work/round-$r.csv" > "$work/round-$r.log" 2>&1 \
    || { tail -20 "$work/round-$r.log" >&2; exit 1; }
  # "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
  awk -F, -v r="$r" 'NR > 1 { gsub(/"/, ""); sub(/.*\./, "", $1); printf "%s %s %.1f\n", r, $1, $5 }' "$work/round-$r.csv" \
    | tee -a "$work/scores" | awk '{ printf "round %s  %-32s %10s ns/op\n", $1, $2, $3 }'
  # what the README quotes: the blocked path's own cost over the hand-written 503, and the filter's cost while off
  awk -v r="$r" '$1 == r { s[$2] = $3 } END {
      printf "%s blocked-minus-by-hand %.1f\n", r, s["blockedBrowserGet"] - s["blockedResponseByHand"]
      printf "%s offGet-minus-response-object %.1f\n", r, s["offGet"] - s["responseObjectOnly"] }' "$work/scores" \
    | tee -a "$work/derived" | awk '{ printf "round %s  %-32s %10s ns\n", $1, $2, $3 }'
done
echo "summary over $rounds round(s): min / median / max, ns"
cat "$work/scores" "$work/derived" > "$work/all"
summarize "$work/all"
