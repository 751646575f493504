#!/usr/bin/env bash
# GPU benchmark driver (docs/gpu.md, "GPU benchmark protocol"). Two modes:
#
#   run-gpu-bench.sh --stage         on a build machine (JDK + Maven + the installed modules): puts in --stage-dir
#                                    (default .gpu/ at the repository root, git-ignored) a small Java runtime (jlink)
#                                    and the jars the benchmark and the CLI need, without any engine natives (the GPU
#                                    host's torch is used through PYTORCH_LIBRARY_PATH), with --with-data also
#                                    Fashion-MNIST;
#   run-gpu-bench.sh [options]       on the GPU host: runs our training step (GpuTrainStepBenchmark on djl-pytorch)
#                                    and the native PyTorch eager reference (native_resnet18.py) in this one
#                                    invocation, prints images/s of both and "ratio X.XX" (ours / native), then the
#                                    end-to-end time of one Fashion-MNIST epoch through the CLI.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd -P)
ROOT=$(cd "$HERE/../.." && pwd -P)
PROG=$(basename "$0")
readonly HERE ROOT PROG
BENCH_MAIN=io.github.resnetspi.bench.gpu.GpuTrainStepBenchmark
# Engine natives never travel: the GPU host's own torch is loaded through PYTORCH_LIBRARY_PATH and the JNI built by
# scripts/build-torch-jni.sh; MXNet and TensorFlow have no part in this benchmark.
EXCLUDED_JARS='pytorch-native-*|pytorch-jni-*|mxnet-*|resnet-spi-backend-djl-mxnet-*|tensorflow-*|resnet-spi-backend-tensorflow-*|ndarray-*|protobuf-java-*|javacpp-*'

usage() {
    cat <<EOF
Usage:
  $PROG --stage [--stage-dir DIR] [--with-data]   (build machine) stage a Java runtime and jars
  $PROG [options]                                 (GPU host) run the benchmark

  --stage-dir DIR   the staged folder (default: $ROOT/.gpu); a run uses its jre/ unless --java is given, and its
                    data/ (RESNETSPI_DATA) for the epoch unless RESNETSPI_DATA is set
  --with-data       (with --stage) copy Fashion-MNIST from \$RESNETSPI_DATA or /usr/share/datasets into DIR/data

Options of a run:
  --java EXE        java to run (default: DIR/jre/bin/java, else java on PATH)
  --python EXE      Python with CUDA PyTorch (default: python3)
  --batch N         batch size (default 256)
  --warmup N        warm-up steps (default 15)
  --steps N         timed steps (default 60)
  --repeats N       alternate ours and native N times, report the median of each (default 1)
  --device D        our device (default gpu); "cpu" makes a smoke run of this driver on a machine without GPU (both
                    sides on the CPU, no JNI variables; the staged jars must then include pytorch-native-cpu and
                    pytorch-jni); its numbers are not the GPU protocol
  --cudnn-benchmark let cuDNN autotune convolutions on both sides (-Dai.djl.pytorch.cudnn_benchmark=true for ours,
                    torch.backends.cudnn.benchmark for native); off by default on both, as both libraries default
  --out DIR         where raw results go (default: DIR/results/<UTC time>)
  --no-epoch        skip the end-to-end epoch through the CLI
  --epoch-args "…"  arguments of the CLI for the epoch (default: train --backend djl-pytorch --model d2l-resnet18
                    --dataset fashion-mnist --epochs 1 --batch-size 256 --lr 0.05 --resize 96 --device gpu)
  -h, --help        this help

PYTORCH_LIBRARY_PATH, PYTORCH_VERSION and PYTORCH_FLAVOR are taken from the environment, else from
scripts/build-torch-jni.sh --print-env for the torch that --python imports.
EOF
}

die() {
    printf '%s: error: %s\n' "$PROG" "$*" >&2
    exit 1
}

info() {
    printf '%s: %s\n' "$PROG" "$*" >&2
}

usage_error() {
    printf '%s: %s (see --help)\n' "$PROG" "$*" >&2
    exit 2
}

excluded() {
    local name=$1 pattern
    local -a patterns
    IFS='|' read -r -a patterns <<<"$EXCLUDED_JARS"
    for pattern in "${patterns[@]}"; do
        # shellcheck disable=SC2053 # the right side is a glob on purpose
        [[ $name == $pattern ]] && return 0
    done
    return 1
}

