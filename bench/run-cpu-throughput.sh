#!/usr/bin/env bash
# CPU training throughput of each backend on the class path through the SPI, next to the same network trained
# directly on the engine, one JVM per backend (engines' native libraries never share a process).
# Usage: bench/run-cpu-throughput.sh [backend ...]   (default: every backend bench depends on)
# Extra CpuThroughput options via BENCH_ARGS, e.g. BENCH_ARGS="--rounds 7 --steps 3".
set -euo pipefail
backends=("$@")
# shellcheck source=bench/classpath.sh
source "$(dirname "$0")/classpath.sh"
JAVA_OPTS=${JAVA_OPTS:-"-Xms2g -Xmx2g -Dai.djl.offline=true"}
for b in "${backends[@]}"; do
  echo "=== $b"
  # shellcheck disable=SC2086  # option lists
  java $JAVA_OPTS -cp "$CP" io.github.resnetspi.bench.CpuThroughput --backend "$b" ${BENCH_ARGS:-} 2>&1 | grep --line-buffered -v '^SLF4J'
done
