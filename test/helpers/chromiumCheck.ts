import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { projectRoot } from './paths';

/** A check script's exit code when there is no chromium (test/runner/chromiumPath.mjs). */
const NO_CHROMIUM_EXIT = 3;

/**
 * Runs a `test/runner/*Check.mjs` script that drives a real chromium and prints one JSON line
 * per case; returns the cases. Skips the calling suite when there is no chromium.
 */
export function runChromiumCheck<T>(ctx: Mocha.Context, script: string, cases: number): T[] {
  const r = spawnSync(process.execPath, [path.join(projectRoot(), 'test/runner', script)], { encoding: 'utf8', timeout: 100000 });
  if (r.status === NO_CHROMIUM_EXIT) ctx.skip();
  assert.strictEqual(r.status, 0, r.stderr);
  const out = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as T);
  assert.strictEqual(out.length, cases, r.stdout);
  return out;
}
