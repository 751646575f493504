#!/usr/bin/env bash
# The OpenMP engines on an idle and on a loaded machine: djl-pytorch and djl-mxnet through the SPI, each next to
# native PyTorch (bench/native/native_peer.py, Debian's python3-torch) in the same run, with OpenMP's wait policy at
# its default (idle team threads spin a while before sleeping) and passive (they sleep at once), with and without a
# second process busy on every core. The load is started and stopped by this script: one busy loop per processor,
# each killed by its PID at the end (also on Ctrl-C). Prints one table: load x policy x backend.
#
# Usage: bench/run-under-load.sh [backend ...]      (default: djl-pytorch djl-mxnet)
#   SIZE=28 BATCH=128 (one size); BENCH_ARGS passed to CpuThroughput (default "--rounds 5 --steps 3
#   --momentum 0.9 --weight-decay 5e-4", compare's quick profile); LOADS="idle loaded"; POLICIES="default passive".
#   Smoke: SIZE=28 BATCH=16 BENCH_ARGS="--model resnet-tiny --warmup 1 --rounds 1 --steps 1" bench/run-under-load.sh
#
# The policy reaches the engines through resnet-spi's own setting (RESNETSPI_OMP_WAIT, applied before the natives
# load) and native PyTorch through libgomp's OMP_WAIT_POLICY; "default" sets neither. Run it on an otherwise quiet
# machine: other processes would add their own, unknown, load to both columns.
set -euo pipefail
backends=("$@")
[ ${#backends[@]} -eq 0 ] && backends=(djl-pytorch djl-mxnet)
# shellcheck source=bench/classpath.sh
source "$(dirname "$0")/classpath.sh"
JAVA_OPTS=${JAVA_OPTS:-"-Xms2g -Xmx2g -Dai.djl.offline=true"}
SIZE=${SIZE:-28}
BATCH=${BATCH:-128}
BENCH_ARGS=${BENCH_ARGS:-"--rounds 5 --steps 3 --momentum 0.9 --weight-decay 5e-4"}
LOADS=${LOADS:-"idle loaded"}
POLICIES=${POLICIES:-"default passive"}
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null && [ -z "${RESNETSPI_PYTHON:-}" ]; then
  echo "error: native PyTorch is needed for the table's native column: install it with 'sudo apt-get install" \
       "python3-torch' (or set RESNETSPI_PYTHON to a Python with torch)" >&2
  exit 1
fi

load_pids=()
start_load() {
  for _ in $(seq "$(nproc)"); do
    ( while :; do :; done ) &
    load_pids+=("$!")
  done
  echo "load: ${#load_pids[@]} busy processes (PIDs ${load_pids[*]})"
}
stop_load() {
  for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${load_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  load_pids=()
}
trap stop_load EXIT INT TERM

# shellcheck source=bench/steal.sh
source bench/steal.sh
rows=()
for load in $LOADS; do
  [ "$load" = loaded ] && start_load
  for policy in $POLICIES; do
    for b in "${backends[@]}"; do
      echo "=== $b, $load machine, wait policy $policy, batch $BATCH at ${SIZE}x${SIZE}"
      env_args=()
      if [ "$policy" != default ]; then
        env_args=(RESNETSPI_OMP_WAIT="$policy" OMP_WAIT_POLICY="${policy^^}")
      fi
      steal_start
      # shellcheck disable=SC2086  # option lists
      out=$(env "${env_args[@]}" java $JAVA_OPTS -cp "$CP" io.github.resnetspi.bench.CpuThroughput --backend "$b" \
            --size "$SIZE" --batch "$BATCH" --native-channels-last off $BENCH_ARGS 2>&1 \
            | grep --line-buffered -v '^SLF4J' | tee -a /dev/stderr) || true
      steal=$(steal_pct)
      rows+=("load=$load policy=$policy $(grep '^RESULT' <<<"$out" | head -1 || echo "RESULT backend=$b failed") steal_pct=$steal")
    done
  done
  [ "$load" = loaded ] && stop_load
done
echo
echo "=== under load: images/s through the SPI and of native PyTorch in the same run (median of the rounds);"
echo "    ratio = ours / native (median of the rounds' ratios); steal = CPU time the host gave to other guests"
printf "%-7s %-8s %-12s %12s %12s %8s %7s\n" load policy backend "ours img/s" "native img/s" ratio "steal %"
for r in "${rows[@]}"; do
  echo "$r" | awk '
    function f(k) { return (k in v) ? v[k] : "-" }
    { for (i = 1; i <= NF; i++) { if (split($i, kv, "=") == 2) v[kv[1]] = kv[2] }
      printf "%-7s %-8s %-12s %12s %12s %8s %7s\n", f("load"), f("policy"), f("backend"), f("spi_img_s"),
             f("native_img_s"), f("ratio_native"), f("steal_pct") }'
done
