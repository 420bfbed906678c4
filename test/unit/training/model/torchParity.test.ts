/**
 * Parity of the bench model with the PyTorch reference (bench_torch.py): forward logits, loss
 * terms and the weights after one Adam step. Needs Debian's python3-torch (~15 s of CPU);
 * skipped with a printed reason where torch is missing.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { benchModelConfig } from '../../../../src/core/config/modelConfig';
import { buildModel } from '../../../../src/training/model/buildModel';
import { createOptimizer } from '../../../../src/training/optim/Optimizer';
import { trainStep } from '../../../../src/training/optim/trainStep';
import { useCpuBackend } from './tfSetup';
import { pythonHas } from '../../../helpers/paths';

const PYTHON = '/usr/bin/python3';
const dump = (ws: { name: string; shape: number[]; data: Float32Array }[]) => ws.map((w) => ({ ...w, data: Array.from(w.data) }));

describe('training/model parity with PyTorch', function () {
  this.timeout(300000);
  before(async function () {
    if (!fs.existsSync(PYTHON) || !pythonHas('torch')) {
      console.log('    skipped: Debian python3 with torch (python3-torch) is not installed');
      this.skip();
    }
    await useCpuBackend();
  });

  it('bench net: same logits, losses and Adam step as torch', async () => {
    const [size, base, batch, lr] = [32, 4, 2, 1e-3];
    const m = buildModel(benchModelConfig(size, base), 11);
    const x = tf.randomUniform([batch, size, size, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const ySeg = tf.cast(tf.greater(tf.randomUniform([batch, size, size, 1], 0, 1, 'float32', 4), 0.7), 'float32') as tf.Tensor4D;
    const yCls = tf.tensor2d([[2], [0]]);
    const w0 = m.getWeights();
    const o = m.apply(x, true);
    m.setWeights(w0); // undo that forward's moving-statistics update
    const opt = createOptimizer({ name: 'adam', learningRate: lr }, m.namedTrainableVariables);
    const loss = await trainStep(m, opt, { x, ySeg, yCls }, {}, { epoch: 0, totalEpochs: 1 }); // defaults = the reference loss
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-parity-')), 'ours.json');
    fs.writeFileSync(file, JSON.stringify({
      levels: 4, base, size, batch, lr, x: Array.from(x.dataSync()), ySeg: Array.from(ySeg.dataSync()), yCls: [2, 0],
      w0: dump(w0), w1: dump(m.getWeights()), seg: Array.from(o.segLogits.dataSync()), cls: Array.from(o.clsLogits.dataSync()), loss,
    }));
    tf.dispose([x, ySeg, yCls, o.segLogits, o.clsLogits]);
    opt.dispose();
    m.dispose();
    const r = spawnSync(PYTHON, [path.join(process.env.MEDSEG_ROOT ?? process.cwd(), 'test/unit/training/model/torchParity.py'), file], { encoding: 'utf8' });
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    assert.equal(r.status, 0, r.stderr);
    const diff = JSON.parse(r.stdout) as Record<string, number>;
    assert.ok(diff.segLogits < 1e-4 && diff.clsLogits < 1e-5, JSON.stringify(diff));
    assert.ok(diff.seg < 1e-5 && diff.cls < 1e-5 && diff.total < 1e-5, JSON.stringify(diff));
    // Adam's first step is ±lr per weight; float32 vs float64 noise may flip a near-zero gradient's share.
    assert.ok(diff.weightsAfterStep < 1e-4, JSON.stringify(diff));
  });
});
