#!/usr/bin/env bash
# Tests of scripts/build-torch-jni.sh that need no GPU and no real PyTorch: every prerequisite check and its message,
# the flavor/version/install-path derivation (from a minimal torch package layout made here, which has only the files
# the checks read), source staging and JNI-header generation, and that a build against a torch without C++ files
# fails at compilation with the compiler's error. The real build is exercised on a GPU host (docs/gpu.md).
#
# Usage: scripts/test-build-torch-jni.sh [--djl-src DIR]   (default DIR: ../shared/third_party/djl-0.35.1 next to the
# repository; tests that need it are skipped with a SKIP line when it is absent)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd -P)
SCRIPT=$HERE/build-torch-jni.sh
DJL_SRC=$(cd "$HERE/../.." && pwd -P)/shared/third_party/djl-0.35.1
if [[ ${1:-} == --djl-src ]]; then
    DJL_SRC=${2:?--djl-src needs a folder}
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/test-build-torch-jni.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

passed=0
failed=0
skipped=0
OUT=
RC=

# run ARGS...: runs the script with ARGS under the current environment; sets OUT (stdout+stderr) and RC.
run() {
    set +e
    OUT=$("$SCRIPT" "$@" 2>&1)
    RC=$?
    set -e
}

# expect NAME RC SUBSTRING...: the last run exited with RC and its output contains every SUBSTRING.
expect() {
    local name=$1 want_rc=$2
    shift 2
    local ok=true s
    [[ $RC == "$want_rc" ]] || ok=false
    for s in "$@"; do
        [[ $OUT == *"$s"* ]] || ok=false
    done
    if [[ $ok == true ]]; then
        passed=$((passed + 1))
        printf 'PASS  %s\n' "$name"
    else
        failed=$((failed + 1))
        printf 'FAIL  %s\n      wanted exit %s and: %s\n      got exit %s:\n%s\n' "$name" "$want_rc" "$*" "$RC" \
            "$(printf '%s\n' "$OUT" | sed 's/^/        | /')"
    fi
}

skip() {
    skipped=$((skipped + 1))
    printf 'SKIP  %s (%s)\n' "$1" "$2"
}

