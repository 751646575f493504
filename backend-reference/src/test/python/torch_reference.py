#!/usr/bin/env python3
"""An independent float64 implementation of resnet-spi's pinned semantics in PyTorch, for TorchCrossCheckTest.

Reads DIR/cases.json and DIR/tensors.f64 (written by the test: every kit network as a node list, its inputs, imported
state and optimizer settings, tensors as little-endian float64), rebuilds each network with torch.nn.functional in
float64 and runs what the kit runs on it, then writes DIR/results.json and DIR/results.f64 in the same format:

  forward cases: eval output, train output, running statistics after that train forward
  step cases:    two SGD steps (torch.optim.SGD, momentum, weight decay, learning rate changed between the steps):
                 loss, logits, gradients (p.grad: the mean loss's, before weight decay), and every state tensor after
                 each step (parameters, running statistics, momentum buffers)

Written from docs/semantics.md with PyTorch's own ops, not from the reference's code: explicit padding per side
(F.pad; -inf for max pooling, so a pad cell never wins), an exclude-pad average as a pooled sum over a pooled count,
F.batch_norm (biased variance to normalise, unbiased into the running estimate, PyTorch's momentum convention),
F.cross_entropy (mean) and torch.optim.SGD (v = mu*v + g + wd*w; w -= lr*v).

Large weights do not travel: where a weight is exactly its documented initial value (docs/semantics.md: Xavier
uniform from a SplitMix64 stream seeded with seed XOR FNV-1a-64(name)), the test sends the seed and this script draws
the tensor itself (checked bit for bit against the test's XOR of its float32 bits). Large results come back as every
k-th element (k chosen so that at most SAMPLE elements return), with the tensor's largest magnitude.

usage: torch_reference.py DIR
"""
import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.use_deterministic_algorithms(True)

SAMPLE = 4096
MASK = (1 << 64) - 1
GAMMA = np.uint64(0x9E3779B97F4A7C15)


def fnv1a64(name):
    h = 0xcbf29ce484222325
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 0x100000001b3) & MASK
    return h


