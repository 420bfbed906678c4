import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { resolveTrainConfig } from '../../../src/core/config/trainConfig';
import { estimateSeconds, formatDuration, REFERENCE_TIMING, shapeOf, stepWork, timingFor, timingOfRun } from '../../../src/extension/runs/estimateRunTime';
import { presetConfig } from '../../../src/extension/runs/presetConfig';
import { applyRecipe, FALLBACK_RECIPE, freeConfigName, recipeFromJson, recipesFor } from '../../../src/extension/runs/recipes';
import { isResumable } from '../../../src/extension/runs/runFiles';
import type { RunSummary } from '../../../src/core/run';
import { projectRoot } from '../../helpers/paths';

/** The recipe files shipped in media/recipes/ (none until they land: the fallback stands in). */
function shippedRecipes() {
  const dir = path.join(projectRoot(), 'media/recipes');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.medseg.json')) : [];
  return files.map((f) => recipeFromJson(f.replace(/\.medseg\.json$/, ''), JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))!);
}

describe('new-config wizard: recipes, names, time estimate (pure)', () => {
  it('the default figshare config is the recipe the README shows learning (not softmax/Dice+CE/dynamic)', () => {
    const demo = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'media/demo/figshare-full.medseg.json'), 'utf8'));
    const recipes = recipesFor([...shippedRecipes(), FALLBACK_RECIPE], 'figshare');
    const first = recipes[0];
    const cfg = resolveTrainConfig(applyRecipe(first, 'mine', 'data/figshare'), '/ws');
    const want = recipes.some((r) => r.id === 'figshare-multitask-fast') ? 'figshare-multitask-fast' : FALLBACK_RECIPE.id;
    assert.strictEqual(first.id, want);
    assert.strictEqual(cfg.data.root, '/ws/data/figshare');
    assert.strictEqual(cfg.run.outputDir, '/ws/runs');
    assert.strictEqual(cfg.name, 'mine');
    if (first === FALLBACK_RECIPE) {
      const d = resolveTrainConfig(demo, '/ws');
      assert.deepStrictEqual([cfg.model.depth, cfg.model.baseFilters, cfg.model.norm, cfg.model.segHead], [d.model.depth, d.model.baseFilters, d.model.norm, d.model.segHead]);
      assert.deepStrictEqual([cfg.loss.seg.name, cfg.loss.multitask.weighting], [d.loss.seg.name, d.loss.multitask.weighting]);
      assert.deepStrictEqual([cfg.data.inputSize, cfg.training.epochs, cfg.training.iterationsPerEpoch], [96, 16, 20]);
    }
    // The custom path starts from the same recipe.
    const custom = resolveTrainConfig(presetConfig('figshare', 'd', 'c', 96, 16, 'nnunet-default', 'wasm'), '/ws');
    assert.deepStrictEqual([custom.model.depth, custom.loss.seg.name, custom.loss.multitask.weighting, custom.optimizer.learningRate], [4, 'diceBce', 'fixed', 0.003]);
  });

  it('every shipped recipe is a valid config once applied, and BraTS data gets a BraTS recipe first', () => {
    for (const r of shippedRecipes()) resolveTrainConfig(applyRecipe(r, 'x', 'd'), '/ws');
    const brats = recipesFor(shippedRecipes(), 'brats');
    if (brats.length) assert.match(brats[0].id, /^brats-regions/);
    assert.strictEqual(recipeFromJson('bad', { data: { kind: 'unknown' } }), undefined);
  });

  it('never reuses a taken config name: base, then -2, -3', async () => {
    const taken = new Set(['figshare.medseg.json', 'figshare-2.medseg.json']);
    assert.strictEqual(await freeConfigName('figshare', async (f) => taken.has(f)), 'figshare-3.medseg.json');
    assert.strictEqual(await freeConfigName('new', async (f) => taken.has(f)), 'new.medseg.json');
  });

  it('estimates time from steps × measured seconds per step, scaled by work and CPUs, capped by a budget', () => {
    const cfg = applyRecipe(FALLBACK_RECIPE, 'x', 'd');
    const steps = 16 * 20;
    assert.strictEqual(shapeOf(cfg).steps, steps);
    assert.ok(Math.abs(estimateSeconds(cfg, REFERENCE_TIMING, 2) - steps * REFERENCE_TIMING.secondsPerStep) < 1e-9);
    assert.ok(Math.abs(estimateSeconds(cfg, REFERENCE_TIMING, 4) - steps * REFERENCE_TIMING.secondsPerStep / 2) < 1e-9);
    const big = { ...cfg, data: { inputSize: 192 } };
    assert.ok(Math.abs(estimateSeconds(big, REFERENCE_TIMING, 2) / estimateSeconds(cfg, REFERENCE_TIMING, 2) - 4) < 1e-9);
    assert.strictEqual(estimateSeconds({ ...cfg, training: { epochs: 1000, iterationsPerEpoch: 20, budgetMinutes: 5 } }, REFERENCE_TIMING, 2), 300);
    const measured = timingOfRun('r', cfg, [10, 12], 2)!;
    assert.strictEqual(measured.secondsPerStep, 22 / 40);
    assert.strictEqual(stepWork(measured.shape), stepWork(REFERENCE_TIMING.shape));
    assert.strictEqual(formatDuration(250), 'about 4 min');
  });

  it('scales only from an earlier run of a similar size, and reads budget 0 as no budget', () => {
    const cfg = applyRecipe(FALLBACK_RECIPE, 'x', 'd');
    // A tiny run's per-step overhead would make the recipe look hours long (seen: "about 2.4 h").
    const tiny = timingOfRun('tiny', { data: { inputSize: 32 }, model: { baseFilters: 4, depth: 2 }, training: { iterationsPerEpoch: 5, batchSize: 4 } }, [1.2], 2)!;
    const similar = timingOfRun('similar', { data: { inputSize: 128 }, model: { baseFilters: 8, depth: 4 }, training: { iterationsPerEpoch: 20, batchSize: 8 } }, [30], 2)!;
    assert.strictEqual(timingFor(shapeOf(cfg), [tiny]), REFERENCE_TIMING);
    assert.strictEqual(timingFor(shapeOf(cfg), [tiny, similar]), similar);
    const noBudget = { ...cfg, training: { epochs: 16, iterationsPerEpoch: 20, budgetMinutes: 0 } };
    assert.strictEqual(shapeOf(noBudget).budgetSeconds, undefined);
    assert.strictEqual(shapeOf({ data: { inputSize: 128, patchSize: 96 } }).inputSize, 96, 'a patch run steps at the patch size');
    assert.ok(Math.abs(estimateSeconds(noBudget, REFERENCE_TIMING, 2) - 320 * REFERENCE_TIMING.secondsPerStep) < 1e-9);
  });

  it('Resume offers stopped, failed and interrupted runs, not completed or live ones', () => {
    const s = (status: RunSummary['status']) => ({ status } as RunSummary);
    assert.deepStrictEqual(['stopped', 'failed', 'running', 'completed'].map((st) => isResumable(s(st as RunSummary['status']), false)), [true, true, true, false]);
    assert.strictEqual(isResumable(s('running'), true), false);
  });
});
