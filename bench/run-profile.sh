#!/usr/bin/env bash
# Where each backend's d2l ResNet-18 training step spends its time, at both compared sizes, next to native PyTorch:
# the engine's own op profile (libtorch's profiler, MXNet's profiler, TensorFlow's step statistics) summed into
# categories (convolutions, batch norm, pooling, element-wise, dense, loss, optimizer, layout/padding, copies), the DJL
# backends' step phases (input, forward, loss, backward, output, update; engine synchronised at each end), and
# torch.profiler's view of native PyTorch. One JVM per backend.
# Usage: bench/run-profile.sh [backend ...]; PROFILE_ARGS="--steps 5 --top 15"; SIZES="96:32 28:128" (size:batch).
set -euo pipefail
backends=("$@")
# shellcheck source=bench/classpath.sh
source "$(dirname "$0")/classpath.sh"
JAVA_OPTS=${JAVA_OPTS:-"-Xms2g -Xmx2g -Dai.djl.offline=true"}
SIZES=${SIZES:-"96:32 28:128"}
# MXNet bulks consecutive imperative ops into one "ImperativeBulk" profiler entry; unbulked, each op shows.
export MXNET_EXEC_BULK_EXEC_TRAIN=${MXNET_EXEC_BULK_EXEC_TRAIN:-0}
for pair in $SIZES; do
  size=${pair%%:*}; batch=${pair##*:}
  for b in "${backends[@]}"; do
    echo "=== $b, batch $batch at 1x${size}x${size}"
    # shellcheck disable=SC2086  # option lists
    java $JAVA_OPTS -cp "$CP" io.github.resnetspi.bench.StepProfile --backend "$b" --size "$size" --batch "$batch" \
      ${PROFILE_ARGS:-} 2>&1 | grep -v -E '^SLF4J|profiler_session|^I0000|^WARNING: All log'
  done
done
