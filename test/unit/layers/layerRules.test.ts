import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { ESLint } from 'eslint';
import { projectRoot } from '../../helpers/paths';

/** Lints `code` as if it were the file `rel` of the project; returns the rule ids reported. */
async function lintAs(rel: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: projectRoot() });
  const [res] = await eslint.lintText(code, { filePath: path.join(projectRoot(), rel) });
  return res.messages.map((m) => m.ruleId ?? m.message);
}

describe('layer rules (DEVELOPERS.md: dependencies point one way)', function () {
  this.timeout(120000);

  const violations: [string, string][] = [
    ['src/core/x.ts', "import * as fs from 'fs'; export const a = fs;"],
    ['src/core/x.ts', "import * as tf from '@tensorflow/tfjs-core'; export const a = tf;"],
    ['src/core/x.ts', "import * as vscode from 'vscode'; export const a = vscode;"],
    ['src/core/x.ts', "import { a } from '../training/model'; export const b = a;"],
    ['src/training/x.ts', "import * as fs from 'fs'; export const a = fs;"],
    ['src/training/x.ts', "import '@tensorflow/tfjs-backend-wasm';"],
    ['src/extension/x.ts', "import * as tf from '@tensorflow/tfjs-core'; export const a = tf;"],
    ['src/extension/x.ts', "import { a } from '../training/loop'; export const b = a;"],
    ['webview/viewer/x.ts', "import * as vscode from 'vscode'; export const a = vscode;"],
    ['webview/viewer/x.ts', "import * as path from 'path'; export const a = path;"],
  ];
  for (const [file, code] of violations) {
    it(`lint rejects in ${file}: ${code.split(';')[0]}`, async () => {
      const ids = await lintAs(file, code);
      assert.ok(ids.includes('no-restricted-imports'), `expected no-restricted-imports, got ${JSON.stringify(ids)}`);
    });
  }

  it('lint accepts allowed imports (worker → tfjs backend, extension → core)', async () => {
    assert.deepStrictEqual(await lintAs('src/worker/x.ts', "import '@tensorflow/tfjs-backend-wasm';"), []);
    assert.deepStrictEqual(await lintAs('src/extension/x.ts', "import { MedSegError } from '../core/util/MedSegError'; export const a = MedSegError;"), []);
  });

  it('the core tsconfig rejects DOM and Node globals', () => {
    const out = typecheckProbe('src/core', 'export const a = document.body; export const b = process.pid;\n');
    assert.match(out, /Cannot find name 'document'/);
    assert.match(out, /Cannot find name 'process'/);
  });

  it('the webview tsconfig rejects Node modules', () => {
    assert.match(typecheckProbe('webview', "import * as fs from 'fs';\nexport const a = fs;\n"), /Cannot find module 'fs'/);
  });
});

/**
 * Type-checks `source` as a file of the layer folder `layer` (with that layer's tsconfig);
 * asserts tsc fails and returns its output.
 */
function typecheckProbe(layer: string, source: string): string {
  const dir = fs.mkdtempSync(path.join(projectRoot(), layer, '.layercheck-'));
  try {
    fs.writeFileSync(path.join(dir, 'probe.ts'), source);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['./probe.ts'] }));
    const tsc = require.resolve('typescript/bin/tsc', { paths: [projectRoot()] });
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json'), '--noEmit'], { encoding: 'utf8' });
    assert.notStrictEqual(r.status, 0, 'tsc must fail');
    return r.stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
