#!/usr/bin/env bash
# CPU training throughput of each backend on the class path through the SPI, next to the same network trained
# directly on the engine, one JVM per backend (engines' native libraries never share a process).
# Usage: bench/run-cpu-throughput.sh [backend ...]   (default: every backend bench depends on)
# Extra CpuThroughput options via BENCH_ARGS, e.g. BENCH_ARGS="--rounds 7 --steps 3".
set -euo pipefail
# Needs the modules installed first (./mvnw -B -DskipTests install).
# TensorFlow trains ~1.7x faster with oneDNN on AVX2 CPUs, where TF 2.18 leaves it off (backend-tensorflow/README.md).
export TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-1}"
cd "$(dirname "$0")/.."
./mvnw -q -B -pl bench package -DskipTests
./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="bench/target/classes:$(cat bench/target/bench.classpath)"
JAVA_OPTS=${JAVA_OPTS:-"-Xms2g -Xmx2g -Dai.djl.offline=true"}
backends=("$@")
if [ ${#backends[@]} -eq 0 ]; then
  mapfile -t backends < <(java $JAVA_OPTS -cp "$CP" io.github.resnetspi.bench.ListBackends)
fi
for b in "${backends[@]}"; do
  echo "=== $b"
  java $JAVA_OPTS -cp "$CP" io.github.resnetspi.bench.CpuThroughput --backend "$b" ${BENCH_ARGS:-} 2>&1 | grep --line-buffered -v '^SLF4J'
done
