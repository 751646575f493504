# shellcheck shell=bash
# Sourced by the bench scripts: builds the bench module with the modules it depends on, in the reactor (the working
# tree's code, nothing installed into ~/.m2), sets CP to its class path and, unless given as arguments, fills the
# array `backends` with every backend on it.
# TensorFlow trains ~1.7x faster with oneDNN on AVX2 CPUs, where TF 2.18 leaves it off (backend-tensorflow/README.md).
export TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-1}"
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# shellcheck source=scripts/onednn-isa.sh
source scripts/onednn-isa.sh
./mvnw -q -B -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="bench/target/classes:$(cat bench/target/bench.classpath)"
if [ ${#backends[@]} -eq 0 ]; then
  mapfile -t backends < <(java -Dai.djl.offline=true -cp "$CP" io.github.resnetspi.bench.ListBackends)
fi
