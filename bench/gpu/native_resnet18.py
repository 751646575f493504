#!/usr/bin/env python3
"""Native PyTorch eager reference for the GPU training-step benchmark (docs/gpu.md, "GPU benchmark protocol").

The d2l.ai ResNet-18 (chapter "Residual Networks") for 1x96x96 inputs and 10 classes, Xavier-uniform conv and dense
weights, zero biases, BN gamma 1 / beta 0, softmax cross-entropy (mean), torch.optim.SGD with lr 0.05 (PyTorch's
default implementation, foreach on CUDA). One batch is made on the device once and reused ("resident batch"); the
training step (zero_grad, forward, loss, backward, step) runs `--warmup` times, then `--steps` times between two
device synchronisations. Prints one JSON line with images/s, the same shape of line as the Java side
(io.github.resnetspi.bench.gpu.GpuTrainStepBenchmark), so bench/gpu/run-gpu-bench.sh can compare them.

With --fetch-outputs every step also copies the loss and the logits to the host, as our SPI's trainStep returns
them; that variant shows what the per-step device->host transfer and synchronisation cost natively.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "native"))
from d2l_resnet18 import build_d2l_resnet18, init_weights  # noqa: E402  (shared with the CPU native peer)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--batch", type=int, default=256, help="batch size (default 256)")
    p.add_argument("--warmup", type=int, default=15, help="untimed steps first (default 15)")
    p.add_argument("--steps", type=int, default=60, help="timed steps (default 60)")
    p.add_argument("--lr", type=float, default=0.05, help="SGD learning rate (default 0.05)")
    p.add_argument("--device", default="cuda", help="torch device (default cuda; cpu for a smoke run)")
    p.add_argument("--channels-last", action="store_true", help="model and batch in channels_last memory format")
    p.add_argument("--fetch-outputs", action="store_true",
                   help="copy loss and logits to the host every step, as the SPI's trainStep returns them")
    p.add_argument("--cudnn-benchmark", action="store_true",
                   help="let cuDNN autotune convolution algorithms (off by default, as in DJL)")
    p.add_argument("--no-tf32", action="store_true",
                   help="forbid TF32 in cuDNN convolutions (PyTorch allows it by default)")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    for name in ("batch", "steps"):
        if getattr(a, name) < 1:
            p.error(f"--{name} must be >= 1")
    if a.warmup < 0:
        p.error("--warmup must be >= 0")
    if a.batch < 2:
        p.error("--batch must be >= 2 (batch norm needs two values in training mode)")
    return a


def main(argv):
    args = parse_args(argv)
    try:
        import torch
        from torch import nn
        from torch.nn import functional
    except ImportError as e:
        print(f"native_resnet18.py: cannot import torch ({e}): run with the Python that has PyTorch", file=sys.stderr)
        return 1

    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        print(f"native_resnet18.py: torch {torch.__version__} sees no CUDA device (torch.version.cuda = "
              f"{torch.version.cuda}); use --device cpu for a smoke run", file=sys.stderr)
        return 1
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = args.cudnn_benchmark
        if args.no_tf32:
            torch.backends.cudnn.allow_tf32 = False

    torch.manual_seed(args.seed)
    net = build_d2l_resnet18(nn, functional)
    net.apply(lambda m: init_weights(nn, m))
    memory_format = torch.channels_last if args.channels_last else torch.contiguous_format
    net = net.to(device=device, memory_format=memory_format)
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()

    images = torch.randn(args.batch, 1, 96, 96, device=device).contiguous(memory_format=memory_format)
    labels = torch.randint(0, 10, (args.batch,), device=device)

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize(device)

    def step():
        opt.zero_grad()
        logits = net(images)
        loss = loss_fn(logits, labels)
        loss.backward()
        opt.step()
        if args.fetch_outputs:
            return loss.item(), logits.detach().float().cpu()
        return loss, None

    first = None
    for i in range(args.warmup):
        loss, _ = step()
        if i == 0:
            first = float(loss)
    sync()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        loss, _ = step()
    sync()
    seconds = time.perf_counter() - t0
    last = float(loss)
    if first is None:
        first = last

    result = {
        "impl": "native-pytorch-eager",
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "cudnn": torch.backends.cudnn.version() if device.type == "cuda" else None,
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "model": "d2l-resnet18",
        "input": [args.batch, 1, 96, 96],
        "batch": args.batch,
        "warmup": args.warmup,
        "steps": args.steps,
        "channels_last": args.channels_last,
        "fetch_outputs": args.fetch_outputs,
        "cudnn_benchmark": bool(torch.backends.cudnn.benchmark) if device.type == "cuda" else None,
        "tf32_conv": bool(torch.backends.cudnn.allow_tf32) if device.type == "cuda" else None,
        "tf32_matmul": bool(torch.backends.cuda.matmul.allow_tf32) if device.type == "cuda" else None,
        "batch_resident_on_device": True,
        "seconds": round(seconds, 6),
        "step_ms": round(1000.0 * seconds / args.steps, 4),
        "images_per_s": round(args.batch * args.steps / seconds, 1),
        "loss_first": round(first, 6),
        "loss_last": round(last, 6),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
