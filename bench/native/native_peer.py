#!/usr/bin/env python3
"""Native PyTorch on the CPU as the benchmark's peer, driven round by round by the Java benchmark in the same run.

The d2l.ai ResNet-18 (d2l_resnet18.py) for 1xSIZExSIZE inputs and 10 classes, Xavier-uniform weights, softmax
cross-entropy (mean), torch.optim.SGD (lr 0.05; momentum and weight decay 0 unless given), training mode, one fixed
random batch; NCHW as d2l writes it, or with --channels-last the model and batch in torch.channels_last. The process
stays alive so that the Java side can alternate rounds with it (native, ours, native, ...:
load from other processes then hits both sides alike) and keeps everything warm between rounds. Protocol on
stdin/stdout, one line each:

  -> READY {json: torch version, threads, build}      once, after --warmup steps
  <- ROUND N                                          run N timed training steps
  -> ROUND <images per second> <seconds>
  <- PROFILE N                                        run N steps under torch.profiler
  -> PROFILE {json: per-op self CPU time, ms per step}
  <- QUIT

Every step ends with loss.item() and a read of the logits, as our trainStep returns both to Java.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from d2l_resnet18 import build_d2l_resnet18, init_weights  # noqa: E402

INSTALL_HINT = "install Debian's PyTorch with 'sudo apt-get install python3-torch' (it installs for /usr/bin/python3)"


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--size", type=int, required=True, help="input height and width")
    p.add_argument("--threads", type=int, required=True, help="torch.set_num_threads")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--momentum", type=float, default=0.0)
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--channels-last", action="store_true",
                   help="model and batch in torch.channels_last (PyTorch's faster CPU layout for convolutions);"
                        " the d2l code as written is NCHW")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    try:
        import torch
        from torch import nn
        from torch.nn import functional
    except ImportError as e:
        print(f"UNAVAILABLE cannot import torch with {sys.executable} ({e}); {INSTALL_HINT}", flush=True)
        return 0
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    net = build_d2l_resnet18(nn, functional)
    net.apply(lambda m: init_weights(nn, m))
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=args.momentum, weight_decay=args.weight_decay)
    loss_fn = nn.CrossEntropyLoss()
    images = torch.rand(args.batch, 1, args.size, args.size)
    labels = torch.randint(0, 10, (args.batch,))
    if args.channels_last:
        net = net.to(memory_format=torch.channels_last)
        images = images.contiguous(memory_format=torch.channels_last)

    def step():
        opt.zero_grad()
        logits = net(images)
        loss = loss_fn(logits, labels)
        loss.backward()
        opt.step()
        return loss.item(), logits.detach().numpy()

    for _ in range(args.warmup):
        step()
    info = {"torch": torch.__version__, "python": sys.executable, "threads": torch.get_num_threads(),
            "interop_threads": torch.get_num_interop_threads(),
            "memory_format": "channels_last" if args.channels_last else "contiguous",
            "momentum": args.momentum, "weight_decay": args.weight_decay, "mkldnn": torch.backends.mkldnn.is_available(),
            "mkl": torch.backends.mkl.is_available(), "openmp": torch.backends.openmp.is_available()}
    print("READY " + json.dumps(info), flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd or cmd[0] == "QUIT":
            break
        n = int(cmd[1])
        if cmd[0] == "ROUND":
            t0 = time.perf_counter()
            for _ in range(n):
                step()
            seconds = time.perf_counter() - t0
            print(f"ROUND {args.batch * n / seconds:.3f} {seconds:.6f}", flush=True)
        elif cmd[0] == "PROFILE":
            from torch.profiler import ProfilerActivity, profile
            with profile(activities=[ProfilerActivity.CPU]) as prof:
                t0 = time.perf_counter()
                for _ in range(n):
                    step()
                seconds = time.perf_counter() - t0
            ops = {e.key: round(e.self_cpu_time_total / 1000.0 / n, 4) for e in prof.key_averages()}
            print("PROFILE " + json.dumps({"ms_per_step": round(1000 * seconds / n, 3), "self_ms_per_step": ops}),
                  flush=True)
        else:
            print(f"ERROR unknown command {line.strip()!r}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
