#!/usr/bin/python3
"""Checks MultitaskUNet (bench config) against PyTorch, run by torchParity.test.ts.
Reads the JSON the test wrote (input, labels, weights before/after one Adam step, logits, loss
terms), loads the weights into the reference net of bench_torch.py (float64), repeats the step
and prints the largest differences as JSON."""
import json, sys
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):  # same as bench_torch.py
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
            x = d(x); skips.append(x); x = F.max_pool2d(x, 2)
        x = self.bottleneck(x)
        logits = self.cls(x.mean(dim=(2, 3)))
        for up, dec, s in zip(self.up, self.dec, reversed(skips)):
            x = dec(torch.cat([up(x), s], 1))
        return self.seg(x), logits


d = json.load(open(sys.argv[1]))
L, base, S, N = d['levels'], d['base'], d['size'], d['batch']
torch.set_num_threads(1)
m = UNet(base, L).double()
W0 = {w['name']: np.array(w['data'], np.float64).reshape(w['shape']) for w in d['w0']}
W1 = {w['name']: np.array(w['data'], np.float64).reshape(w['shape']) for w in d['w1']}
oihw = lambda a: a.transpose(3, 2, 0, 1)  # HWIO (and transposed-conv HW,out,in) -> torch layout
pairs = []
def conv(t, n): pairs.append((t.weight, n + '/kernel', oihw))
def bn(t, n):
    for p, k in ((t.weight, 'gamma'), (t.bias, 'beta'), (t.running_mean, 'movingMean'), (t.running_var, 'movingVariance')):
        pairs.append((p, f'{n}/{k}', None))
def blk(seq, n):
    conv(seq[0], n + '/conv1/conv'); bn(seq[1], n + '/conv1/norm'); conv(seq[3], n + '/conv2/conv'); bn(seq[4], n + '/conv2/norm')
for i in range(L): blk(m.down[i], f'enc{i}')
blk(m.bottleneck, 'bottleneck')
for k in range(L):
    i = L - 1 - k
    pairs += [(m.up[k].weight, f'up{i}/kernel', oihw), (m.up[k].bias, f'up{i}/bias', None)]
    blk(m.dec[k], f'dec{i}')
pairs += [(m.seg.weight, 'seg/out/kernel', oihw), (m.seg.bias, 'seg/out/bias', None),
          (m.cls.weight, 'cls/out/kernel', lambda a: a.T), (m.cls.bias, 'cls/out/bias', None)]
assert sorted(n for _, n, _ in pairs) == sorted(W0), 'weight names differ'
with torch.no_grad():
    for t, n, f in pairs:
        t.copy_(torch.from_numpy(np.ascontiguousarray(f(W0[n]) if f else W0[n])))
nhwc = lambda v: torch.tensor(v, dtype=torch.float64).reshape(N, S, S, 1).permute(0, 3, 1, 2)
x, mask, cls = nhwc(d['x']), nhwc(d['ySeg']), torch.tensor(d['yCls'])
m.train()
opt = torch.optim.Adam(m.parameters(), lr=d['lr'])
seg, logits = m(x)
p = torch.sigmoid(seg)
dice = 1 - (2 * (p * mask).sum() + 1) / (p.sum() + mask.sum() + 1)
lseg = dice + F.binary_cross_entropy_with_logits(seg, mask)
lcls = F.cross_entropy(logits, cls)
loss = lseg + 0.5 * lcls
res = {
    'segLogits': float(np.abs(seg.detach().numpy() - np.array(d['seg']).reshape(N, S, S, 1).transpose(0, 3, 1, 2)).max()),
    'clsLogits': float(np.abs(logits.detach().numpy() - np.array(d['cls']).reshape(N, 3)).max()),
    'seg': abs(lseg.item() - d['loss']['seg']), 'cls': abs(lcls.item() - d['loss']['cls']), 'total': abs(loss.item() - d['loss']['total']),
}
opt.zero_grad(); loss.backward(); opt.step()
res['weightsAfterStep'] = max(float(np.abs(t.detach().numpy() - (f(W1[n]) if f else W1[n])).max()) for t, n, f in pairs)
print(json.dumps(res))
