"""d2l.ai's ResNet-18 (chapter "Residual Networks") in native PyTorch, as the repository's preset d2l-resnet18 has it,
for the benchmarks' native peers (native/native_peer.py on CPU, gpu/native_resnet18.py on a GPU)."""


def build_d2l_resnet18(nn, functional, in_channels=1, classes=10):
    """d2l.ai's ResNet-18, layer for layer as the chapter writes it (the repository's preset d2l-resnet18)."""

    class Residual(nn.Module):
        def __init__(self, cin, cout, use_1x1, stride):
            super().__init__()
            self.conv1 = nn.Conv2d(cin, cout, kernel_size=3, padding=1, stride=stride)
            self.conv2 = nn.Conv2d(cout, cout, kernel_size=3, padding=1)
            self.conv3 = nn.Conv2d(cin, cout, kernel_size=1, stride=stride) if use_1x1 else None
            self.bn1 = nn.BatchNorm2d(cout)
            self.bn2 = nn.BatchNorm2d(cout)

        def forward(self, x):
            # d2l's forward verbatim (functional ReLU, in-place add), so the reference is the chapter's code.
            y = functional.relu(self.bn1(self.conv1(x)))
            y = self.bn2(self.conv2(y))
            if self.conv3 is not None:
                x = self.conv3(x)
            y += x
            return functional.relu(y)

    def stage(cin, cout, first_stage):
        blocks = []
        for i in range(2):
            if i == 0 and not first_stage:
                blocks.append(Residual(cin, cout, use_1x1=True, stride=2))
            else:
                blocks.append(Residual(cout, cout, use_1x1=False, stride=1))
        return nn.Sequential(*blocks)

    stem = nn.Sequential(nn.Conv2d(in_channels, 64, kernel_size=7, stride=2, padding=3), nn.BatchNorm2d(64),
                         nn.ReLU(), nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    return nn.Sequential(stem, stage(64, 64, True), stage(64, 128, False), stage(128, 256, False),
                         stage(256, 512, False), nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(512, classes))


def init_weights(nn, module):
    """As the repository's Initializer: Xavier-uniform weights, zero biases (BN keeps gamma 1, beta 0)."""
    if isinstance(module, (nn.Conv2d, nn.Linear)):
        nn.init.xavier_uniform_(module.weight)
        nn.init.zeros_(module.bias)
