import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { projectRoot } from '../../helpers/paths';
import { tinyConfig } from '../loop/tinyConfig';

interface Exit { code: number | null; signal: NodeJS.Signals | null; out: string }

/** Runs the built CLI; kills it by pid if it has not exited `graceMs` after printing its result. */
function runCli(args: string[], env: Record<string, string>, graceMs: number): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(projectRoot(), 'dist/cli.js'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    const onData = (d: Buffer) => {
      out += d.toString();
      // The last line a train run prints: from here on the process has nothing left to do.
      if (!timer && /validation Dice|medseg: /.test(out)) timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => { if (timer) clearTimeout(timer); resolve({ code, signal, out }); });
  });
}

describe('medseg CLI ends when its work is done', function () {
  this.timeout(300_000);
  let tmp: string;
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-cli-exit-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('train with threaded WASM exits 0 after the run completes', async () => {
    const config = { ...tinyConfig(tmp, { epochs: 1, iterations: 2 }), run: { outputDir: tmp, backend: 'wasm' } };
    const file = path.join(tmp, 'tiny.medseg.json');
    fs.writeFileSync(file, JSON.stringify(config));
    const r = await runCli(['train', file, '--budget-minutes', '5'], { MEDSEG_WASM_THREADS: '2' }, 15_000);
    assert.strictEqual(r.signal, null, `the CLI was still running 15 s after its result:\n${r.out}`);
    assert.strictEqual(r.code, 0, r.out);
    assert.match(r.out, /run completed/);
    // It says whether the seed repeats: the 2 steps fit in the budget, so the schedule counted steps.
    assert.match(r.out, /\d+\.\d CPU-min of a 5 CPU-min budget; the steps fit, so the learning rate counted steps/);
  });

  it('train on a missing config exits non-zero, naming the file', async () => {
    const missing = path.join(tmp, 'nope.medseg.json');
    const r = await runCli(['train', missing], {}, 15_000);
    assert.strictEqual(r.signal, null);
    assert.notStrictEqual(r.code, 0);
    assert.ok(r.out.includes('nope.medseg.json'), r.out);
  });
});
