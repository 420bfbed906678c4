import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { projectRoot } from '../../helpers/paths';

interface Finding { file: string; name: string; kind: 'dead' | 'seam'; usedBy: string[] }

/**
 * Seams (exports the product runs in their own module and tests pin directly) at the time the
 * guard was written: a new one must be a deliberate choice, so raising this needs a reason.
 */
const MAX_SEAMS = 47;

describe('no export that only tests use (test/runner/testOnlyExports.mjs)', function () {
  this.timeout(180000);
  it('no src export is dead outside tests, and test seams do not grow', function () {
    const root = projectRoot();
    const r = spawnSync(process.execPath, [path.join(root, 'test/runner/testOnlyExports.mjs'), '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
    assert.strictEqual(r.status, 0, r.stderr);
    const found = JSON.parse(r.stdout) as Finding[];
    const dead = found.filter((f) => f.kind === 'dead').map((f) => `${f.file}: ${f.name}`);
    assert.deepStrictEqual(dead, [], 'exported, tested, and never used by src/** or webview/**: wire it into the product path or delete it with its tests');
    const seams = found.filter((f) => f.kind === 'seam');
    assert.ok(seams.length <= MAX_SEAMS, `${seams.length} test seams (max ${MAX_SEAMS}); test through the product entry point instead:\n${seams.map((f) => `${f.file}: ${f.name}`).join('\n')}`);
  });
});
