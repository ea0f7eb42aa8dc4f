#!/usr/bin/env bash
# The durable-log comparison behind buffer/README.md's "why not a library": 1 KiB appends/s from 1 and 16
# threads into the write buffer, Tape's QueueFile, Chronicle Queue (as shipped, and with an msync per append)
# and the disk's own write + fdatasync rate, interleaved over ROUNDS rounds (DurableLogComparison).
# Usage: benchmarks/durable-logs.sh [SECONDS_PER_RUN=10] [ROUNDS=3] [DIR (on the disk to measure)]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. benchmarks/lib.sh
[[ "${1:-10}" =~ ^[0-9]+$ && "${2:-3}" =~ ^[0-9]+$ ]] || { echo "durable-logs: SECONDS_PER_RUN and ROUNDS are numbers, such as 10 3" >&2; exit 2; }
jar=benchmarks/target/benchmarks.jar
[[ -f "$jar" ]] || ./mvnw -q -B -pl benchmarks -am package -DskipTests
machine "${JAVA:-java}" ${3:+"$3"}
# Chronicle Queue reaches into the JDK's internals: these are the options its documentation lists for Java 17+
exec "${JAVA:-java}" \
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.lang.reflect=ALL-UNNAMED \
  --add-opens java.base/java.io=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED \
  --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-exports java.base/sun.nio.ch=ALL-UNNAMED \
  --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED --add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED \
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
  -cp "$jar" dev.maintenance4j.benchmarks.DurableLogComparison "${1:-10}" "${2:-3}" ${3:+"$3"}
