// Chromium driven through the DevTools protocol over a pipe, with nothing but what the
// test flow needs: two bindings (the workbench's `codeAutomationLog` / `codeAutomationExit`)
// and one navigation. Used for timing benchmarks (MEDSEG_BARE_BROWSER=1): playwright turns
// on the protocol's Network domain for every page, which copies each response body and
// websocket frame to the driver, and on this machine that tripled what a 1.9 MB transfer
// costs the page (measured 2026-11-30: a 17.9 MB fetch 640–1010 ms with it, 240–320 ms
// without). A user's VS Code has no driver attached.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Starts chromium headless on `url` with `--remote-debugging-pipe`; `onLog(type, args)`
 * and `onExit(code)` receive the workbench's automation calls. Returns `close()`, which
 * stops the browser by its pid.
 */
export async function launchBare({ executablePath, env, args, url, userDataDir, onLog, onExit }) {
  fs.mkdirSync(userDataDir, { recursive: true });
  const child = spawn(executablePath, [
    '--headless=new', '--remote-debugging-pipe', `--user-data-dir=${userDataDir}`, '--window-size=1400,900', ...args, 'about:blank',
  ], { env, stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: true });
  const [, , , toBrowser, fromBrowser] = child.stdio;
  let nextId = 0;
  const pending = new Map();
  let buffered = '';
  fromBrowser.on('data', (chunk) => {
    buffered += chunk.toString('utf8');
    let end;
    while ((end = buffered.indexOf('\0')) !== -1) {
      const msg = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if (msg.id !== undefined) {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`${p.method}: ${msg.error.message}`)); else p?.resolve(msg.result);
      } else if (msg.method === 'Runtime.bindingCalled') {
        const { name, payload } = msg.params;
        if (name === 'medsegAutomationLog') { const [type, a] = JSON.parse(payload); onLog(type, a); }
        if (name === 'medsegAutomationExit') onExit(Number(payload));
      }
    }
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, { resolve, reject, method });
    toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
  });
  const close = async () => {
    try { await Promise.race([send('Browser.close'), new Promise((r) => setTimeout(r, 2000).unref())]); } catch { /* already gone */ }
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    toBrowser.destroy();
    fromBrowser.destroy();
  };
  try {
    const { targetInfos } = await send('Target.getTargets');
    const page = targetInfos.find((t) => t.type === 'page');
    if (!page) throw new Error('chromium opened no page');
    const { sessionId } = await send('Target.attachToTarget', { targetId: page.targetId, flatten: true });
    await send('Page.enable', {}, sessionId);
    for (const name of ['medsegAutomationLog', 'medsegAutomationExit']) await send('Runtime.addBinding', { name }, sessionId);
    await send('Page.addScriptToEvaluateOnNewDocument', {
      source: 'window.codeAutomationLog = (t, a) => medsegAutomationLog(JSON.stringify([t, a]));'
        + 'window.codeAutomationExit = (c) => medsegAutomationExit(String(c));',
    }, sessionId);
    await send('Runtime.enable', {}, sessionId);
    await send('Page.navigate', { url }, sessionId);
  } catch (err) {
    await close();
    throw err;
  }
  return { close, pid: child.pid, userDataDir: path.resolve(userDataDir) };
}
