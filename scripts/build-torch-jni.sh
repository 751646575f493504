#!/usr/bin/env bash
# Builds DJL's PyTorch JNI (libdjl_torch.so) against a PyTorch that is already installed (typically the CUDA
# PyTorch of a Python environment on a GPU host) and installs it where DJL looks for it, so that the djl-pytorch
# backend runs on that torch, offline, with PYTORCH_LIBRARY_PATH / PYTORCH_VERSION / PYTORCH_FLAVOR.
# Why: Maven Central has no CUDA build of DJL's libtorch, and DJL's prebuilt CUDA JNI only links against the torch
# version it was built for. See docs/gpu.md.
set -euo pipefail

readonly DJL_VERSION=0.35.1
readonly DJL_ARCHIVE_URL="https://github.com/deepjavalibrary/djl/archive/refs/tags/v${DJL_VERSION}.tar.gz"
readonly NATIVE_DIR=engines/pytorch/pytorch-native
readonly UTILS_DIR=api/src/main/native
readonly JNI_HEADER=build/include/ai_djl_pytorch_jni_PyTorchLibrary.h
readonly JNI_JAVA=engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java
PROG=$(basename "$0")
readonly PROG

usage() {
    cat <<EOF
Usage: $PROG [options]

Builds DJL ${DJL_VERSION}'s PyTorch JNI (libdjl_torch.so) against an installed PyTorch and installs it as
  \$DJL_CACHE_DIR/pytorch/<torch version>-<flavor>-linux-<arch>/${DJL_VERSION}-libdjl_torch.so
(flavor cuXYZ from torch.version.cuda, or cpu). On success it prints on stdout the variables to export, so
  eval "\$($PROG ...)"
sets them in the calling shell; run java with -Dai.djl.offline=true. Messages go to stderr.

Options:
  --python EXE        Python whose 'import torch' is used (default: python3 on PATH)
  --torch-dir DIR     the torch package folder (.../site-packages/torch, with lib/, include/, share/cmake/Torch)
                      instead of asking Python; version and CUDA are read from DIR/version.py
  --djl-src DIR       DJL ${DJL_VERSION} source folder (needs ${NATIVE_DIR}/ and ${UTILS_DIR}/);
                      default: download ${DJL_ARCHIVE_URL}
  --jni-include DIR   folder with jni.h (and jni_md.h in DIR/linux or DIR); default: \$JAVA_HOME/include,
                      else the JDK of the javac on PATH
  --cudnn-dir DIR     cuDNN with include/cudnn.h and lib/libcudnn.so*; default: site-packages/nvidia/cudnn next to
                      torch, else the system's (CUDA builds only)
  --cache-dir DIR     DJL cache folder (default: \$DJL_CACHE_DIR, else ~/.djl.ai)
  --build-dir DIR     where to stage the source and build (kept); default: a temporary folder, removed on success
  --jobs N            parallel compile jobs (default: number of CPUs)
  --check             verify every prerequisite and print the plan (cmake command, install path); build nothing
  --print-env         only print the exports for a library this script already installed for this torch (fails if
                      it is not there); for scripts that run java, e.g. bench/gpu/run-gpu-bench.sh
  --prepare-src DIR   only put a buildable DJL JNI source into DIR (download, generate the JNI header with javac),
                      for a GPU host without network or JDK; then use --djl-src DIR there
  -h, --help          this help

Exit status: 0 on success, 1 when a prerequisite is missing or a step fails (one line saying what and what to do),
2 on a usage error.
EOF
}

die() {
    printf '%s: error: %s\n' "$PROG" "$*" >&2
    exit 1
}

usage_error() {
    printf '%s: %s (see --help)\n' "$PROG" "$*" >&2
    exit 2
}

info() {
    printf '%s: %s\n' "$PROG" "$*" >&2
}

warn() {
    printf '%s: warning: %s\n' "$PROG" "$*" >&2
}

