/**
 * The UI driver's context-menu click (test/runner/uiDriver.mjs), which the newcomer suite uses
 * for every explorer and Variables-view menu, against menus that misbehave as VS Code's did on
 * a loaded machine (test/runner/contextMenuCheck.mjs, in a real chromium). Before this, a
 * click the menu ignored or that landed beside a closing menu was reported as done, and the
 * step then waited 90 s for a panel no command had been asked to open.
 */
import * as assert from 'assert';
import { runChromiumCheck } from '../../helpers/chromiumCheck';

interface MenuCase { mode: string; attempts?: number; runs: number; error?: string }

describe('UI driver: a context-menu entry is clicked until its action runs, exactly once', function () {
  this.timeout(120000);
  let cases: MenuCase[] = [];
  before(function () {
    cases = runChromiumCheck<MenuCase>(this, 'contextMenuCheck.mjs', 4);
  });
  const get = (mode: string) => cases.find((c) => c.mode === mode)!;

  it('a menu that works: one right-click, the action runs once', function () {
    assert.deepStrictEqual(get('plain'), { mode: 'plain', attempts: 1, runs: 1 });
  });
  it('a menu whose entry ignores the first click (listening late, as on a busy page): clicked again, runs once', function () {
    const c = get('late');
    assert.ifError(c.error);
    assert.strictEqual(c.runs, 1);
  });
  it('a menu that closes as the pointer reaches it: right-clicked again, runs once', function () {
    const c = get('vanish');
    assert.ifError(c.error);
    assert.deepStrictEqual([c.attempts, c.runs], [2, 1]);
  });
  it('a menu that closes on the press (the release lands beside it): right-clicked again, runs once', function () {
    const c = get('press');
    assert.ifError(c.error);
    assert.deepStrictEqual([c.attempts, c.runs], [2, 1]);
  });
});
