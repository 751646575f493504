#!/usr/bin/env python3
"""Summarises one run of run-gpu-bench.sh: reads the JSON lines it wrote into OUT_DIR and prints images/s of our
backend and of native PyTorch (median over repeats), the native variants for the record, and "ratio X.XX" = ours /
native, the figure docs/benchmarks.md records."""
import json
import os
import statistics
import sys


def load(out, name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def runs(rows):
    return ", ".join(f"{r['images_per_s']:.1f}" for r in rows)


def main(out):
    ours, native = load(out, "ours.jsonl"), load(out, "native.jsonl")
    if not ours or not native:
        print(f"summarize.py: {out} lacks ours.jsonl or native.jsonl results", file=sys.stderr)
        return 1
    o = statistics.median(r["images_per_s"] for r in ours)
    n = statistics.median(r["images_per_s"] for r in native)
    fo, fn = ours[0], native[0]
    print(f"native   {n:10.1f} images/s  (PyTorch {fn['torch']} eager, {fn['device']}, cuDNN {fn['cudnn']}, "
          f"TF32 conv {fn['tf32_conv']}, batch {fn['batch']} resident on the device; runs: {runs(native)})")
    print(f"ours     {o:10.1f} images/s  ({fo['engine']} {fo['engine_version']} via resnet-spi/{fo['backend']}, "
          f"{fo['device']}, batch {fo['batch']} copied host->device and loss+logits device->host every step; "
          f"runs: {runs(ours)})")
    for name, label in (("native-channels-last.jsonl", "native, channels_last"),
                        ("native-fetch-outputs.jsonl", "native, loss and logits to the host every step")):
        rows = load(out, name)
        if rows:
            print(f"({label}: {rows[0]['images_per_s']:.1f} images/s; not in the ratio)")
    print(f"ratio {o / n:.2f}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: summarize.py OUT_DIR", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