# ---------------------------------------------------------------------------------------------- arguments
PYTHON=python3
TORCH_DIR=
DJL_SRC=
JNI_INCLUDE=
CUDNN_DIR=
CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.djl.ai}
BUILD_DIR=
JOBS=
CHECK_ONLY=false
PRINT_ENV=false
PREPARE_DIR=

need_value() {
    [[ $# -ge 2 && -n $2 ]] || usage_error "option $1 needs a value"
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --python) need_value "$@"; PYTHON=$2; shift 2 ;;
        --torch-dir) need_value "$@"; TORCH_DIR=$2; shift 2 ;;
        --djl-src) need_value "$@"; DJL_SRC=$2; shift 2 ;;
        --jni-include) need_value "$@"; JNI_INCLUDE=$2; shift 2 ;;
        --cudnn-dir) need_value "$@"; CUDNN_DIR=$2; shift 2 ;;
        --cache-dir) need_value "$@"; CACHE_DIR=$2; shift 2 ;;
        --build-dir) need_value "$@"; BUILD_DIR=$2; shift 2 ;;
        --jobs) need_value "$@"; JOBS=$2; shift 2 ;;
        --check | --dry-run) CHECK_ONLY=true; shift ;;
        --print-env) PRINT_ENV=true; shift ;;
        --prepare-src) need_value "$@"; PREPARE_DIR=$2; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) usage_error "unknown option '$1'" ;;
    esac
done

if [[ -n $JOBS && ! $JOBS =~ ^[1-9][0-9]*$ ]]; then
    usage_error "--jobs needs a positive integer, got '$JOBS'"
fi
[[ -n $JOBS ]] || JOBS=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)

# ---------------------------------------------------------------------------------------------- DJL source
# Checks that $1 holds what the build needs; prints the reason it does not, returns 1.
djl_source_problem() {
    local dir=$1
    if [[ ! -d $dir ]]; then
        echo "DJL source folder '$dir' does not exist: pass --djl-src with DJL ${DJL_VERSION}'s source (e.g. ../shared/third_party/djl-${DJL_VERSION}), or omit it to download ${DJL_ARCHIVE_URL}"
        return 1
    fi
    local f
    for f in "$NATIVE_DIR/CMakeLists.txt" "$NATIVE_DIR/src/main/native" "$UTILS_DIR/djl/utils.h"; do
        if [[ ! -e $dir/$f ]]; then
            echo "'$dir' is not DJL's source: $f is missing (pass the folder that contains engines/ and api/)"
            return 1
        fi
    done
    if [[ ! -f $dir/$NATIVE_DIR/$JNI_HEADER && ! -f $dir/$JNI_JAVA ]]; then
        echo "'$dir' has neither the generated JNI header $NATIVE_DIR/$JNI_HEADER nor $JNI_JAVA to generate it from"
        return 1
    fi
    return 0
}

# Downloads DJL's source archive into $1 (only the parts the JNI build needs).
download_djl_source() {
    local into=$1
    command -v curl >/dev/null 2>&1 || die "curl not found: install curl, or pass --djl-src with a local DJL ${DJL_VERSION} source folder"
    command -v tar >/dev/null 2>&1 || die "tar not found: install tar, or pass --djl-src with a local DJL ${DJL_VERSION} source folder"
    mkdir -p "$into"
    info "downloading $DJL_ARCHIVE_URL"
    local archive=$into/djl-${DJL_VERSION}.tar.gz err
    if ! err=$(curl -fsSL --connect-timeout 20 --retry 2 -o "$archive" "$DJL_ARCHIVE_URL" 2>&1); then
        rm -f "$archive"
        die "cannot download DJL ${DJL_VERSION}'s source (${err:-no network?}): this host looks offline. Copy DJL's source here (e.g. made with --prepare-src on a machine with network) and pass --djl-src DIR"
    fi
    tar -xzf "$archive" -C "$into" --strip-components=1 \
        "djl-${DJL_VERSION}/$NATIVE_DIR" "djl-${DJL_VERSION}/$UTILS_DIR" "djl-${DJL_VERSION}/$JNI_JAVA" \
        "djl-${DJL_VERSION}/LICENSE" "djl-${DJL_VERSION}/NOTICE" \
        || die "the archive from $DJL_ARCHIVE_URL does not have the expected layout (djl-${DJL_VERSION}/$NATIVE_DIR)"
    rm -f "$archive"
}

