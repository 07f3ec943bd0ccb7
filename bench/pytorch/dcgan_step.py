"""The conditional DCGAN step of gan-augment's plugins/dcgan (networks.ts, train.ts) in PyTorch,
with the same layer sizes, losses and optimiser (defaults: noise 100, generator width 64,
discriminator width 32, dropout 0.3, auxiliary weight 1, Adam lr 5e-4 betas (0.5, 0.999)).

generator:     [noise | onehot] -> Linear (no bias) -> [g, H/4, W/4] -> BatchNorm -> ReLU
               -> ConvTranspose g/2 (4x4, s2, p1, no bias) -> BatchNorm -> ReLU
               -> ConvTranspose C (4x4, s2, p1) -> sigmoid
discriminator: Conv d (4x4, s2, p1) -> LeakyReLU 0.2 -> dropout -> Conv 2d (4x4, s2, p1)
               -> LeakyReLU 0.2 -> dropout -> features f;
               realism = Linear(f) + <embed(class), f> (projection); aux = Linear(f -> classes)
step:          D on [real; G(z, y)] (no gradient into G): softplus(-D(real)) + softplus(D(fake))
               + CE(aux(real), y); then G: softplus(-D(G(z, y))) + CE(aux(G(z, y)), y).
BatchNorm uses batch statistics only (the plugin calibrates running statistics after training).
"""
import torch
from torch import nn
from torch.nn import functional as F


class Generator(nn.Module):
    def __init__(self, noise, classes, g, h, w, c):
        super().__init__()
        self.g, self.h4, self.w4 = g, h // 4, w // 4
        self.dense = nn.Linear(noise + classes, self.h4 * self.w4 * g, bias=False)
        self.bn0 = nn.BatchNorm2d(g, track_running_stats=False)
        self.up1 = nn.ConvTranspose2d(g, g // 2, 4, 2, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(g // 2, track_running_stats=False)
        self.up2 = nn.ConvTranspose2d(g // 2, c, 4, 2, 1)

    def forward(self, z, y):
        h = self.dense(torch.cat([z, y], 1)).view(-1, self.g, self.h4, self.w4)
        h = F.relu(self.bn0(h))
        h = F.relu(self.bn1(self.up1(h)))
        return torch.sigmoid(self.up2(h))


class Discriminator(nn.Module):
    def __init__(self, classes, d, h, w, c, dropout):
        super().__init__()
        f = (h // 4) * (w // 4) * 2 * d
        self.conv1 = nn.Conv2d(c, d, 4, 2, 1)
        self.conv2 = nn.Conv2d(d, 2 * d, 4, 2, 1)
        self.out = nn.Linear(f, 1)
        self.embed = nn.Linear(classes, f, bias=False)
        self.aux = nn.Linear(f, classes)
        self.dropout = dropout

    def forward(self, x, y):
        h = F.dropout(F.leaky_relu(self.conv1(x), 0.2), self.dropout, training=True)
        h = F.dropout(F.leaky_relu(self.conv2(h), 0.2), self.dropout, training=True)
        f = h.flatten(1)
        realism = self.out(f).view(-1) + (f * self.embed(y)).sum(1)
        return realism, self.aux(f)


class DcganStep:
    def __init__(self, batch=64, classes=10, shape=(28, 28, 1), seed=1, noise=100, g=64, d=32,
                 dropout=0.3, aux_weight=1.0, lr=5e-4, beta1=0.5):
        torch.manual_seed(seed)
        h, w, c = shape
        self.batch, self.noise, self.aux_weight = batch, noise, aux_weight
        self.g = Generator(noise, classes, g, h, w, c)
        self.d = Discriminator(classes, d, h, w, c, dropout)
        self.opt_g = torch.optim.Adam(self.g.parameters(), lr=lr, betas=(beta1, 0.999))
        self.opt_d = torch.optim.Adam(self.d.parameters(), lr=lr, betas=(beta1, 0.999))
        self.real = torch.rand(batch, c, h, w)
        self.labels = torch.randint(0, classes, (batch,))
        self.onehot = F.one_hot(self.labels, classes).float()

    def step(self):
        b, y, onehot = self.batch, self.labels, self.onehot
        z = torch.randn(b, self.noise)
        with torch.no_grad():
            fake = self.g(z, onehot)
        realism, logits = self.d(torch.cat([self.real, fake], 0), torch.cat([onehot, onehot], 0))
        loss_d = F.softplus(-realism[:b]).mean() + F.softplus(realism[b:]).mean() \
            + self.aux_weight * F.cross_entropy(logits[:b], y)
        self.opt_d.zero_grad(set_to_none=False)
        loss_d.backward()
        self.opt_d.step()
        realism, logits = self.d(self.g(z, onehot), onehot)
        loss_g = F.softplus(-realism).mean() + self.aux_weight * F.cross_entropy(logits, y)
        self.opt_g.zero_grad(set_to_none=False)
        loss_g.backward()
        self.opt_g.step()
        return loss_d.item(), loss_g.item()
