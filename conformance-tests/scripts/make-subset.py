#!/usr/bin/env python3
"""Cuts the conformance kit's Fashion-MNIST subset out of the full data set, keeping the original IDX gzip format.

The subset is the first TRAIN images of the training set and the first TEST images of the test set (Fashion-MNIST's
files are already shuffled, so the classes stay roughly balanced). The output is deterministic: gzip without a file
name or timestamp, so re-running the script reproduces the committed files byte for byte.

Usage: python3 scripts/make-subset.py [SOURCE_DIR] [OUT_DIR]
  SOURCE_DIR defaults to /usr/share/datasets/fashion-mnist (Debian's copy of the original files)
  OUT_DIR    defaults to src/main/resources/io/github/resnetspi/conformance/fashion-mnist
"""
import gzip
import os
import struct
import sys

TRAIN = 2000
TEST = 1000


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return magic, shape, data[4 + 4 * dims:]


def write_idx(path, magic, shape, body):
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * len(shape), *shape)
    with open(path, "wb") as raw:
        # mtime=0 and no file name: reproducible bytes
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(header + body)


def cut(src, dst, name, count):
    magic, shape, body = read_idx(os.path.join(src, name))
    if shape[0] < count:
        sys.exit(f"{name} has only {shape[0]} items, need {count}")
    item = 1
    for d in shape[1:]:
        item *= d
    write_idx(os.path.join(dst, name), magic, (count,) + tuple(shape[1:]), body[:count * item])
    print(f"{name}: {count} of {shape[0]} items, shape {(count,) + tuple(shape[1:])}")


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    here = os.path.dirname(os.path.abspath(__file__))
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        here, "..", "src", "main", "resources", "io", "github", "resnetspi", "conformance", "fashion-mnist")
    os.makedirs(dst, exist_ok=True)
    cut(src, dst, "train-images-idx3-ubyte.gz", TRAIN)
    cut(src, dst, "train-labels-idx1-ubyte.gz", TRAIN)
    cut(src, dst, "t10k-images-idx3-ubyte.gz", TEST)
    cut(src, dst, "t10k-labels-idx1-ubyte.gz", TEST)


if __name__ == "__main__":
    main()
