/**
 * The viewer bench's browser without playwright (test/runner/bareBrowser.mjs), in a real
 * chromium through test/runner/bareBrowserCheck.mjs: the workbench's automation log and exit
 * reach the runner through the two bindings, and `close()` stops every process of the
 * browser, whether the page exited or hung.
 */
import * as assert from 'assert';
import { runChromiumCheck } from '../../helpers/chromiumCheck';

interface BareCase { mode: string; logs: string[]; exitCode?: number; stopped?: boolean }

describe('bench browser without playwright: bindings deliver, close() stops chromium', function () {
  this.timeout(120000);
  let cases: BareCase[] = [];
  before(function () {
    cases = runChromiumCheck<BareCase>(this, 'bareBrowserCheck.mjs', 2);
  });

  it('a page that logs and exits: the runner gets the log line and the exit code, and chromium is stopped', function () {
    assert.deepStrictEqual(cases.find((c) => c.mode === 'exits'), { mode: 'exits', logs: ['info: 1 passed, 0 failed'], exitCode: 0, stopped: true });
  });

  it('a page that never exits: its log still arrives, and close() stops chromium', function () {
    assert.deepStrictEqual(cases.find((c) => c.mode === 'hangs'), { mode: 'hangs', logs: ['info: still running'], stopped: true });
  });
});
