/**
 * Mocha entry loaded by the VS Code extension host (`extensionTestsPath`). Runs
 * every `*.test.js` beside it (or the `vsix/` suite when MEDSEG_TEST_SUITE=vsix)
 * and prints the plain "N passed, N failed" line the launcher and CI read.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';

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
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const st = runner.stats;
      console.log(`${st?.passes ?? 0} passed, ${failures} failed${st?.pending ? `, ${st.pending} skipped` : ''}`);
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  });
}
