#!/usr/bin/env node
// The same integration suite in a desktop VS Code downloaded by @vscode/test-electron,
// for machines that can reach VS Code's download server (this one cannot; use
// `npm run test:integration`, the offline code-server route).
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
try {
  await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'dist/test/integration/index.js'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { MEDSEG_ROOT: ROOT },
  });
} catch (err) {
  console.error('[test-electron]', err instanceof Error ? err.message : err);
  process.exit(1);
}
