"""CTGAN's training step in PyTorch with the layer sizes of gan-augment's plugins/ctgan.

Mirrors plugins/ctgan/train.ts and networks.ts: a generator of residual blocks
(Linear -> BatchNorm1d -> ReLU, output concatenated with the input) and a Linear head whose output
is activated per span (tanh for scalars, Gumbel-softmax tau 0.2 for one-hots); a PacGAN critic
(pac rows concatenated, Linear -> LeakyReLU 0.2 -> Dropout 0.5 per hidden layer, Linear to 1);
WGAN-GP (lambda 10) critic step, then a generator step with the conditional cross-entropy; Adam
lr 2e-4, betas (0.5, 0.9), weight decay 1e-6. `layout` (from the tfjs side) fixes dataDim,
condDim, the output spans and which spans are conditioned, so both sides train the same shapes.
"""
import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


class Residual(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.fc = nn.Linear(i, o)
        self.bn = nn.BatchNorm1d(o)

    def forward(self, x):
        return torch.cat([F.relu(self.bn(self.fc(x))), x], dim=1)


class Generator(nn.Module):
    def __init__(self, input_dim, dims, data_dim):
        super().__init__()
        layers, width = [], input_dim
        for units in dims:
            layers.append(Residual(width, units))
            width += units
        layers.append(nn.Linear(width, data_dim))
        self.seq = nn.Sequential(*layers)

    def forward(self, x):
        return self.seq(x)


class Critic(nn.Module):
    def __init__(self, input_dim, dims, pac):
        super().__init__()
        self.pac = pac
        layers, width = [], input_dim * pac
        for units in dims:
            layers += [nn.Linear(width, units), nn.LeakyReLU(0.2), nn.Dropout(0.5)]
            width = units
        layers.append(nn.Linear(width, 1))
        self.seq = nn.Sequential(*layers)

    def forward(self, x):
        return self.seq(x.view(-1, x.shape[1] * self.pac))


def activate(raw, spans):
    parts = []
    for s in spans:
        logits = raw[:, s["start"]:s["start"] + s["width"]]
        parts.append(torch.tanh(logits) if s["activation"] == "tanh" else F.gumbel_softmax(logits, tau=0.2))
    return torch.cat(parts, dim=1)


def gradient_penalty(critic, real, fake, pac, lam=10.0):
    packs = real.shape[0] // pac
    alpha = torch.rand(packs, 1, 1).repeat(1, pac, real.shape[1]).view(-1, real.shape[1])
    mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    out = critic(mixed)
    grad = torch.autograd.grad(out, mixed, torch.ones_like(out), create_graph=True, retain_graph=True)[0]
    norm = grad.view(-1, pac * real.shape[1]).norm(2, dim=1)
    return ((norm - 1) ** 2).mean() * lam


class CtganStep:
    def __init__(self, layout, seed=1):
        torch.manual_seed(seed)
        self.rng = np.random.default_rng(seed)
        self.l = layout
        self.batch = layout["batchSize"]
        self.emb = layout["embeddingDim"]
        data_dim, cond_dim = layout["dataDim"], layout["condDim"]
        self.g = Generator(self.emb + cond_dim, layout["generatorDims"], data_dim)
        self.d = Critic(data_dim + cond_dim, layout["criticDims"], layout["pac"])
        self.opt_g = torch.optim.Adam(self.g.parameters(), lr=2e-4, betas=(0.5, 0.9), weight_decay=1e-6)
        self.opt_d = torch.optim.Adam(self.d.parameters(), lr=2e-4, betas=(0.5, 0.9), weight_decay=1e-6)
        # Training matrix with the same width: random scalars in [-1, 1] and one-hot spans.
        rows = layout["rows"]
        m = np.zeros((rows, data_dim), dtype=np.float32)
        for s in layout["spans"]:
            if s["activation"] == "tanh":
                m[:, s["start"]] = self.rng.uniform(-1, 1, rows)
            else:
                m[np.arange(rows), s["start"] + self.rng.integers(0, s["width"], rows)] = 1
        self.data = torch.from_numpy(m)

    def _cond(self):
        """Training-by-sampling condition vectors: class one-hot + one categorical value per row."""
        l, b = self.l, self.batch
        cond = np.zeros((b, l["condDim"]), dtype=np.float32)
        cond[np.arange(b), self.rng.integers(0, l["classes"], b)] = 1
        spans = l["conditioned"]
        if spans:
            col = self.rng.integers(0, len(spans), b)
            starts = np.array([s["condStart"] for s in spans])[col]
            widths = np.array([s["width"] for s in spans])[col]
            cond[np.arange(b), starts + (self.rng.random(b) * widths).astype(int)] = 1
        return torch.from_numpy(cond), col if spans else None

    def _cond_loss(self, raw, c1):
        loss = 0
        for s in self.l["conditioned"]:
            logits = raw[:, s["outputStart"]:s["outputStart"] + s["width"]]
            target = c1[:, s["condStart"]:s["condStart"] + s["width"]]
            loss = loss - (target * F.log_softmax(logits, dim=1)).sum()
        return loss / raw.shape[0]

    def step(self):
        b = self.batch
        # critic step
        c1, _ = self._cond()
        perm = torch.from_numpy(self.rng.permutation(b))
        c2 = c1[perm]
        real = self.data[torch.from_numpy(self.rng.integers(0, self.data.shape[0], b))]
        z = torch.randn(b, self.emb)
        fake = activate(self.g(torch.cat([z, c1], dim=1)), self.l["spans"])
        fake_cat = torch.cat([fake, c1], dim=1)
        real_cat = torch.cat([real, c2], dim=1)
        y_fake = self.d(fake_cat)
        y_real = self.d(real_cat)
        pen = gradient_penalty(self.d, real_cat, fake_cat, self.l["pac"])
        loss_d = -(torch.mean(y_real) - torch.mean(y_fake))
        self.opt_d.zero_grad(set_to_none=False)
        pen.backward(retain_graph=True)
        loss_d.backward()
        self.opt_d.step()
        # generator step
        c1, _ = self._cond()
        z = torch.randn(b, self.emb)
        raw = self.g(torch.cat([z, c1], dim=1))
        fake = activate(raw, self.l["spans"])
        y = self.d(torch.cat([fake, c1], dim=1))
        loss_g = -torch.mean(y) + self._cond_loss(raw, c1)
        self.opt_g.zero_grad(set_to_none=False)
        loss_g.backward()
        self.opt_g.step()
