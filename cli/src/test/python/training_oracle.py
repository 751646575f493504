#!/usr/bin/env python3
"""An independent float64 implementation of what `resnet-spi train` promises, for TrainingOracleTest.

Reads IN (JSON written by the test): the run's settings, the model's initial state (name -> shape, values) and the
raw examples (bytes and labels) of the training and test sets. Trains resnet-tiny as docs/semantics.md describes
the preset and the training loop, in PyTorch float64, and writes OUT: one entry per epoch with the figures `train`
reports (learningRate, loss, trainAccuracy, testAccuracy, trainExamples).

Written from docs/semantics.md ("The training loop"), not from Trainer.java: the data order is SplitMix64 seeded
from (seed, epoch) driving a Fisher-Yates shuffle; every step asks the schedule at t = epoch + b/B; a final batch
of one example is skipped; the epoch's loss is the mean over its examples; test accuracy is measured after the
epoch in eval mode over every test example.

usage: training_oracle.py IN OUT
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.use_deterministic_algorithms(True)

MASK = (1 << 64) - 1


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def permutation(seed, epoch, n):
    """Fisher-Yates from the end, j = next() mod (i + 1) (unsigned), SplitMix64 seeded with
    mix(seed XOR mix(0x243F6A8885A308D3 + epoch))."""
    state = mix((seed & MASK) ^ mix((0x243F6A8885A308D3 + epoch) & MASK))
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        j = mix(state) % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def rate(schedule, base, t):
    if schedule["kind"] == "step":
        return base * schedule["gamma"] ** (int(t) // schedule["every"])
    if schedule["kind"] == "warmup-linear":
        w, total = schedule["warmup"], schedule["total"]
        if t < w:
            return base * (0.1 + (1 - 0.1) * t / w)
        return base * max(total - t, 0) / (total - w)
    return base


class ResnetTiny:
    """The resnet-tiny preset: 3x3 stem conv (no bias) + BN + ReLU + 3x3/2 max-pool pad 1, a basic block of 8 and one
    of 16 channels (stride 2, 1x1 conv + BN projection), global average pool, dense with bias."""

    def __init__(self, state):
        self.t = {}
        for name, v in state.items():
            x = torch.tensor(v["values"], dtype=torch.float64).reshape(v["shape"])
            stat = name.endswith(".running_mean") or name.endswith(".running_var")
            self.t[name] = x if stat else x.requires_grad_(True)
        self.params = [x for name, x in self.t.items() if x.requires_grad]

    def bn(self, name, x, train):
        return F.batch_norm(x, self.t[name + ".running_mean"], self.t[name + ".running_var"], self.t[name + ".weight"],
                            self.t[name + ".bias"], training=train, momentum=0.1, eps=1e-5)

    def block(self, p, x, stride, project, train):
        y = F.relu(self.bn(p + ".bn1", F.conv2d(x, self.t[p + ".conv1.weight"], stride=stride, padding=1), train))
        y = self.bn(p + ".bn2", F.conv2d(y, self.t[p + ".conv2.weight"], padding=1), train)
        if project:
            x = self.bn(p + ".shortcut.bn", F.conv2d(x, self.t[p + ".shortcut.conv.weight"], stride=stride), train)
        return F.relu(y + x)

    def forward(self, x, train):
        x = F.relu(self.bn("stem.bn", F.conv2d(x, self.t["stem.conv.weight"], padding=1), train))
        x = F.max_pool2d(x, 3, 2, padding=1)
        x = self.block("stage1.block0", x, 1, False, train)
        x = self.block("stage2.block0", x, 2, True, train)
        return F.linear(x.mean(dim=(2, 3)), self.t["fc.weight"], self.t["fc.bias"])


def images(examples, shape, order):
    """Bytes v become v/255 in float32 (ToTensor), then float64."""
    raw = np.asarray([examples[i] for i in order], dtype=np.uint8).reshape([len(order)] + shape)
    return torch.from_numpy(raw.astype(np.float32) / np.float32(255)).to(torch.float64)


def correct(logits, labels):
    return int((logits.argmax(dim=1) == labels).sum())


def train(run):
    cfg, shape = run["config"], run["shape"]
    model = ResnetTiny(run["state"])
    opt = torch.optim.SGD(model.params, lr=cfg["lr"], momentum=cfg["momentum"], dampening=0,
                          weight_decay=cfg["weightDecay"], nesterov=False)
    x_train, y_train = run["train"]["examples"], run["train"]["labels"]
    x_test = images(run["test"]["examples"], shape, range(len(run["test"]["labels"])))
    y_test = torch.tensor(run["test"]["labels"])
    n, size = len(y_train), cfg["batchSize"]
    batches = -(-n // size)
    epochs = []
    for epoch in range(cfg["epochs"]):
        order = permutation(cfg["seed"], epoch, n)
        loss_sum, right, seen = 0.0, 0, 0
        for b in range(batches):
            part = order[b * size:(b + 1) * size]
            if len(part) < 2:
                continue
            for group in opt.param_groups:
                group["lr"] = rate(cfg["schedule"], cfg["lr"], epoch + b / batches)
            labels = torch.tensor([y_train[i] for i in part])
            opt.zero_grad(set_to_none=True)
            logits = model.forward(images(x_train, shape, part), True)
            loss = F.cross_entropy(logits, labels)
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(part)
            right += correct(logits.detach(), labels)
            seen += len(part)
        with torch.no_grad():
            test_right = correct(model.forward(x_test, False), y_test)
        epochs.append({"epoch": epoch + 1, "learningRate": rate(cfg["schedule"], cfg["lr"], epoch),
                       "loss": loss_sum / seen, "trainAccuracy": right / seen,
                       "testAccuracy": test_right / len(y_test), "trainExamples": seen})
    return epochs


def main():
    if len(sys.argv) != 3:
        print("usage: training_oracle.py IN OUT", file=sys.stderr)
        sys.exit(2)
    with open(sys.argv[1]) as f:
        run = json.load(f)
    with open(sys.argv[2], "w") as f:
        json.dump({"torch": torch.__version__, "epochs": train(run)}, f)


if __name__ == "__main__":
    main()
