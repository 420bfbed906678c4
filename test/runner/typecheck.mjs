// Type-checks each layer with its own tsconfig (its own `lib` and `types`), so a layer
// that uses what it must not (DOM in core, Node in webview, vscode in training) fails.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const layers = ['src/core', 'src/training', 'src/worker', 'src/cli', 'src/extension', 'webview', 'test'];
let failed = 0;
for (const layer of layers) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [tsc, '-p', `${layer}/tsconfig.json`, '--noEmit'], { stdio: 'inherit' });
  console.log(`[typecheck] ${layer}: ${r.status === 0 ? 'ok' : 'FAILED'} (${Date.now() - t0} ms)`);
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