# The JNI header is generated by DJL's Gradle build and is not in the source archive: make it with javac -h.
generate_jni_header() {
    local src=$1
    [[ -f $src/$NATIVE_DIR/$JNI_HEADER ]] && return 0
    local javac
    javac=$(find_javac) || die "$src lacks the generated JNI header $NATIVE_DIR/$JNI_HEADER and no javac is here to generate it: run '$PROG --prepare-src DIR' on a machine with a JDK, then pass --djl-src DIR"
    local classes
    classes=$(mktemp -d)
    "$javac" -h "$src/$NATIVE_DIR/build/include" -d "$classes" "$src/$JNI_JAVA" >&2 \
        || die "javac could not generate the JNI header from $src/$JNI_JAVA"
    rm -rf "$classes"
    [[ -f $src/$NATIVE_DIR/$JNI_HEADER ]] || die "javac ran but did not write $NATIVE_DIR/$JNI_HEADER"
    info "generated $NATIVE_DIR/$JNI_HEADER"
}

find_javac() {
    if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/javac ]]; then
        echo "$JAVA_HOME/bin/javac"
    elif command -v javac >/dev/null 2>&1; then
        command -v javac
    else
        return 1
    fi
}

# Copies the parts of DJL's source the build reads into $2, so the build never writes into the given folder.
stage_djl_source() {
    local from=$1 to=$2
    mkdir -p "$to/$NATIVE_DIR" "$to/$UTILS_DIR" "$to/$(dirname "$JNI_JAVA")"
    cp -R "$from/$NATIVE_DIR/." "$to/$NATIVE_DIR/"
    rm -rf "$to/$NATIVE_DIR/build/CMakeFiles" "$to/$NATIVE_DIR/build/CMakeCache.txt"
    cp -R "$from/$UTILS_DIR/." "$to/$UTILS_DIR/"
    if [[ -f $from/$JNI_JAVA ]]; then
        cp "$from/$JNI_JAVA" "$to/$JNI_JAVA"
    fi
    local f
    for f in LICENSE NOTICE; do
        if [[ -f $from/$f ]]; then cp "$from/$f" "$to/$f"; fi
    done
}

if [[ -n $PREPARE_DIR ]]; then
    if [[ -n $DJL_SRC ]]; then
        problem=$(djl_source_problem "$DJL_SRC") || die "$problem"
        stage_djl_source "$DJL_SRC" "$PREPARE_DIR"
    else
        download_djl_source "$PREPARE_DIR"
    fi
    generate_jni_header "$PREPARE_DIR"
    info "DJL ${DJL_VERSION} JNI source ready in $PREPARE_DIR; on the GPU host run: $PROG --djl-src <copy of it>"
    exit 0
fi

# ---------------------------------------------------------------------------------------------- PyTorch
# version_py_value NAME FILE: the quoted string assigned to NAME in torch's version.py (empty for None).
version_py_value() {
    sed -En "s/^$1( *:[^=]*)? *= *['\"]([^'\"]*)['\"].*/\\2/p" "$2" | head -n 1
}

TORCH_VERSION_FULL=
TORCH_CUDA=
TORCH_HIP=
if [[ -n $TORCH_DIR ]]; then
    [[ -d $TORCH_DIR ]] || die "--torch-dir '$TORCH_DIR' does not exist"
    TORCH_DIR=$(cd "$TORCH_DIR" && pwd -P)
    [[ -f $TORCH_DIR/version.py ]] || die "'$TORCH_DIR' has no version.py: pass the torch package folder (.../site-packages/torch)"
    # version.py is generated by torch's build: "__version__ = '2.11.0+cu130'" and "cuda: Optional[str] = '13.0'".
    TORCH_VERSION_FULL=$(version_py_value __version__ "$TORCH_DIR/version.py")
    TORCH_CUDA=$(version_py_value cuda "$TORCH_DIR/version.py")
    TORCH_HIP=$(version_py_value hip "$TORCH_DIR/version.py")
    [[ -n $TORCH_VERSION_FULL ]] || die "cannot read __version__ from $TORCH_DIR/version.py"