def xavier(name, shape, seed):
    """The API's initial weight: uniform in (-a, a), a = sqrt(6 / (fan_in + fan_out)), float32-rounded."""
    if len(shape) == 4:
        fan_in, fan_out = shape[1] * shape[2] * shape[3], shape[0] * shape[2] * shape[3]
    else:
        fan_in, fan_out = shape[1], shape[0]
    bound = np.sqrt(6.0 / (fan_in + fan_out))
    n = int(np.prod(shape))
    with np.errstate(over="ignore"):
        z = np.uint64((seed ^ fnv1a64(name)) & MASK) + np.arange(1, n + 1, dtype=np.uint64) * GAMMA
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    u = (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    v = ((2 * u - 1) * bound).astype(np.float32)
    return v, int(np.bitwise_xor.reduce(v.view(np.uint32)))


class Tensors:
    """Named float64 arrays in one little-endian file, indexed by offset and shape."""

    def __init__(self, blob=None):
        self.blob = blob
        self.parts = []
        self.size = 0

    def read(self, ref, name=None):
        if "xavier" in ref:
            v, check = xavier(name, ref["shape"], ref["xavier"])
            if check != ref["xor"]:
                raise ValueError("the initial value of %s drawn here differs from the test's (XOR of float32 bits %d, "
                                 "expected %d): docs/semantics.md's initialisation is not what this script draws"
                                 % (name, check, ref["xor"]))
            return torch.from_numpy(v.astype(np.float64)).reshape(ref["shape"])
        n = int(np.prod(ref["shape"])) if ref["shape"] else 1
        a = self.blob[ref["offset"]:ref["offset"] + n]
        return torch.from_numpy(a.copy()).reshape(ref["shape"])

    def write(self, t):
        # a copy: the parameters and buffers are updated in place by the next step
        a = t.detach().to(torch.float64).numpy().reshape(-1).copy()
        ref = {"offset": self.size, "shape": list(t.shape)}
        if a.size > SAMPLE:
            stride = -(-a.size // SAMPLE)
            ref["stride"] = stride
            ref["absmax"] = float(np.max(np.abs(a)))
            a = a[::stride].copy()
        self.parts.append(a)
        self.size += a.size
        return ref

    def save(self, path):
        (np.concatenate(self.parts) if self.parts else np.zeros(0)).astype("<f8").tofile(path)


def pad(x, p, value=0.0):
    # p = [top, bottom, left, right]; F.pad takes the last axis first
    return F.pad(x, (p[2], p[3], p[0], p[1]), value=value)


class Net:
    def __init__(self, spec, state):
        self.spec = spec
        self.params = {}
        self.buffers = {}
        for name, t in state.items():
            if name.endswith(".running_mean") or name.endswith(".running_var"):
                self.buffers[name] = t.clone()
            else:
                self.params[name] = t.clone().requires_grad_(True)

    def tensor(self, name):
        return self.params.get(name, self.buffers.get(name))

    def forward(self, x, train):
        out = {"input": x}
        for node in self.spec["nodes"]:
            ins = [out[i] for i in node["inputs"]]
            out[node["name"]] = self.op(node, ins, train)
        return out[self.spec["output"]]

    def op(self, node, ins, train):
        kind, n, x = node["op"], node["name"], ins[0]
        if kind == "conv2d":
            bias = self.params.get(n + ".bias") if node["bias"] else None
            return F.conv2d(pad(x, node["padding"]), self.params[n + ".weight"], bias, stride=tuple(node["stride"]))
        if kind == "batchnorm2d":
            return F.batch_norm(x, self.buffers[n + ".running_mean"], self.buffers[n + ".running_var"],
                                self.params[n + ".weight"], self.params[n + ".bias"], training=train,
                                momentum=node["momentum"], eps=node["epsilon"])
        if kind == "relu":
            return F.relu(x)
        if kind == "add":
            return ins[0] + ins[1]
        if kind == "maxpool2d":
            return F.max_pool2d(pad(x, node["padding"], float("-inf")), tuple(node["kernel"]), tuple(node["stride"]))
        if kind == "avgpool2d":
            k, s = tuple(node["kernel"]), tuple(node["stride"])
            area = k[0] * k[1]
            total = F.avg_pool2d(pad(x, node["padding"]), k, s) * area
            if node["countIncludePad"]:
                return total / area
            ones = torch.ones((1, 1) + tuple(x.shape[2:]))
            count = F.avg_pool2d(pad(ones, node["padding"]), k, s) * area
            return total / count
        if kind == "globalavgpool":
            return x.mean(dim=(2, 3), keepdim=True)
        if kind == "flatten":
            return x.reshape(x.shape[0], -1)
        if kind == "dense":
            bias = self.params.get(n + ".bias") if node["bias"] else None
            return F.linear(x, self.params[n + ".weight"], bias)
        raise ValueError("unknown op " + kind + " of node " + n)

    def running_stats(self):
        return dict(self.buffers)


def forward_case(case, tin, tout):
    net = Net(case["network"], {k: tin.read(v, k) for k, v in case["state"].items()})
    x = tin.read(case["images"])
    res = {}
    with torch.no_grad():
        res["eval"] = tout.write(net.forward(x, False))
        res["train"] = tout.write(net.forward(x, True))
    for name, t in net.running_stats().items():
        res["stats/" + name] = tout.write(t)
    return res


def step_case(case, tin, tout):
    net = Net(case["network"], {k: tin.read(v, k) for k, v in case["state"].items()})
    order = list(case["trainable"])
    params = [net.params[name] for name in order]
    sgd = case["sgd"]
    opt = torch.optim.SGD(params, lr=sgd["lr1"], momentum=sgd["momentum"], dampening=0,
                          weight_decay=sgd["weightDecay"], nesterov=False)
    res = {}
    for step, (xs, ls, lr) in enumerate([("images1", "labels1", sgd["lr1"]), ("images2", "labels2", sgd["lr2"])], 1):
        for group in opt.param_groups:
            group["lr"] = lr
        opt.zero_grad(set_to_none=True)
        logits = net.forward(tin.read(case[xs]), True)
        loss = F.cross_entropy(logits, torch.tensor(case[ls], dtype=torch.long))
        loss.backward()
        p = "step%d/" % step
        res[p + "loss"] = tout.write(loss.detach().reshape(()))
        res[p + "logits"] = tout.write(logits)
        for name, t in zip(order, params):
            res[p + "grad/" + name] = tout.write(t.grad)
        opt.step()
        for name, t in zip(order, params):
            res[p + "state/" + name] = tout.write(t)
            buf = opt.state[t].get("momentum_buffer")
            if buf is not None:
                res[p + "state/" + name + ".momentum_buffer"] = tout.write(buf)
        for name, t in net.running_stats().items():
            res[p + "state/" + name] = tout.write(t)
    return res


def main():
    if len(sys.argv) != 2:
        print("usage: torch_reference.py DIR", file=sys.stderr)
        sys.exit(2)
    d = Path(sys.argv[1])
    cases = json.loads((d / "cases.json").read_text())
    tin = Tensors(np.fromfile(d / "tensors.f64", dtype="<f8"))
    tout = Tensors()
    results = []
    for case in cases["cases"]:
        run = forward_case if case["kind"] == "forward" else step_case
        results.append({"id": case["id"], "outputs": run(case, tin, tout)})
    tout.save(d / "results.f64")
    (d / "results.json").write_text(json.dumps({"torch": torch.__version__, "cases": results}))


if __name__ == "__main__":
    main()
