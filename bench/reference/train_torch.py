#!/usr/bin/env python3
"""PyTorch reference for `npm run bench -- train`: the same multitask U-Net as MedSeg's
benchModelConfig (plain blocks, BN + ReLU, 2x2 max-pool, 2x2/2 transposed-conv up, [up, skip]
concat, 1x1 seg head, GAP -> dense(3) cls head), loss Dice + BCE + 0.5 CE, Adam 1e-3.

Usage: python3 bench/reference/train_torch.py --size 64 --base 8 --batch 8 --steps 6 --warmup 2 --infer 5
Prints one line `RESULT {json}`: median ms per training step, per inference image (batch 1 and
batch 8), trainable parameter count, thread count, peak RSS.
"""
import argparse, json, os, resource, statistics, sys, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument('--size', type=int, default=64)
p.add_argument('--base', type=int, default=8)
p.add_argument('--levels', type=int, default=4)
p.add_argument('--batch', type=int, default=8)
p.add_argument('--steps', type=int, default=6)
p.add_argument('--warmup', type=int, default=2)
p.add_argument('--infer', type=int, default=5)
p.add_argument('--threads', type=int, default=os.cpu_count() or 1, help='intra-op threads (default: all CPUs, as the reference run)')
p.add_argument('--seed', type=int, default=1234)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)
rng = np.random.default_rng(a.seed)


def make_batch(B, S):
    """Noisy background plus an optional bright ellipse; class 0 none, 1 small, 2 large."""
    img = np.empty((B, 1, S, S), np.float32)
    mask = np.zeros((B, 1, S, S), np.float32)
    cls = rng.integers(0, 3, B)
    yy, xx = np.mgrid[0:S, 0:S]
    for b in range(B):
        img[b, 0] = 0.2 + 0.1 * rng.random() + 0.05 * rng.standard_normal((S, S))
        if cls[b] > 0:
            r = (0.06 + 0.05 * rng.random() if cls[b] == 1 else 0.15 + 0.08 * rng.random()) * S
            cx, cy = S * (0.3 + 0.4 * rng.random()), S * (0.3 + 0.4 * rng.random())
            m = ((xx - cx) / (r * (0.8 + 0.4 * rng.random()))) ** 2 + ((yy - cy) / (r * (0.8 + 0.4 * rng.random()))) ** 2 <= 1
            img[b, 0][m] += 0.6
            mask[b, 0][m] = 1
    return torch.from_numpy(img), torch.from_numpy(mask), torch.from_numpy(cls).long()


def block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout, momentum=0.1, eps=1e-5), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout, momentum=0.1, eps=1e-5), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, base, levels):
        super().__init__()
        ch = [base * 2 ** i for i in range(levels + 1)]
        self.down = nn.ModuleList([block(1 if i == 0 else ch[i - 1], ch[i]) for i in range(levels)])
        self.bottleneck = block(ch[levels - 1], ch[levels])
        self.up = nn.ModuleList([nn.ConvTranspose2d(ch[i + 1], ch[i], 2, stride=2) for i in reversed(range(levels))])
        self.dec = nn.ModuleList([block(2 * ch[i], ch[i]) for i in reversed(range(levels))])
        self.seg = nn.Conv2d(ch[0], 1, 1)
        self.cls = nn.Linear(ch[levels], 3)

    def forward(self, x):
        skips = []
        for d in self.down:
            x = d(x)
            skips.append(x)
            x = F.max_pool2d(x, 2)
        x = self.bottleneck(x)
        logits = self.cls(x.mean(dim=(2, 3)))
        for up, dec, s in zip(self.up, self.dec, reversed(skips)):
            x = dec(torch.cat([up(x), s], 1))
        return self.seg(x), logits


def total_loss(seg_logits, mask, logits, cls):
    seg = torch.sigmoid(seg_logits)
    bce = F.binary_cross_entropy_with_logits(seg_logits, mask)
    dice = 1 - (2 * (seg * mask).sum() + 1) / (seg.sum() + mask.sum() + 1)
    return dice + bce + 0.5 * F.cross_entropy(logits, cls)


model = UNet(a.base, a.levels)
res = {'impl': 'pytorch', 'torch': torch.__version__, 'threads': torch.get_num_threads(),
       'params': sum(p.numel() for p in model.parameters() if p.requires_grad)}
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
model.train()
step_ms, losses = [], []
for step in range(a.warmup + a.steps):
    x, m, c = make_batch(a.batch, a.size)
    t = time.perf_counter()
    opt.zero_grad(set_to_none=True)
    seg, logits = model(x)
    loss = total_loss(seg, m, logits, c)
    loss.backward()
    opt.step()
    losses.append(loss.item())
    step_ms.append((time.perf_counter() - t) * 1000)
model.eval()
x8, _, _ = make_batch(a.batch, a.size)
x1 = x8[:1].clone()
i1, i8 = [], []
with torch.no_grad():
    for i in range(a.infer + 1):
        for x, arr in ((x1, i1), (x8, i8)):
            t = time.perf_counter()
            model(x)
            if i > 0:
                arr.append((time.perf_counter() - t) * 1000)
res.update({
    'step_ms': [round(v, 1) for v in step_ms[a.warmup:]],
    'median_step_ms': round(statistics.median(step_ms[a.warmup:]), 1),
    'infer_b1_ms': round(statistics.median(i1), 2),
    'infer_ms_per_img_b8': round(statistics.median(i8) / a.batch, 2),
    'loss_first': round(losses[0], 4), 'loss_last': round(losses[-1], 4),
    'peak_rss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
})
print('RESULT ' + json.dumps(res))
sys.stdout.flush()
