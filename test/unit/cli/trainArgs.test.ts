import * as assert from 'assert';
import { parseTrainArgs } from '../../../src/cli/commands/trainArgs';
import { MedSegError } from '../../../src/core/util/MedSegError';

describe('medseg train arguments', () => {
  it('parses config, resume, backend, epochs and --json', () => {
    assert.deepStrictEqual(parseTrainArgs(['c.medseg.json', '--backend', 'wasm', '--epochs', '3', '--json']),
      { json: true, config: 'c.medseg.json', backend: 'wasm', epochs: 3 });
    assert.deepStrictEqual(parseTrainArgs(['--resume', 'runs/x']), { json: false, resume: 'runs/x' });
  });

  for (const [args, re] of [
    [['c.json', '--backend', 'gpu'], /--backend must be/],
    [['c.json', '--epochs', '0'], /--epochs must be a positive integer/],
    [['c.json', '--frobnicate'], /unknown option --frobnicate/],
    [[], /a config file, --recipe NAME or --resume/],
    [['c.json', '--resume'], /--resume needs a value/],
  ] as [string[], RegExp][]) {
    it(`rejects ${JSON.stringify(args)}`, () => {
      assert.throws(() => parseTrainArgs(args), (e: unknown) => e instanceof MedSegError && re.test(e.message));
    });
  }
});