# A folder of links to every command on PATH except the named ones, to simulate a host that lacks them.
path_without() {
    local dir
    dir=$(mktemp -d "$TMP/path.XXXXXX")
    local -a entries
    IFS=: read -r -a entries <<<"$PATH"
    local d f name skip_it
    for d in "${entries[@]}"; do
        [[ -d $d ]] || continue
        for f in "$d"/*; do
            name=$(basename "$f")
            [[ -x $f && ! -e $dir/$name ]] || continue
            skip_it=false
            for excluded in "$@"; do
                [[ $name == "$excluded" ]] && skip_it=true
            done
            [[ $skip_it == true ]] || ln -s "$f" "$dir/$name"
        done
    done
    echo "$dir"
}

# fake_torch DIR VERSION CUDA [no-cmake]: the files of a torch package that the script's checks read.
fake_torch() {
    local site=$1 version=$2 cuda=$3
    local t=$site/torch
    mkdir -p "$t/lib" "$t/include/torch" "$t/share/cmake/Torch"
    : >"$t/share/cmake/Torch/TorchConfig.cmake"
    [[ ${4:-} == no-cmake ]] && rm -r "$t/share"
    local cuda_py=None
    [[ -n $cuda ]] && cuda_py="'$cuda'"
    cat >"$t/version.py" <<EOF
from typing import Optional
__all__ = ['__version__', 'debug', 'cuda', 'git_version', 'hip']
__version__ = '$version'
debug = False
cuda: Optional[str] = $cuda_py
git_version = 'test'
hip: Optional[str] = None
EOF
    printf 'from . import version\n__version__ = version.__version__\n' >"$t/__init__.py"
    echo "$t"
}

fake_cudnn() {
    mkdir -p "$1/nvidia/cudnn/include" "$1/nvidia/cudnn/lib"
    : >"$1/nvidia/cudnn/include/cudnn.h"
    : >"$1/nvidia/cudnn/lib/libcudnn.so.9"
}

# A stand-in nvcc that only answers --version, so CUDA checks do not depend on this host's toolkit.
fake_nvcc() {
    mkdir -p "$1"
    printf '#!/bin/sh\necho "Cuda compilation tools, release %s, V%s.0"\n' "$2" "$2" >"$1/nvcc"
    chmod +x "$1/nvcc"
    echo "$1/nvcc"
}

JDK_INCLUDE=
if [[ -n ${JAVA_HOME:-} && -f $JAVA_HOME/include/jni.h ]]; then
    JDK_INCLUDE=$JAVA_HOME/include
elif command -v javac >/dev/null 2>&1; then
    JDK_INCLUDE=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")/include
fi
HAVE_SRC=false
[[ -f $DJL_SRC/engines/pytorch/pytorch-native/CMakeLists.txt ]] && HAVE_SRC=true

SITE_CPU=$TMP/site-cpu
SITE_CUDA=$TMP/site-cuda
SITE_OLD=$TMP/site-old
SITE_STRIPPED=$TMP/site-stripped
fake_torch "$SITE_CPU" 2.11.0+cpu "" >/dev/null
fake_torch "$SITE_CUDA" 2.11.0+cu130 13.0 >/dev/null
fake_cudnn "$SITE_CUDA"
fake_torch "$SITE_OLD" 1.13.1 "" >/dev/null
fake_torch "$SITE_STRIPPED" 2.11.0 12.8 no-cmake >/dev/null
NVCC13=$(fake_nvcc "$TMP/cuda13/bin" 13.0)
NVCC12=$(fake_nvcc "$TMP/cuda12/bin" 12.8)
SRC_ARGS=(--djl-src "$DJL_SRC")

echo "== usage"
run --help
expect "--help prints usage and exits 0" 0 "Usage: build-torch-jni.sh" "--torch-dir" "--djl-src" "--check"
run --no-such-option
expect "an unknown option is a usage error (exit 2)" 2 "unknown option '--no-such-option'"
run --jobs zero
expect "--jobs must be a positive integer" 2 "--jobs needs a positive integer, got 'zero'"
run --torch-dir
expect "an option without its value is a usage error" 2 "option --torch-dir needs a value"

echo "== PyTorch"
if PYTHONPATH='' python3 -c 'import torch' >/dev/null 2>&1; then
    skip "python3 without torch" "the python3 on PATH has torch"
else
    PYTHONPATH='' run "${SRC_ARGS[@]}" --check
    expect "python3 without torch: says it cannot import torch and what to do" 1 \
        "cannot import torch" "No module named 'torch'" "pip install torch" "--torch-dir"
fi
run --python no-such-python3 --check
expect "a missing python: says it is not on PATH" 1 "no-such-python3 not found on PATH"
run --torch-dir "$TMP/nowhere" --check
expect "--torch-dir that does not exist" 1 "--torch-dir '$TMP/nowhere' does not exist"
run --torch-dir "$TMP" --check
expect "--torch-dir that is not a torch package" 1 "has no version.py"
PYTHONPATH=$SITE_OLD run "${SRC_ARGS[@]}" --check
expect "torch 1.x is refused (DJL 0.35.1's JNI targets 2.x)" 1 "torch 1.13.1 is too old"
PYTHONPATH=$SITE_STRIPPED run "${SRC_ARGS[@]}" --check
expect "a torch without its CMake config is refused" 1 "lacks share/cmake/Torch/TorchConfig.cmake"

echo "== build tools"
PATH=$(path_without cmake) PYTHONPATH=$SITE_CPU run "${SRC_ARGS[@]}" --check
expect "no cmake on PATH" 1 "cmake not found on PATH" "install cmake"
PATH=$(path_without make) PYTHONPATH=$SITE_CPU run "${SRC_ARGS[@]}" --check
expect "no make on PATH" 1 "make not found on PATH"
PATH=$(path_without c++ g++ clang++) CXX='' PYTHONPATH=$SITE_CPU run "${SRC_ARGS[@]}" --check
expect "no C++ compiler" 1 "no C++ compiler found"
CXX=no-such-c++ PYTHONPATH=$SITE_CPU run "${SRC_ARGS[@]}" --check
expect "CXX naming a missing compiler" 1 "the C++ compiler named by CXX ('no-such-c++') is not found"

echo "== JNI headers"
PATH=$(path_without javac) JAVA_HOME='' PYTHONPATH=$SITE_CPU run "${SRC_ARGS[@]}" --check
expect "no JDK: JNI headers not found" 1 "JNI headers not found" "--jni-include"
mkdir -p "$TMP/empty-include"
PYTHONPATH=$SITE_CPU run "${SRC_ARGS[@]}" --jni-include "$TMP/empty-include" --check
expect "--jni-include without jni.h" 1 "JNI headers not found (jni.h in $TMP/empty-include)"
mkdir -p "$TMP/half-include"
: >"$TMP/half-include/jni.h"
PYTHONPATH=$SITE_CPU run "${SRC_ARGS[@]}" --jni-include "$TMP/half-include" --check
expect "--jni-include without jni_md.h" 1 "jni_md.h not found"

echo "== DJL source"
PYTHONPATH=$SITE_CPU run --djl-src "$TMP/no-djl" --check
expect "--djl-src that does not exist" 1 "DJL source folder '$TMP/no-djl' does not exist"
mkdir -p "$TMP/not-djl"
PYTHONPATH=$SITE_CPU run --djl-src "$TMP/not-djl" --check
expect "--djl-src that is not DJL's source" 1 "is not DJL's source" "engines/pytorch/pytorch-native/CMakeLists.txt is missing"
if curl -fsSI --connect-timeout 10 -o /dev/null https://github.com 2>/dev/null; then
    skip "offline download message" "github.com is reachable from here"
else
    PYTHONPATH=$SITE_CPU run --check
    expect "no --djl-src while offline: says so and what to do" 1 "cannot download DJL 0.35.1's source" \
        "looks offline" "--djl-src DIR"
fi

echo "== CUDA"
if [[ $HAVE_SRC == true && -n $JDK_INCLUDE ]]; then
    PATH=$(path_without nvcc) CUDACXX='' CUDA_HOME=$TMP/no-cuda PYTHONPATH=$SITE_CUDA run "${SRC_ARGS[@]}" --check
    expect "CUDA torch without nvcc" 1 "is a CUDA 13.0 build but nvcc was not found" "install the CUDA 13.0 toolkit"
    rm -rf "$SITE_CUDA/nvidia"
    CUDACXX=$NVCC13 CUDA_HOME=$TMP/cuda13 PYTHONPATH=$SITE_CUDA run "${SRC_ARGS[@]}" --check
    expect "CUDA torch without cuDNN headers" 1 "cuDNN headers not found" "pip install nvidia-cudnn-cu13"
    fake_cudnn "$SITE_CUDA"
    CUDACXX=$NVCC12 CUDA_HOME=$TMP/cuda12 PYTHONPATH=$SITE_CUDA run "${SRC_ARGS[@]}" --check
    expect "nvcc of another CUDA major only warns" 0 "warning: nvcc is CUDA 12.8 but torch was built with CUDA 13.0"
    mkdir -p "$TMP/cudnn-headers-only/include"
    : >"$TMP/cudnn-headers-only/include/cudnn.h"
    CUDACXX=$NVCC13 PYTHONPATH=$SITE_CUDA run "${SRC_ARGS[@]}" --cudnn-dir "$TMP/cudnn-headers-only" --check
    expect "--cudnn-dir without the library" 1 "cuDNN library libcudnn.so* not found"
else
    skip "CUDA checks" "needs $DJL_SRC and a JDK"
fi

echo "== plan (--check with every prerequisite present)"
if [[ $HAVE_SRC == true && -n $JDK_INCLUDE ]]; then
    DJL_CACHE_DIR=$TMP/cache PYTHONPATH=$SITE_CPU run "${SRC_ARGS[@]}" --check
    expect "CPU torch: flavor cpu, install path, no CUDA flags" 0 "check passed" "(flavor cpu)" \
        "$TMP/cache/pytorch/2.11.0-cpu-linux-x86_64/0.35.1-libdjl_torch.so" "-DCMAKE_PREFIX_PATH=$SITE_CPU/torch/share/cmake"
    [[ $OUT != *USE_CUDA* ]] || { RC=99; expect "CPU plan has no -DUSE_CUDA" 0; }
    CUDACXX=$NVCC13 DJL_CACHE_DIR=$TMP/cache PYTHONPATH=$SITE_CUDA run "${SRC_ARGS[@]}" --check
    expect "CUDA 13.0 torch: flavor cu130, cuDNN from site-packages/nvidia" 0 "check passed" "(flavor cu130)" \
        "pytorch/2.11.0-cu130-linux-x86_64/0.35.1-libdjl_torch.so" "-DUSE_CUDA=1" \
        "-DCUDNN_INCLUDE_PATH=$SITE_CUDA/nvidia/cudnn/include" "-DCUDNN_LIBRARY_PATH=$SITE_CUDA/nvidia/cudnn/lib/libcudnn.so.9" \
        "-DJAVA_INCLUDE_PATH2=$JDK_INCLUDE/linux"
    CUDACXX=$NVCC13 PYTHONPATH='' run "${SRC_ARGS[@]}" --torch-dir "$SITE_CUDA/torch" --cache-dir "$TMP/c2" --check
    expect "--torch-dir reads version and CUDA from version.py without Python" 0 "check passed" \
        "torch:     2.11.0+cu130" "(flavor cu130)" "$TMP/c2/pytorch/2.11.0-cu130-linux-x86_64/0.35.1-libdjl_torch.so"
else
    skip "plan checks" "needs $DJL_SRC and a JDK"
fi

echo "== --print-env"
DJL_CACHE_DIR=$TMP/env-cache PYTHONPATH=$SITE_CUDA run --print-env
expect "--print-env before a build: says to build first" 1 "no DJL JNI built for torch 2.11.0+cu130 (cu130)" \
    "$TMP/env-cache/pytorch/2.11.0-cu130-linux-x86_64/0.35.1-libdjl_torch.so"
mkdir -p "$TMP/env-cache/pytorch/2.11.0-cu130-linux-x86_64"
: >"$TMP/env-cache/pytorch/2.11.0-cu130-linux-x86_64/0.35.1-libdjl_torch.so"
DJL_CACHE_DIR=$TMP/env-cache PYTHONPATH=$SITE_CUDA run --print-env
expect "--print-env after a build prints the exports" 0 "export PYTORCH_LIBRARY_PATH='$SITE_CUDA/torch/lib'" \
    "export PYTORCH_VERSION='2.11.0'" "export PYTORCH_FLAVOR='cu130'" "export DJL_CACHE_DIR='$TMP/env-cache'" \
    "-Dai.djl.offline=true"
exports=$(DJL_CACHE_DIR=$TMP/env-cache PYTHONPATH=$SITE_CUDA "$SCRIPT" --print-env 2>/dev/null)
OUT=$(eval "$exports"; printf '%s|%s|%s' "$PYTORCH_LIBRARY_PATH" "$PYTORCH_VERSION" "$PYTORCH_FLAVOR")
RC=0
expect "its stdout can be eval'd" 0 "$SITE_CUDA/torch/lib|2.11.0|cu130"

echo "== source preparation"
if [[ $HAVE_SRC == true ]]; then
    run --djl-src "$DJL_SRC" --prepare-src "$TMP/prepared"
    expect "--prepare-src copies the JNI source with its header" 0 "source ready in $TMP/prepared"
    for f in engines/pytorch/pytorch-native/CMakeLists.txt api/src/main/native/djl/utils.h \
        engines/pytorch/pytorch-native/build/include/ai_djl_pytorch_jni_PyTorchLibrary.h; do
        [[ -f $TMP/prepared/$f ]] || { RC=99; OUT="missing $f"; expect "--prepare-src staged $f" 0; }
    done
    # A source without the generated header: the script generates it with javac -h from PyTorchLibrary.java.
    if [[ -n $JDK_INCLUDE ]]; then
        nohdr=$TMP/no-header
        cp -R "$TMP/prepared" "$nohdr"
        rm "$nohdr/engines/pytorch/pytorch-native/build/include/ai_djl_pytorch_jni_PyTorchLibrary.h"
        run --djl-src "$nohdr" --prepare-src "$TMP/prepared2"
        expect "a source with neither header nor PyTorchLibrary.java is refused" 1 "has neither the generated JNI header"
        mkdir -p "$nohdr/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni"
        printf 'package ai.djl.pytorch.jni;\nfinal class PyTorchLibrary {\n    native boolean torchIsGradMode();\n}\n' \
            >"$nohdr/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
        run --djl-src "$nohdr" --prepare-src "$TMP/prepared2"
        expect "the JNI header is generated with javac -h when missing" 0 "generated engines/pytorch/pytorch-native/build/include"
        if ! grep -q 'Java_ai_djl_pytorch_jni_PyTorchLibrary_torchIsGradMode' \
            "$TMP/prepared2/engines/pytorch/pytorch-native/build/include/ai_djl_pytorch_jni_PyTorchLibrary.h" 2>/dev/null; then
            RC=99; OUT="generated header lacks the JNI symbol"; expect "generated header declares the native method" 0
        fi
        PATH=$(path_without javac) JAVA_HOME='' run --djl-src "$nohdr" --prepare-src "$TMP/prepared3"
        expect "no header and no javac: says how to prepare the source elsewhere" 1 "no javac is here to generate it" "--prepare-src DIR"
    else
        skip "JNI header generation" "no JDK here"
    fi
else
    skip "source preparation" "no DJL source at $DJL_SRC"
fi

echo "== build (real cmake + compiler against DJL's CMakeLists; the fake torch has no headers, so it must fail)"
if [[ $HAVE_SRC == true && -n $JDK_INCLUDE ]]; then
    PYTHONPATH=$SITE_CPU run "${SRC_ARGS[@]}" --cache-dir "$TMP/cache3" --build-dir "$TMP/build" --jobs 2
    expect "compilation errors are reported with the first error and the kept build folder" 1 "compilation failed" \
        "torch" "build folder kept for inspection: $TMP/build"
    [[ ! -e $TMP/cache3/pytorch ]] || { RC=99; OUT="something was installed"; expect "a failed build installs nothing" 0; }
else
    skip "build failure path" "needs $DJL_SRC and a JDK"
fi

printf '\n%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
[[ $failed -eq 0 ]]