else
    command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found on PATH: activate the Python environment that has PyTorch, or pass --python EXE or --torch-dir DIR"
    probe='import os, torch; print(os.path.dirname(os.path.abspath(torch.__file__))); print(torch.__version__); print(torch.version.cuda or ""); print(getattr(torch.version, "hip", None) or "")'
    if ! torch_info=$("$PYTHON" -c "$probe" 2>&1); then
        reason=$(printf '%s\n' "$torch_info" | tail -n 1)
        die "$PYTHON ($(command -v "$PYTHON")) cannot import torch ($reason): install PyTorch (pip install torch) or activate its environment, or pass --python EXE or --torch-dir DIR"
    fi
    # torch may print warnings before our lines; the last four lines are ours.
    mapfile -t lines < <(printf '%s\n' "$torch_info" | tail -n 4)
    TORCH_DIR=${lines[0]}
    TORCH_VERSION_FULL=${lines[1]}
    TORCH_CUDA=${lines[2]:-}
    TORCH_HIP=${lines[3]:-}
fi

[[ -z $TORCH_HIP ]] || die "torch $TORCH_VERSION_FULL is a ROCm build (hip $TORCH_HIP): DJL's JNI is built here for CUDA or CPU only"
TORCH_VERSION=${TORCH_VERSION_FULL%%+*}
torch_major=${TORCH_VERSION%%.*}
if [[ ! $torch_major =~ ^[0-9]+$ ]] || ((torch_major < 2)); then
    die "torch $TORCH_VERSION_FULL is too old: DJL ${DJL_VERSION}'s JNI is written for PyTorch 2.x (older ones need DJL's PT_VERSION switches)"
fi
if [[ -n $TORCH_CUDA ]]; then
    FLAVOR=cu${TORCH_CUDA//./}
else
    FLAVOR=cpu
fi

for f in lib include share/cmake/Torch/TorchConfig.cmake; do
    [[ -e $TORCH_DIR/$f ]] || die "torch at $TORCH_DIR lacks $f (the C++ libraries, headers and CMake config a pip wheel ships): use a full PyTorch wheel or libtorch, not a stripped install"
done
SITE_PACKAGES=$(dirname "$TORCH_DIR")

case $(uname -s) in
    Linux) ;;
    *) die "only Linux is supported (DJL's cache folder name here is linux-<arch>), this is $(uname -s)" ;;
esac
case $(uname -m) in
    x86_64 | amd64) ARCH=x86_64 ;;
    aarch64 | arm64) ARCH=aarch64 ;;
    *) die "unsupported CPU architecture $(uname -m): DJL knows x86_64 and aarch64" ;;
esac

# DJL looks for <cache>/pytorch/<version>-<flavor>-<os>-<arch>/<djl version>-libdjl_torch.so when PYTORCH_VERSION and
# PYTORCH_FLAVOR are set (LibUtils of DJL's PyTorch engine).
INSTALL_DIR=$CACHE_DIR/pytorch/${TORCH_VERSION}-${FLAVOR}-linux-${ARCH}
INSTALL_LIB=$INSTALL_DIR/${DJL_VERSION}-libdjl_torch.so

print_exports() {
    printf "export PYTORCH_LIBRARY_PATH='%s'\n" "$TORCH_DIR/lib"
    printf "export PYTORCH_VERSION='%s'\n" "$TORCH_VERSION"
    printf "export PYTORCH_FLAVOR='%s'\n" "$FLAVOR"
    printf "export DJL_CACHE_DIR='%s'\n" "$CACHE_DIR"
    printf '# and run java with -Dai.djl.offline=true (so DJL never tries to download another libtorch)\n'
}

