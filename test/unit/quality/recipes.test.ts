import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { resolveTrainConfig } from '../../../src/core/config/trainConfig';
import { listRecipes, loadRecipe } from '../../../src/cli/commands/recipes';
import { parseTrainArgs } from '../../../src/cli/commands/trainArgs';
import { projectRoot } from '../../helpers/paths';

const dir = path.join(projectRoot(), 'media', 'recipes');

describe('recipes (media/recipes, medseg train --recipe)', () => {
  it('ships the four recipes; each validates, matches the JSON schema and says what it reached', () => {
    assert.deepEqual(listRecipes(dir), ['brats-regions', 'brats-regions-fast', 'figshare-multitask', 'figshare-multitask-fast']);
    const schema = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'media', 'schemas', 'medseg-config.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false }).compile(schema);
    for (const name of listRecipes(dir)) {
      const raw = JSON.parse(fs.readFileSync(path.join(dir, `${name}.medseg.json`), 'utf8')) as Record<string, unknown>;
      assert.ok(validate(raw), `${name}: ${JSON.stringify(validate.errors)}`);
      const cfg = resolveTrainConfig(raw, dir);
      assert.equal(cfg.name, name);
      assert.match(cfg.description ?? '', /CPU-min/, `${name} says its CPU time`);
      assert.ok(cfg.training.budgetMinutes > 0, `${name} has a CPU budget`);
    }
  });

  it('loadRecipe replaces the data root and sends runs to ./runs; unknown names list the known ones', () => {
    const r = loadRecipe('figshare-multitask-fast', { dataRoot: 'some/data', cwd: '/tmp/x', budgetMinutes: 2 }, dir);
    const cfg = resolveTrainConfig(r.config, r.baseDir);
    assert.equal(cfg.data.root, '/tmp/x/some/data');
    assert.equal(cfg.run.outputDir, '/tmp/x/runs');
    assert.equal(cfg.training.budgetMinutes, 2);
    assert.throws(() => loadRecipe('nope', {}, dir), /no recipe "nope" \(known: brats-regions, /);
  });

  it('medseg train --recipe NAME --data DIR --budget-minutes M parses; --data needs --recipe', () => {
    assert.deepEqual(parseTrainArgs(['--recipe', 'brats-regions', '--data', 'd', '--budget-minutes', '5']), { json: false, recipe: 'brats-regions', data: 'd', budgetMinutes: 5 });
    assert.throws(() => parseTrainArgs(['c.json', '--data', 'd']), /--data goes with --recipe/);
    assert.throws(() => parseTrainArgs(['c.json', '--recipe', 'x']), /not both/);
    // 0 means no budget (a run that repeats for its seed whatever the CPU time); negative is refused.
    assert.equal(parseTrainArgs(['--recipe', 'x', '--budget-minutes', '0']).budgetMinutes, 0);
    assert.throws(() => parseTrainArgs(['--recipe', 'x', '--budget-minutes', '-1']), /number ≥ 0/);
  });
});
