#!/usr/bin/env bash
# EVAL-mode inference of every backend next to native PyTorch, in one run: 'resnet-spi compare --task inference'
# (docs/cli.md, "Inference"): batch-1 latency p50/p90/p99 and throughput at a larger batch, from the same weights and
# input, each side in a process of its own, rounds rotating the order; every side's logits checked against the
# float64 reference. Writes the report (report.md, results.csv, results.json, latency.png) to OUT.
# Usage: bench/run-inference.sh [OUT]        (default OUT: inference-report-<UTC date>)
# Environment: MODEL (default d2l-resnet18), DATASET (fashion-mnist), RESIZE (96, the d2l chapter's size; 0 keeps
# 28x28), BACKENDS (comma-separated; default every engine backend found), THREADS (default every processor),
# INFERENCE_ARGS (more options, e.g. "--runs 500 --rounds 5 --weights ckpt.safetensors"),
# RESNETSPI (the launcher; default the repository's ./resnet-spi, which builds the project when needed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out=${1:-"inference-report-$(date -u +%Y%m%d-%H%M%S)"}
launcher=${RESNETSPI:-"$root/resnet-spi"}
args=(compare --task inference --model "${MODEL:-d2l-resnet18}" --dataset "${DATASET:-fashion-mnist}"
      --resize "${RESIZE:-96}" --threads "${THREADS:-$(nproc)}" --out "$out")
if [[ -n "${BACKENDS:-}" ]]; then args+=(--backends "$BACKENDS"); fi
if ! "${RESNETSPI_PYTHON:-/usr/bin/python3}" -c 'import torch' 2>/dev/null; then
  echo "note: native PyTorch will be a failed row: ${RESNETSPI_PYTHON:-/usr/bin/python3} cannot import torch; install it"\
       "with 'sudo apt-get install python3-torch' (or set RESNETSPI_PYTHON to a Python with torch)"
fi
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) processors;" \
     "flags: $(grep -m1 flags /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|avx512f|avx512_vnni|avx512_bf16|amx_tile)$' | xargs)"
# shellcheck disable=SC2086  # INFERENCE_ARGS is an option list
"$launcher" "${args[@]}" ${INFERENCE_ARGS:-}