if [[ $PRINT_ENV == true ]]; then
    [[ -f $INSTALL_LIB ]] || die "no DJL JNI built for torch $TORCH_VERSION_FULL ($FLAVOR) at $INSTALL_LIB: run $PROG without --print-env first"
    print_exports
    exit 0
fi

# ---------------------------------------------------------------------------------------------- build tools
command -v cmake >/dev/null 2>&1 || die "cmake not found on PATH: install cmake >= 3.18 (apt-get install cmake, or pip install cmake)"
cmake_version=$(cmake --version | sed -n 's/^cmake version \([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p')
if [[ -n $cmake_version ]]; then
    IFS=. read -r cm_major cm_minor <<<"$cmake_version"
    if ((cm_major < 3 || (cm_major == 3 && cm_minor < 18))); then
        die "cmake $cmake_version is too old: PyTorch's CMake config needs >= 3.18 (pip install cmake)"
    fi
fi
command -v make >/dev/null 2>&1 || die "make not found on PATH: install make (apt-get install build-essential)"
CXX_BIN=${CXX:-}
if [[ -n $CXX_BIN ]]; then
    command -v "$CXX_BIN" >/dev/null 2>&1 || die "the C++ compiler named by CXX ('$CXX_BIN') is not found"
else
    for c in c++ g++ clang++; do
        if command -v "$c" >/dev/null 2>&1; then CXX_BIN=$c; break; fi
    done
    [[ -n $CXX_BIN ]] || die "no C++ compiler found (c++, g++ or clang++ on PATH, or CXX): install one (apt-get install g++)"
fi
CXX_BIN=$(command -v "$CXX_BIN")

# ---------------------------------------------------------------------------------------------- JNI headers
if [[ -z $JNI_INCLUDE ]]; then
    if [[ -n ${JAVA_HOME:-} && -f $JAVA_HOME/include/jni.h ]]; then
        JNI_INCLUDE=$JAVA_HOME/include
    elif javac_path=$(find_javac) && [[ -f $(dirname "$(dirname "$(readlink -f "$javac_path")")")/include/jni.h ]]; then
        JNI_INCLUDE=$(dirname "$(dirname "$(readlink -f "$javac_path")")")/include
    fi
fi
[[ -n $JNI_INCLUDE && -f $JNI_INCLUDE/jni.h ]] || die "JNI headers not found (jni.h${JNI_INCLUDE:+ in $JNI_INCLUDE}): set JAVA_HOME to a JDK (a jlink'd runtime has no headers) or pass --jni-include DIR with a JDK's include/ folder (copy it from any JDK 17 if this host has none)"
if [[ -f $JNI_INCLUDE/linux/jni_md.h ]]; then
    JNI_MD_INCLUDE=$JNI_INCLUDE/linux
elif [[ -f $JNI_INCLUDE/jni_md.h ]]; then
    JNI_MD_INCLUDE=$JNI_INCLUDE
else
    die "jni_md.h not found in $JNI_INCLUDE/linux or $JNI_INCLUDE: copy a JDK's whole include/ folder, with its linux/ subfolder"
fi

