/**
 * Mocha entry loaded by the VS Code extension host (`extensionTestsPath`). Runs
 * every `*.test.js` beside it (or the `vsix/` suite when MEDSEG_TEST_SUITE=vsix)
 * and prints the plain "N passed, N failed" line the launcher and CI read.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

// The extension host forwards console output unformatted and mixed with the
// workbench's own logs; format here and tag each line so the launcher picks out ours.
// (console.* are getter-only there: redefine rather than assign.)
const MARK = '\u2063';
for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const forward = console[m].bind(console);
  Object.defineProperty(console, m, { configurable: true, writable: true, value: (...a: unknown[]) => forward(MARK + util.format(...a)) });
}
(Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog = (...a: unknown[]) => console.log(...a);

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120000, color: false, reporter: 'spec' });
  if (process.env.MEDSEG_TEST_GREP) mocha.grep(process.env.MEDSEG_TEST_GREP);
  const dir = process.env.MEDSEG_TEST_SUITE === 'vsix' ? path.join(__dirname, 'vsix') : __dirname;
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(dir, f));
  // Loaded here with require (as run() would; run() then does not load them again) so that every
  // file's suite gets the reset below. Both methods are public in Mocha, not in its typings.
  const loader = mocha as unknown as { loadFiles(): void; lazyLoadFiles(enable: boolean): void };
  loader.loadFiles();
  loader.lazyLoadFiles(true);
  for (const suite of mocha.suite.suites) suite.afterAll('leave the workbench as a newcomer finds it', resetWorkbench);
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const st = runner.stats;
      console.log(`${st?.passes ?? 0} passed, ${failures} failed${st?.pending ? `, ${st.pending} skipped` : ''}`);
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  });
}

/**
 * What one suite must not leave to the next (the newcomer suite's UI steps failed after the
 * others ran and passed alone): debug sessions and their Debug Console in the bottom panel, open
 * editors and webviews, a split editor layout, the auxiliary bar, toasts over the workbench and
 * expanded explorer folders. Each suite starts from the workbench a newcomer sees.
 */
async function resetWorkbench(): Promise<void> {
  const run = async (command: string): Promise<void> => { await vscode.commands.executeCommand(command).then(undefined, () => undefined); };
  for (let i = 0; vscode.debug.activeDebugSession && i < 50; i++) {
    await vscode.debug.stopDebugging();
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const c of ['workbench.action.closeAllEditors', 'workbench.action.editorLayoutSingle', 'workbench.action.closePanel',
    'workbench.action.closeAuxiliaryBar', 'notifications.clearAll', 'workbench.files.action.collapseExplorerFolders', 'workbench.view.explorer']) await run(c);
}
