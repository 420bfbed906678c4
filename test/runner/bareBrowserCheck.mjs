// Checks bareBrowser.mjs (the viewer bench's chromium without playwright) in a real chromium:
// a page that calls the workbench's automation log and exit, as VS Code's test flow does, and
// a page that never exits. Prints one JSON line per case: what the bindings delivered, and
// whether the browser's process group was gone after `close()`.
// Run by test/unit/runner/bareBrowser.test.ts, which skips when this exits 3 (no chromium).
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromiumPath, NO_CHROMIUM_EXIT } from './chromiumPath.mjs';
import { launchBare } from './bareBrowser.mjs';

const CHROMIUM = chromiumPath();
if (!CHROMIUM) {
  console.error('chromium not found (apt-get install chromium, or set CHROMIUM_PATH)');
  process.exit(NO_CHROMIUM_EXIT);
}

const PAGES = {
  exits: '<script>setTimeout(() => { codeAutomationLog("info", ["1 passed, 0 failed"]); codeAutomationExit(0); }, 200);</script>',
  hangs: '<script>codeAutomationLog("info", ["still running"]);</script>',
};
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html' });
  res.end(`<!doctype html><body>${PAGES[req.url.slice(1)] ?? ''}</body>`);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-bare-'));

/** Whether any process of the group `pid` leads still runs (zombies left for an init that does not reap them do not count). */
function groupAlive(pid) {
  const rows = execFileSync('ps', ['-eo', 'pgid=,stat='], { encoding: 'utf8' }).trim().split('\n').map((l) => l.trim().split(/\s+/));
  return rows.some(([g, stat]) => Number(g) === pid && !stat.startsWith('Z'));
}

for (const mode of Object.keys(PAGES)) {
  const logs = [];
  let exitCode;
  let onExit;
  const exited = new Promise((resolve) => { onExit = (code) => { exitCode = code; resolve(); }; });
  let browser;
  try {
    browser = await launchBare({
      executablePath: CHROMIUM, env: process.env, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      url: `http://127.0.0.1:${server.address().port}/${mode}`, userDataDir: path.join(tmp, mode),
      onLog: (type, a) => logs.push(`${type}: ${a.join(' ')}`), onExit,
    });
    await Promise.race([exited, new Promise((r) => setTimeout(r, mode === 'hangs' ? 3000 : 20000).unref())]);
    await browser.close();
    await new Promise((r) => setTimeout(r, 300));
  } catch (err) {
    logs.push(`launch failed: ${err.message}`);
  }
  console.log(JSON.stringify({ mode, logs, exitCode, stopped: browser ? !groupAlive(browser.pid) : undefined }));
}
server.close();
fs.rmSync(tmp, { recursive: true, force: true });