# stage_module MODULE DIR: the module's jar and its runtime dependencies, without engine natives, into DIR.
stage_module() {
    local module=$1 dir=$2
    local jar
    jar=$(find "$ROOT/$module/target" -maxdepth 1 -name "resnet-spi-$module-*.jar" ! -name '*-sources.jar' \
        ! -name '*-tests.jar' 2>/dev/null | head -n 1)
    [[ -n $jar ]] || return 1
    rm -rf "$dir"
    mkdir -p "$dir"
    mvn -o -q -B -f "$ROOT/pom.xml" -pl "$module" dependency:copy-dependencies -DincludeScope=runtime \
        "-DoutputDirectory=$dir" >&2 \
        || die "mvn dependency:copy-dependencies failed for $module (run once without -o to fetch the plugin)"
    cp "$jar" "$dir/"
    local f
    for f in "$dir"/*.jar; do
        if excluded "$(basename "$f")"; then rm -f "$f"; fi
    done
}

stage() {
    local dir=$1 with_data=$2
    command -v mvn >/dev/null 2>&1 || die "mvn not found: --stage runs on a build machine with Maven and a JDK"
    command -v jlink >/dev/null 2>&1 || die "jlink not found: --stage needs a JDK 17 (not a JRE)"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
    stage_module bench "$dir/lib/bench" \
        || die "bench jar not built: cd $ROOT && mvn -o -q -B -pl bench install -DskipTests (after the backends are installed)"
    info "staged $(find "$dir/lib/bench" -name '*.jar' | wc -l) jars for the benchmark in $dir/lib/bench"
    if stage_module cli "$dir/lib/cli"; then
        local main_class cli_jar
        cli_jar=$(find "$dir/lib/cli" -maxdepth 1 -name 'resnet-spi-cli-*.jar' | head -n 1)
        main_class=$(unzip -p "$cli_jar" META-INF/MANIFEST.MF 2>/dev/null | sed -n 's/^Main-Class: *\([^[:space:]]*\).*/\1/p')
        # Without a manifest entry, the CLI's picocli entry point (cli/src/main/java/.../cli/Main.java).
        if [[ -z $main_class ]] && unzip -l "$cli_jar" 2>/dev/null | grep -q 'io/github/resnetspi/cli/Main.class'; then
            main_class=io.github.resnetspi.cli.Main
        fi
        [[ -n $main_class ]] || die "cannot find the CLI's main class in $cli_jar: cannot run the epoch benchmark"
        printf '%s\n' "$main_class" >"$dir/lib/cli/MAIN_CLASS"
        info "staged the CLI ($main_class) in $dir/lib/cli"
    else
        info "cli jar not built: the end-to-end epoch will be skipped (build it: mvn -o -q -B -pl cli install -DskipTests)"
        rm -rf "$dir/lib/cli"
    fi
    # The runtime holds only the modules the jars use; jdeps finds them, with the recipe's list as a floor.
    local modules=java.base,java.logging,java.management,jdk.unsupported,java.naming,java.xml found
    if found=$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps "$dir"/lib/*/*.jar 2>/dev/null); then
        modules=$modules,$found
    fi
    rm -rf "$dir/jre"
    jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$dir/jre" \
        || die "jlink failed for modules $modules"
    info "Java runtime ($modules) in $dir/jre: $(du -sh "$dir/jre" | cut -f1)"
    if [[ $with_data == true ]]; then
        local src
        for src in "${RESNETSPI_DATA:-/nonexistent}/fashion-mnist" "${RESNETSPI_DATA:-/nonexistent}" /usr/share/datasets/fashion-mnist; do
            if [[ -f $src/train-images-idx3-ubyte.gz ]]; then
                mkdir -p "$dir/data/fashion-mnist"
                cp "$src"/*-ubyte.gz "$dir/data/fashion-mnist/"
                info "copied Fashion-MNIST from $src to $dir/data/fashion-mnist"
                break
            fi
        done
        [[ -d $dir/data/fashion-mnist ]] || die "--with-data: no Fashion-MNIST found (set RESNETSPI_DATA or install Debian's dataset-fashion-mnist)"
    fi
    info "copy the repository (with $dir) to the GPU host and run: bench/gpu/$PROG"
}

# ---------------------------------------------------------------------------------------------- arguments
STAGE_DIR=$ROOT/.gpu
MODE=run
WITH_DATA=false
JAVA_BIN=
PYTHON=python3
BATCH=256
WARMUP=15
STEPS=60
REPEATS=1
DEVICE=gpu
OUT_DIR=
EPOCH=true
CUDNN_BENCHMARK=false
EPOCH_ARGS="train --backend djl-pytorch --model d2l-resnet18 --dataset fashion-mnist --epochs 1 --batch-size 256 --lr 0.05 --resize 96 --device gpu"

need_value() {
    [[ $# -ge 2 && -n $2 ]] || usage_error "option $1 needs a value"
}

positive() {
    [[ $2 =~ ^[1-9][0-9]*$ ]] || usage_error "$1 needs a positive integer, got '$2'"
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --stage) MODE=stage; shift ;;
        --with-data) WITH_DATA=true; shift ;;
        --stage-dir) need_value "$@"; STAGE_DIR=$2; shift 2 ;;
        --java) need_value "$@"; JAVA_BIN=$2; shift 2 ;;
        --python) need_value "$@"; PYTHON=$2; shift 2 ;;
        --batch) need_value "$@"; positive "$1" "$2"; BATCH=$2; shift 2 ;;
        --warmup) need_value "$@"; [[ $2 =~ ^[0-9]+$ ]] || usage_error "--warmup needs an integer >= 0"; WARMUP=$2; shift 2 ;;
        --steps) need_value "$@"; positive "$1" "$2"; STEPS=$2; shift 2 ;;
        --repeats) need_value "$@"; positive "$1" "$2"; REPEATS=$2; shift 2 ;;
        --device) need_value "$@"; DEVICE=$2; shift 2 ;;
        --out) need_value "$@"; OUT_DIR=$2; shift 2 ;;
        --no-epoch) EPOCH=false; shift ;;
        --cudnn-benchmark) CUDNN_BENCHMARK=true; shift ;;
        --epoch-args) need_value "$@"; EPOCH_ARGS=$2; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) usage_error "unknown option '$1'" ;;
    esac
done

if [[ $MODE == stage ]]; then
    stage "$STAGE_DIR" "$WITH_DATA"
    exit 0
fi

# ---------------------------------------------------------------------------------------------- environment
if [[ -z $JAVA_BIN ]]; then
    if [[ -x $STAGE_DIR/jre/bin/java ]]; then
        JAVA_BIN=$STAGE_DIR/jre/bin/java
    elif command -v java >/dev/null 2>&1; then
        JAVA_BIN=$(command -v java)
    else
        die "no Java: stage one on a build machine ($PROG --stage) and copy $STAGE_DIR here, or pass --java EXE"
    fi
fi
[[ -d $STAGE_DIR/lib/bench ]] || die "$STAGE_DIR/lib/bench not found: run '$PROG --stage' on a build machine and copy the folder here (or pass --stage-dir)"
command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found: pass --python with the Python that has CUDA PyTorch"
NATIVE_DEVICE=cuda
if [[ $DEVICE == cpu ]]; then
    NATIVE_DEVICE=cpu
    "$PYTHON" -c 'import torch' 2>/dev/null || die "$PYTHON cannot import torch: pass --python with a Python that has PyTorch"
    info "CPU smoke run: checks the driver end to end; the figures are not the GPU protocol's"
else
    "$PYTHON" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 3)' 2>/dev/null \
        || die "$PYTHON cannot import torch or torch sees no GPU: run on the GPU host, in the environment with CUDA PyTorch (or --device cpu for a smoke run)"
    if [[ -z ${PYTORCH_LIBRARY_PATH:-} || -z ${PYTORCH_VERSION:-} || -z ${PYTORCH_FLAVOR:-} ]]; then
        exports=$("$ROOT/scripts/build-torch-jni.sh" --python "$PYTHON" --print-env) \
            || die "DJL's JNI is not built for this torch: run scripts/build-torch-jni.sh --djl-src DIR first (docs/gpu.md)"
        eval "$exports"
    fi
    info "PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH PYTORCH_VERSION=$PYTORCH_VERSION PYTORCH_FLAVOR=$PYTORCH_FLAVOR"
fi

if [[ -z ${RESNETSPI_DATA:-} && -d $STAGE_DIR/data ]]; then
    export RESNETSPI_DATA=$STAGE_DIR/data
fi
OUT_DIR=${OUT_DIR:-$STAGE_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT_DIR"
JAVA_OPTS=(-Dai.djl.offline=true)
NATIVE_OPTS=()
if [[ $CUDNN_BENCHMARK == true ]]; then
    JAVA_OPTS+=(-Dai.djl.pytorch.cudnn_benchmark=true)
    NATIVE_OPTS+=(--cudnn-benchmark)
fi

gpu_name=unknown
driver=unknown
if command -v nvidia-smi >/dev/null 2>&1; then
    IFS=, read -r gpu_name driver < <(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | head -n 1)
    driver=${driver# }
fi
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "gpu: $gpu_name, driver $driver"
    echo "java: $("$JAVA_BIN" -version 2>&1 | head -n 1)"
    echo "torch: $("$PYTHON" -c 'import torch; print(torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version())')"
    echo "protocol: d2l-resnet18 1x96x96, 10 classes, SGD lr 0.05, batch $BATCH, $WARMUP warm-up + $STEPS timed steps, $REPEATS repeat(s), cuDNN benchmark $CUDNN_BENCHMARK"
} | tee "$OUT_DIR/environment.txt" >&2

# ---------------------------------------------------------------------------------------------- training step
run_ours() {
    "$JAVA_BIN" "${JAVA_OPTS[@]}" -cp "$STAGE_DIR/lib/bench/*" "$BENCH_MAIN" --device "$DEVICE" \
        --batch "$BATCH" --warmup "$WARMUP" --steps "$STEPS" 2>>"$OUT_DIR/ours.log" | tail -n 1
}

run_native() {
    "$PYTHON" "$HERE/native_resnet18.py" --device "$NATIVE_DEVICE" --batch "$BATCH" --warmup "$WARMUP" --steps "$STEPS" \
        "${NATIVE_OPTS[@]}" "$@" \
        2>>"$OUT_DIR/native.log" | tail -n 1
}

: >"$OUT_DIR/ours.jsonl"
: >"$OUT_DIR/native.jsonl"
for ((i = 1; i <= REPEATS; i++)); do
    info "repeat $i/$REPEATS: ours (djl-pytorch through the SPI)"
    line=$(run_ours) || die "our benchmark failed; see $OUT_DIR/ours.log: $(tail -n 3 "$OUT_DIR/ours.log" | tr '\n' ' ')"
    echo "$line" >>"$OUT_DIR/ours.jsonl"
    info "repeat $i/$REPEATS: native PyTorch eager"
    line=$(run_native) || die "the native reference failed; see $OUT_DIR/native.log: $(tail -n 3 "$OUT_DIR/native.log" | tr '\n' ' ')"
    echo "$line" >>"$OUT_DIR/native.jsonl"
done
info "native variants (for the record, not in the ratio): channels_last, and fetching loss + logits every step"
run_native --channels-last >"$OUT_DIR/native-channels-last.jsonl" || info "channels_last run failed (see native.log)"
run_native --fetch-outputs >"$OUT_DIR/native-fetch-outputs.jsonl" || info "fetch-outputs run failed (see native.log)"

"$PYTHON" "$HERE/summarize.py" "$OUT_DIR" | tee "$OUT_DIR/summary.txt"

# ---------------------------------------------------------------------------------------------- epoch
if [[ $EPOCH == true ]]; then
    if [[ -f $STAGE_DIR/lib/cli/MAIN_CLASS ]]; then
        cli_main=$(cat "$STAGE_DIR/lib/cli/MAIN_CLASS")
        read -r -a epoch_args <<<"$EPOCH_ARGS"
        info "end-to-end epoch: $cli_main ${epoch_args[*]}"
        start_ns=$(date +%s%N)
        "$JAVA_BIN" "${JAVA_OPTS[@]}" -cp "$STAGE_DIR/lib/cli/*" "$cli_main" "${epoch_args[@]}" \
            >"$OUT_DIR/epoch.log" 2>&1 || die "the CLI epoch run failed; see $OUT_DIR/epoch.log"
        elapsed_ms=$((($(date +%s%N) - start_ns) / 1000000))
        grep -i 'epoch\|examples/sec' "$OUT_DIR/epoch.log" | tail -n 3 | tee -a "$OUT_DIR/summary.txt" || true
        printf 'end-to-end: %d.%03d s wall for the CLI process (JVM start, data loading, one epoch and its test pass; the CLI line above times the epoch alone)\n' \
            $((elapsed_ms / 1000)) $((elapsed_ms % 1000)) | tee -a "$OUT_DIR/summary.txt"
    else
        info "no CLI staged ($STAGE_DIR/lib/cli): end-to-end epoch skipped"
    fi
fi
info "results in $OUT_DIR"
