#!/usr/bin/env bash
# CPU training throughput of each backend through the SPI, next to native Python PyTorch (bench/native/native_peer.py,
# Debian's python3-torch) and, for the DJL backends, the same network written directly on the engine, all in one run:
# one JVM per backend (engines' native libraries never share a process), each with its own native peer, at both
# sizes the d2l ResNet-18 is compared at: batch 32 at 1x96x96 (the chapter's resize) and batch 128 at 1x28x28
# (Fashion-MNIST as stored, what compare's default trains). Rounds alternate native, ours and direct.
# Usage: bench/run-cpu-throughput.sh [backend ...]   (default: every engine backend bench depends on)
# Extra CpuThroughput options via BENCH_ARGS, e.g. BENCH_ARGS="--rounds 7 --steps 3"; SIZES="96:32 28:128" (size:batch).
# Needs nothing set by hand: thread counts come from the neutral setting (-Dresnetspi.threads, default every processor).
set -euo pipefail
backends=("$@")
# shellcheck source=bench/classpath.sh
source "$(dirname "$0")/classpath.sh"
JAVA_OPTS=${JAVA_OPTS:-"-Xms2g -Xmx2g -Dai.djl.offline=true"}
SIZES=${SIZES:-"96:32 28:128"}
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null && [ -z "${RESNETSPI_PYTHON:-}" ]; then
  echo "note: no native PyTorch peer: /usr/bin/python3 cannot import torch; install it with"\
       "'sudo apt-get install python3-torch' (or set RESNETSPI_PYTHON to a Python with torch). Continuing without it."
fi
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) processors;" \
     "flags: $(grep -m1 flags /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|avx512f|avx512_vnni|avx512_bf16|amx_tile)$' | xargs)"
# shellcheck source=bench/steal.sh
source bench/steal.sh
results=()
for pair in $SIZES; do
  size=${pair%%:*}; batch=${pair##*:}
  for b in "${backends[@]}"; do
    echo "=== $b, batch $batch at 1x${size}x${size}"
    # shellcheck disable=SC2086  # option lists
    steal_start
    out=$(java $JAVA_OPTS -cp "$CP" io.github.resnetspi.bench.CpuThroughput --backend "$b" --size "$size" --batch "$batch" \
          ${BENCH_ARGS:-} 2>&1 | grep --line-buffered -v '^SLF4J' | tee -a /dev/stderr)
    steal=$(steal_pct)
    echo "steal: ${steal} % of the CPU time during this cell went to other guests of the host"
    results+=("$(grep '^RESULT' <<<"$out" || echo "RESULT backend=$b size=$size batch=$batch failed") steal_pct=$steal")
  done
done
echo
echo "=== summary: ours vs native PyTorch as d2l writes it (NCHW), vs native with torch.channels_last (cl), and vs the same"
echo "    network written directly on the engine: median throughput of the rounds; ratio = median of the rounds' ratios"
echo "    (range of the rounds; a >= 95 % confidence interval of that median)"
for r in "${results[@]}"; do
  echo "$r" | awk '
    function f(k) { return (k in v) ? v[k] : "-" }
    {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "%-12s b%-4s %3sx%-3s  ours %8s img/s  native %8s img/s  ratio %6s (%s; ci %s)   native cl %8s  ratio %6s (%s; ci %s)   direct %8s  ratio %6s (%s; ci %s)   steal %s %%\n",
      v["backend"], v["batch"], v["size"], v["size"], f("spi_img_s"), f("native_img_s"), f("ratio_native"),
      f("ratio_native_range"), f("ratio_native_ci"), f("native_cl_img_s"), f("ratio_native_cl"),
      f("ratio_native_cl_range"), f("ratio_native_cl_ci"), f("direct_img_s"), f("ratio_direct"),
      f("ratio_direct_range"), f("ratio_direct_ci"), f("steal_pct") }'
done
