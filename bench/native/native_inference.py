#!/usr/bin/env python3
"""Native PyTorch's EVAL-mode inference, the peer of 'resnet-spi compare --task inference' (one round per process).

The model is the preset's PyTorch original: d2l.ai's ResNet-18 (d2l_resnet18.py) for d2l-resnet18, torchvision's
resnetNN for resnet18 ... resnet152 (its first convolution rebuilt for inputs of other than 3 channels). The weights
are the state the Java side wrote under that model's state_dict names (load_state_dict strict=True); the input is the
Java side's. model.eval(), torch.no_grad(), torch.set_num_threads(--threads). Writes --out, a JSON object with the
same fields as a Java cell: the logits of the check images, every batch-1 latency (ms) after --warmup untimed
forwards, and the throughput at the batch's size (images/s) over --throughput-runs forwards after one untimed one.
A missing torch or torchvision is reported as {"error": ...} with the Debian package to install, never a traceback.
"""
import argparse
import json
import os
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from d2l_resnet18 import build_d2l_resnet18  # noqa: E402

INSTALL_HINT = "install Debian's PyTorch with 'sudo apt-get install python3-torch python3-torchvision' " \
               "(it installs for /usr/bin/python3)"
TORCHVISION = ["resnet18", "resnet34", "resnet50", "resnet101", "resnet152"]


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True, help="d2l-resnet18 or resnet18 ... resnet152")
    p.add_argument("--channels", type=int, required=True)
    p.add_argument("--classes", type=int, required=True)
    p.add_argument("--state", required=True, help="safetensors state_dict under the model's own names")
    p.add_argument("--input", required=True, help="safetensors with 'check' (k,C,H,W) and 'batch' (B,C,H,W) images")
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--warmup", type=int, required=True)
    p.add_argument("--runs", type=int, required=True)
    p.add_argument("--throughput-runs", type=int, required=True)
    p.add_argument("--out", required=True)
    return p.parse_args(argv)


def read_safetensors(torch, path):
    """The F32/I64 tensors of a safetensors file (Debian packages no safetensors module for python3-torch)."""
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    dtypes = {"F32": torch.float32, "I64": torch.int64}
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        begin, end = e["data_offsets"]
        t = torch.frombuffer(bytearray(raw[8 + n + begin:8 + n + end]), dtype=dtypes[e["dtype"]])
        out[name] = t.reshape(e["shape"])
    return out


def build(torch, nn, functional, args):
    if args.model == "d2l-resnet18":
        return build_d2l_resnet18(nn, functional, in_channels=args.channels, classes=args.classes)
    import torchvision
    m = getattr(torchvision.models, args.model)(num_classes=args.classes)
    if args.channels != 3:
        m.conv1 = nn.Conv2d(args.channels, 64, kernel_size=7, stride=2, padding=3, bias=False)
    return m


def measure(args):
    import torch
    from torch import nn
    from torch.nn import functional
    torch.set_num_threads(args.threads)
    net = build(torch, nn, functional, args)
    net.load_state_dict(read_safetensors(torch, args.state), strict=True)
    net.eval()
    images = read_safetensors(torch, args.input)
    check, batch = images["check"], images["batch"]
    one = batch[:1].clone()
    latencies = []
    with torch.no_grad():
        logits = net(check)
        for _ in range(args.warmup):
            net(one)
        for _ in range(args.runs):
            t0 = time.perf_counter_ns()
            net(one).numpy()
            latencies.append((time.perf_counter_ns() - t0) / 1e6)
        net(batch)
        t0 = time.perf_counter_ns()
        for _ in range(args.throughput_runs):
            net(batch).numpy()
        seconds = (time.perf_counter_ns() - t0) / 1e9
    return {"engine": "PyTorch (native, " + sys.executable + ")", "engineVersion": torch.__version__,
            "device": "cpu", "threads": torch.get_num_threads(), "logits": logits.flatten().tolist(),
            "latenciesMs": latencies, "throughputImagesPerSecond": batch.shape[0] * args.throughput_runs / seconds,
            "details": {"mkldnn": str(torch.backends.mkldnn.is_available()),
                        "interop_threads": str(torch.get_num_interop_threads())}}


def main(argv):
    args = parse_args(argv)
    if args.model != "d2l-resnet18" and args.model not in TORCHVISION:
        result = {"error": "model " + args.model + " has no PyTorch original here (d2l-resnet18, "
                  + ", ".join(TORCHVISION) + ")"}
    else:
        try:
            result = measure(args)
        except ImportError as e:
            result = {"error": f"cannot import {e.name} with {sys.executable}; {INSTALL_HINT}"}
    with open(args.out, "w") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