# ---------------------------------------------------------------------------------------------- CUDA
CUDA_ARGS=()
CUDA_ROOT=${CUDA_HOME:-/usr/local/cuda}
if [[ $FLAVOR != cpu ]]; then
    NVCC=${CUDACXX:-}
    if [[ -z $NVCC ]]; then
        if command -v nvcc >/dev/null 2>&1; then
            NVCC=$(command -v nvcc)
        elif [[ -x $CUDA_ROOT/bin/nvcc ]]; then
            NVCC=$CUDA_ROOT/bin/nvcc
        fi
    fi
    [[ -n $NVCC && -x $NVCC ]] || die "torch $TORCH_VERSION_FULL is a CUDA $TORCH_CUDA build but nvcc was not found (CUDACXX, PATH, \$CUDA_HOME/bin = $CUDA_ROOT/bin): install the CUDA $TORCH_CUDA toolkit, or put its bin/ on PATH"
    nvcc_release=$("$NVCC" --version 2>/dev/null | sed -n 's/.*release \([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' | head -n 1)
    if [[ -n $nvcc_release && ${nvcc_release%%.*} != "${TORCH_CUDA%%.*}" ]]; then
        warn "nvcc is CUDA $nvcc_release but torch was built with CUDA $TORCH_CUDA: if the build fails, use a CUDA ${TORCH_CUDA%%.*}.x toolkit"
    fi
    CUDA_ARGS+=(-DUSE_CUDA=1 "-DCMAKE_CUDA_COMPILER=$NVCC")

    if [[ -z $CUDNN_DIR && -f $SITE_PACKAGES/nvidia/cudnn/include/cudnn.h ]]; then
        CUDNN_DIR=$SITE_PACKAGES/nvidia/cudnn
    fi
    if [[ -n $CUDNN_DIR ]]; then
        [[ -f $CUDNN_DIR/include/cudnn.h ]] || die "cuDNN header $CUDNN_DIR/include/cudnn.h not found: pass --cudnn-dir with a cuDNN that has include/ and lib/"
        cudnn_lib=
        for candidate in "$CUDNN_DIR"/lib/libcudnn.so.9 "$CUDNN_DIR"/lib/libcudnn.so "$CUDNN_DIR"/lib/libcudnn.so.* "$CUDNN_DIR"/lib64/libcudnn.so*; do
            if [[ -f $candidate ]]; then cudnn_lib=$candidate; break; fi
        done
        [[ -n $cudnn_lib ]] || die "cuDNN library libcudnn.so* not found under $CUDNN_DIR/lib: pass --cudnn-dir with a complete cuDNN"
        CUDA_ARGS+=("-DCUDNN_INCLUDE_PATH=$CUDNN_DIR/include" "-DCUDNN_LIBRARY_PATH=$cudnn_lib")
    else
        nvcc_root=$(dirname "$(dirname "$(readlink -f "$NVCC")")")
        if [[ ! -f /usr/include/cudnn.h && ! -f $CUDA_ROOT/include/cudnn.h && ! -f $nvcc_root/include/cudnn.h ]]; then
            die "cuDNN headers not found ($SITE_PACKAGES/nvidia/cudnn/include/cudnn.h, $CUDA_ROOT/include/cudnn.h, /usr/include/cudnn.h): pip install nvidia-cudnn-cu${TORCH_CUDA%%.*} in torch's environment, or pass --cudnn-dir DIR"
        fi
    fi
fi

# ---------------------------------------------------------------------------------------------- plan
if [[ -n $DJL_SRC ]]; then
    problem=$(djl_source_problem "$DJL_SRC") || die "$problem"
    DJL_SRC=$(cd "$DJL_SRC" && pwd -P)
    if [[ ! -f $DJL_SRC/$NATIVE_DIR/$JNI_HEADER ]]; then
        find_javac >/dev/null || die "$DJL_SRC lacks the generated JNI header $NATIVE_DIR/$JNI_HEADER and no javac is here to generate it: run '$PROG --prepare-src DIR' on a machine with a JDK, then pass --djl-src DIR"
    fi
    source_note=$DJL_SRC
else
    source_note="download of $DJL_ARCHIVE_URL"
    if [[ $CHECK_ONLY == true ]]; then
        command -v curl >/dev/null 2>&1 || die "curl not found: install curl, or pass --djl-src with a local DJL ${DJL_VERSION} source folder"
        err=$(curl -fsSIL --connect-timeout 20 -o /dev/null "$DJL_ARCHIVE_URL" 2>&1) \
            || die "cannot download DJL ${DJL_VERSION}'s source (${err:-no network?}): this host looks offline. Copy DJL's source here (e.g. made with --prepare-src on a machine with network) and pass --djl-src DIR"
    fi
fi

