/**
 * The viewer bench's browser without playwright (test/runner/bareBrowser.mjs), in a real
 * chromium through test/runner/bareBrowserCheck.mjs: the workbench's automation log and exit
 * reach the runner through the two bindings, and `close()` stops every process of the
 * browser, whether the page exited or hung.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { projectRoot } from '../../helpers/paths';

interface BareCase { mode: string; logs: string[]; exitCode?: number; stopped?: boolean }

/** bareBrowserCheck.mjs's exit code when there is no chromium (test/runner/chromiumPath.mjs). */
const NO_CHROMIUM_EXIT = 3;

describe('bench browser without playwright: bindings deliver, close() stops chromium', function () {
  this.timeout(120000);
  let cases: BareCase[] = [];
  before(function () {
    const r = spawnSync(process.execPath, [path.join(projectRoot(), 'test/runner/bareBrowserCheck.mjs')], { encoding: 'utf8', timeout: 100000 });
    if (r.status === NO_CHROMIUM_EXIT) this.skip();
    assert.strictEqual(r.status, 0, r.stderr);
    cases = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as BareCase);
    assert.strictEqual(cases.length, 2, r.stdout);
  });

  it('a page that logs and exits: the runner gets the log line and the exit code, and chromium is stopped', function () {
    assert.deepStrictEqual(cases.find((c) => c.mode === 'exits'), { mode: 'exits', logs: ['info: 1 passed, 0 failed'], exitCode: 0, stopped: true });
  });

  it('a page that never exits: its log still arrives, and close() stops chromium', function () {
    assert.deepStrictEqual(cases.find((c) => c.mode === 'hangs'), { mode: 'hangs', logs: ['info: still running'], stopped: true });
  });
});
