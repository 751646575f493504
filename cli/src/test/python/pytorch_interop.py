"""Native PyTorch's side of PyTorchInteropTest (cli): torchvision's ResNets and the d2l chapter's ResNet-18.

  make DIR N                     train torchvision resnet18 and the d2l model (1x28x28, 10 classes) a few SGD steps on
                                 Fashion-MNIST, save their state_dicts (safetensors, as torch holds them) and evaluate
                                 them on the first N test images: DIR/{torchvision,d2l}.safetensors, *-logits.safetensors,
                                 DIR/native.json; and the state_dict names and shapes of torchvision's resnet18..resnet152
                                 (3 channels, 1000 classes) and of the d2l model: DIR/names.json
  check DIR N                    load DIR/exported-{torchvision,d2l}.safetensors, written by resnet-spi, into torchvision's
                                 resnet18 and the d2l model with strict=True and evaluate them on the first N test images:
                                 DIR/exported-*-logits.safetensors, DIR/exported.json

safetensors is read and written here directly (8-byte little-endian header length, JSON header, raw data): Debian
packages no safetensors module for python3-torch.
"""
import gzip
import json
import struct
import sys

import numpy as np
import torch
import torchvision
from torch import nn
from torch.nn import functional as F

DATA = "/usr/share/datasets/fashion-mnist"
DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.int64: "I64"}
NUMPY = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64}


class Residual(nn.Module):
    """d2l.ai, chapter "Residual Networks" (PyTorch): the block as the chapter writes it."""

    def __init__(self, input_channels, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides) if use_1x1conv else None
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)

    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        Y += X
        return F.relu(Y)


def resnet_block(input_channels, num_channels, num_residuals, first_block=False):
    blk = []
    for i in range(num_residuals):
        if i == 0 and not first_block:
            blk.append(Residual(input_channels, num_channels, use_1x1conv=True, strides=2))
        else:
            blk.append(Residual(num_channels, num_channels))
    return blk


def d2l_resnet18():
    b1 = nn.Sequential(nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3), nn.BatchNorm2d(64), nn.ReLU(),
                       nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    b2 = nn.Sequential(*resnet_block(64, 64, 2, first_block=True))
    b3 = nn.Sequential(*resnet_block(64, 128, 2))
    b4 = nn.Sequential(*resnet_block(128, 256, 2))
    b5 = nn.Sequential(*resnet_block(256, 512, 2))
    return nn.Sequential(b1, b2, b3, b4, b5, nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(512, 10))


def torchvision_resnet18():
    """torchvision's resnet18 for grey 28x28 images and 10 classes: its first convolution takes one channel."""
    m = torchvision.models.resnet18(num_classes=10)
    m.conv1 = nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3, bias=False)
    return m


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().cpu().numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)) + head + b"".join(blobs))


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        a = np.frombuffer(raw[8 + n + b:8 + n + end], dtype=NUMPY[e["dtype"]]).reshape(e["shape"])
        out[name] = torch.from_numpy(a.copy())
    return out


def idx(name):
    with gzip.open(f"{DATA}/{name}", "rb") as f:
        raw = f.read()
    return raw


def images(split, n):
    raw = idx(f"{split}-images-idx3-ubyte.gz")
    a = np.frombuffer(raw, dtype=np.uint8, offset=16)[:n * 784].reshape(n, 1, 28, 28)
    return torch.from_numpy(a.astype(np.float32) / 255)


def labels(split, n):
    raw = idx(f"{split}-labels-idx1-ubyte.gz")
    return torch.from_numpy(np.frombuffer(raw, dtype=np.uint8, offset=8)[:n].astype(np.int64))


def evaluate(model, n):
    model.eval()
    x, y = images("t10k", n), labels("t10k", n)
    with torch.no_grad():
        logits = model(x)
    return logits, {"accuracy": (logits.argmax(1) == y).double().mean().item(),
                    "loss": F.cross_entropy(logits.double(), y).item()}


def train_a_little(model, steps=30, batch=64):
    x, y = images("train", steps * batch), labels("train", steps * batch)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    model.train()
    for s in range(steps):
        opt.zero_grad()
        F.cross_entropy(model(x[s * batch:(s + 1) * batch]), y[s * batch:(s + 1) * batch]).backward()
        opt.step()


def names(out):
    shapes = {}
    for arch in ["resnet18", "resnet34", "resnet50", "resnet101", "resnet152"]:
        sd = getattr(torchvision.models, arch)().state_dict()
        shapes[arch] = {k: list(v.shape) for k, v in sd.items()}
    shapes["d2l-resnet18"] = {k: list(v.shape) for k, v in d2l_resnet18().state_dict().items()}
    with open(out, "w") as f:
        json.dump(shapes, f)


def make(d, n):
    torch.manual_seed(0)
    result = {"torch": torch.__version__, "torchvision": torchvision.__version__}
    for kind, model in [("torchvision", torchvision_resnet18()), ("d2l", d2l_resnet18())]:
        train_a_little(model)
        write_safetensors(f"{d}/{kind}.safetensors", model.state_dict())
        logits, r = evaluate(model, n)
        write_safetensors(f"{d}/{kind}-logits.safetensors", {"logits": logits})
        result[kind] = r
    with open(f"{d}/native.json", "w") as f:
        json.dump(result, f)
    names(f"{d}/names.json")


def check(d, n):
    result = {}
    for kind, model in [("torchvision", torchvision_resnet18()), ("d2l", d2l_resnet18())]:
        model.load_state_dict(read_safetensors(f"{d}/exported-{kind}.safetensors"), strict=True)
        logits, result[kind] = evaluate(model, n)
        write_safetensors(f"{d}/exported-{kind}-logits.safetensors", {"logits": logits})
    with open(f"{d}/exported.json", "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    torch.set_num_threads(2)
    cmd = sys.argv[1]
    if cmd == "make":
        make(sys.argv[2], int(sys.argv[3]))
    elif cmd == "check":
        check(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(f"unknown command {cmd}")
