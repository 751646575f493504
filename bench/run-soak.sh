#!/usr/bin/env bash
# 2,000-step soak of resnet-tiny per backend, printing resident memory (VmRSS) every 100 steps; one JVM per backend.
# Usage: bench/run-soak.sh [backend ...]   (default: every backend bench depends on)
# Extra Soak options via SOAK_ARGS, e.g. SOAK_ARGS="--steps 500 --every 50".
set -euo pipefail
# Needs the modules installed first (./mvnw -B -DskipTests install).
# TensorFlow trains ~1.7x faster with oneDNN on AVX2 CPUs, where TF 2.18 leaves it off (backend-tensorflow/README.md).
export TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-1}"
cd "$(dirname "$0")/.."
./mvnw -q -B -pl bench package -DskipTests
./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="bench/target/classes:$(cat bench/target/bench.classpath)"
# A fixed, pre-touched heap and a capped direct-buffer pool keep Java's own memory out of the RSS trend.
JAVA_OPTS=${JAVA_OPTS:-"-Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:MaxDirectMemorySize=64m -Dai.djl.offline=true"}
backends=("$@")
if [ ${#backends[@]} -eq 0 ]; then
  mapfile -t backends < <(java -Dai.djl.offline=true -cp "$CP" io.github.resnetspi.bench.ListBackends)
fi
for b in "${backends[@]}"; do
  echo "=== $b"
  java $JAVA_OPTS -cp "$CP" io.github.resnetspi.bench.Soak --backend "$b" ${SOAK_ARGS:-} 2>&1 | grep --line-buffered -v '^SLF4J'
done
