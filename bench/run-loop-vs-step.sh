#!/usr/bin/env bash
# The training loop's own cost: `resnet-spi train`'s second-epoch examples/s next to the bench's step throughput
# (CpuThroughput's "spi" side: model.trainStep on one fixed batch) of the same engine, network, batch and update, in
# one run, alternating train and bench round by round so that a drift of the machine's speed hits both alike.
# train's examples/s counts only the time inside model.trainStep (see docs/cli.md); its epoch line also says how much
# the loop's own work between steps (batch preparation, metrics, progress) added. A ratio train/bench below 1 is what
# feeding real, changing batches costs inside the step (and GC, caches) beyond the bench's fixed batch.
#
# Usage: bench/run-loop-vs-step.sh [backend ...]   (default: every engine backend bench depends on)
#   ROUNDS=3; MODEL=d2l-resnet18 SIZE=28 (Fashion-MNIST's own size) BATCH=128; LIMIT_TRAIN=5120 (examples per epoch);
#   STEPS=10 (bench steps per round); DATA_DIR (Fashion-MNIST's directory, default the CLI's lookup).
#   Smoke: ROUNDS=1 LIMIT_TRAIN=64 BATCH=16 STEPS=2 bench/run-loop-vs-step.sh djl-pytorch
set -euo pipefail
backends=("$@")
# shellcheck source=bench/classpath.sh
source "$(dirname "$0")/classpath.sh"
./mvnw -q -B -pl cli -am package -DskipTests >/dev/null
CLI_CP="$(ls cli/target/resnet-spi-cli-*.jar | head -1):cli/target/lib/*"
JAVA_OPTS=${JAVA_OPTS:-"-Xms2g -Xmx2g -Dai.djl.offline=true"}
ROUNDS=${ROUNDS:-3}
MODEL=${MODEL:-d2l-resnet18}
SIZE=${SIZE:-28}
BATCH=${BATCH:-128}
LIMIT_TRAIN=${LIMIT_TRAIN:-5120}
STEPS=${STEPS:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data_args=()
[ -n "${DATA_DIR:-}" ] && data_args=(--data-dir "$DATA_DIR")
rows=()
for round in $(seq "$ROUNDS"); do
  for b in "${backends[@]}"; do
    echo "=== round $round, $b: train (2 epochs of $LIMIT_TRAIN examples), then bench ($STEPS steps)"
    # shellcheck disable=SC2086  # option lists
    java $JAVA_OPTS -cp "$CLI_CP" io.github.resnetspi.cli.Main train --backend "$b" --model "$MODEL" \
      --dataset fashion-mnist "${data_args[@]}" --epochs 2 --limit-train "$LIMIT_TRAIN" --limit-test "$BATCH" \
      --batch-size "$BATCH" --lr 0.1 --momentum 0.9 --weight-decay 5e-4 --result-json "$work/$b.json" \
      > "$work/$b.train.out" 2>&1 || { cat "$work/$b.train.out" >&2; exit 1; }
    grep '^epoch 2/2:' "$work/$b.train.out" >&2
    train_eps=$(/usr/bin/python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["history"][1]["examplesPerSecond"])' "$work/$b.json")
    loop=$(sed -n 's/^epoch 2\/2:.*added \([0-9.]*\) %.*/\1/p' "$work/$b.train.out")
    # shellcheck disable=SC2086
    out=$(java $JAVA_OPTS -cp "$CP" io.github.resnetspi.bench.CpuThroughput --backend "$b" --model "$MODEL" \
          --size "$SIZE" --batch "$BATCH" --momentum 0.9 --weight-decay 5e-4 --native off --warmup 2 --rounds 1 \
          --steps "$STEPS" 2>&1 | grep -v '^SLF4J')
    bench_eps=$(sed -n 's/^RESULT.* spi_img_s=\([0-9.]*\).*/\1/p' <<<"$out")
    [ -n "$bench_eps" ] || { echo "$out" >&2; exit 1; }
    rows+=("$round $b $train_eps $bench_eps ${loop:--}")
  done
done
echo
echo "=== loop vs step: train's second-epoch examples/s (time in training steps only) and the bench's step throughput"
echo "    of the same engine; loop % = what the loop's own work between steps added to the steps' time"
printf "%-5s %-12s %14s %14s %11s %7s\n" round backend "train ex/s" "bench img/s" train/bench "loop %"
for r in "${rows[@]}"; do
  read -r round b t s l <<<"$r"
  printf "%-5s %-12s %14s %14s %11s %7s\n" "$round" "$b" "$t" "$s" "$(awk -v t="$t" -v s="$s" 'BEGIN { printf "%.3f", t / s }')" "$l"
done
