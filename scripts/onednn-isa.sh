# shellcheck shell=bash
# Sourced by .ci/run, the resnet-spi launcher and bench/classpath.sh. oneDNN (inside libtorch, MXNet and TensorFlow,
# and inside native PyTorch) sizes its AVX2 and AVX-512 kernels from the CPU's cache hierarchy (cpuid leaves 4 and
# 0x8000001D). Some virtual machines report none (no /sys/devices/system/cpu/cpu0/cache): those kernels then divide by
# zero, crash, or compute wrong convolutions. There, unless the user chose an ISA, cap oneDNN at SSE4.1, whose kernels
# do not read the cache sizes (slower, but correct). README.md's ONEDNN_MAX_CPU_ISA row says more.
if [[ -z "${ONEDNN_MAX_CPU_ISA:-}" && "$(uname -m)" == x86_64 && ! -d /sys/devices/system/cpu/cpu0/cache ]]; then
  export ONEDNN_MAX_CPU_ISA=SSE41
  echo "note: this CPU reports no cache hierarchy; oneDNN capped at SSE4.1 (ONEDNN_MAX_CPU_ISA=SSE41) so that" \
       "libtorch, MXNet and TensorFlow compute correctly here (README.md, 'Properties and environment variables')" >&2
fi