cmake_args() {
    local src=$1 build=$2
    printf '%s\n' -S "$src/$NATIVE_DIR" -B "$build" -DCMAKE_BUILD_TYPE=Release \
        "-DCMAKE_PREFIX_PATH=$TORCH_DIR/share/cmake" "-DCMAKE_CXX_COMPILER=$CXX_BIN" \
        "-DJAVA_INCLUDE_PATH=$JNI_INCLUDE" "-DJAVA_INCLUDE_PATH2=$JNI_MD_INCLUDE" \
        -DJAVA_AWT_INCLUDE_PATH=NotNeeded -DJAVA_AWT_LIBRARY=NotNeeded -DJAVA_JVM_LIBRARY=NotNeeded \
        "${CUDA_ARGS[@]}"
}

info "torch:     $TORCH_VERSION_FULL at $TORCH_DIR (flavor $FLAVOR)"
info "compiler:  $CXX_BIN; cmake $cmake_version; JNI headers $JNI_INCLUDE"
info "source:    DJL ${DJL_VERSION} JNI from $source_note"
info "install:   $INSTALL_LIB"

if [[ $CHECK_ONLY == true ]]; then
    mapfile -t planned < <(cmake_args "<staged DJL source>" "<build dir>")
    info "cmake:     cmake ${planned[*]}"
    info "check passed: all prerequisites found; nothing was built (drop --check to build)"
    exit 0
fi

# ---------------------------------------------------------------------------------------------- build
if [[ -n $BUILD_DIR ]]; then
    mkdir -p "$BUILD_DIR"
    WORK=$(cd "$BUILD_DIR" && pwd -P)
    keep_work=true
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/djl-torch-jni.XXXXXX")
    keep_work=false
fi
on_exit() {
    local rc=$?
    if [[ $rc -ne 0 ]]; then
        info "build folder kept for inspection: $WORK"
    elif [[ $keep_work == false ]]; then
        rm -rf "$WORK"
    fi
}
trap on_exit EXIT

rm -rf "$WORK/src"
if [[ -n $DJL_SRC ]]; then
    stage_djl_source "$DJL_SRC" "$WORK/src"
else
    download_djl_source "$WORK/src"
fi
generate_jni_header "$WORK/src"

mapfile -t args < <(cmake_args "$WORK/src" "$WORK/cmake")
info "configuring (log: $WORK/cmake-configure.log)"
cmake "${args[@]}" >"$WORK/cmake-configure.log" 2>&1 \
    || die "cmake configure failed; last lines of $WORK/cmake-configure.log: $(tail -n 5 "$WORK/cmake-configure.log" | tr '\n' ' ')"
info "compiling with $JOBS jobs (log: $WORK/cmake-build.log)"
cmake --build "$WORK/cmake" --parallel "$JOBS" >"$WORK/cmake-build.log" 2>&1 \
    || die "compilation failed; first error in $WORK/cmake-build.log: $(grep -m 1 -i 'error' "$WORK/cmake-build.log" || tail -n 3 "$WORK/cmake-build.log")"
BUILT=$WORK/cmake/libdjl_torch.so
[[ -f $BUILT ]] || die "the build finished without producing $BUILT"

# A JNI that does not resolve against this torch fails only when Java loads it; find out now.
if command -v ldd >/dev/null 2>&1; then
    # Only symbols our library needs count ("undefined symbol: X (<lib>)"), not gaps inside torch's own libraries.
    undefined=$(LD_LIBRARY_PATH="$TORCH_DIR/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ldd -r "$BUILT" 2>&1 \
        | grep 'undefined symbol' | grep -cF "($BUILT)" || true)
    [[ $undefined -eq 0 ]] || die "$BUILT has $undefined undefined symbols against $TORCH_DIR/lib (see: ldd -r $BUILT)"
fi

mkdir -p "$INSTALL_DIR"
cp "$BUILT" "$INSTALL_LIB.tmp"
mv -f "$INSTALL_LIB.tmp" "$INSTALL_LIB"
info "installed $INSTALL_LIB"
info "export these (eval \"\$($PROG ...)\" does it), then run java with -Dai.djl.offline=true:"
print_exports
