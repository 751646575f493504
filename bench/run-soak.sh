#!/usr/bin/env bash
# 2,000-step soak of resnet-tiny per backend, printing resident memory (VmRSS) every 100 steps; one JVM per backend.
# Usage: bench/run-soak.sh [backend ...]   (default: every backend bench depends on)
# Extra Soak options via SOAK_ARGS, e.g. SOAK_ARGS="--steps 500 --every 50".
set -euo pipefail
backends=("$@")
# shellcheck source=bench/classpath.sh
source "$(dirname "$0")/classpath.sh"
# A fixed, pre-touched heap and a capped direct-buffer pool keep Java's own memory out of the RSS trend.
JAVA_OPTS=${JAVA_OPTS:-"-Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:MaxDirectMemorySize=64m -Dai.djl.offline=true"}
for b in "${backends[@]}"; do
  echo "=== $b"
  # shellcheck disable=SC2086  # option lists
  java $JAVA_OPTS -cp "$CP" io.github.resnetspi.bench.Soak --backend "$b" ${SOAK_ARGS:-} 2>&1 | grep --line-buffered -v '^SLF4J'
done
