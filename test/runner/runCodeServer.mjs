#!/usr/bin/env node
// Runs the integration suite inside a REAL VS Code, offline: the VS Code server of
// the npm package `code-server` (Node extension host) with Debian's chromium, driven
// headless by playwright-core, as the workbench. The extension under test and the
// mocha entry reach the workbench through its `payload` URL parameter
// (extensionDevelopmentPath / extensionTestsPath), VS Code's own extension-test flow.
//
//   node test/runner/runCodeServer.mjs [--grep RE] [--vsix path.vsix] [--screenshot out.png] [--interactive]
//
// --vsix installs the packaged extension into the test VS Code and runs only the
// `vsix` suite against it (a tiny host extension is the development path instead).
// MEDSEG_PROFILE=out.cpuprofile writes a CPU profile of the workbench page's main thread
// (webviews run on it too in code-server: same origin), for Chrome DevTools or a script.
// Exit: 0 all passed, 1 a test failed, 2 infrastructure problem or timeout.
// The last line is "N passed, N failed" (as printed by the suite).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from './chromiumPath.mjs';
import { startUiDriver } from './uiDriver.mjs';
import { launchBare } from './bareBrowser.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const T = process.env.MEDSEG_VSCODE_TEST_DIR ? path.resolve(process.env.MEDSEG_VSCODE_TEST_DIR) : path.join(ROOT, '.vscode-test');
const CODE_SERVER = path.join(T, 'cs/node_modules/code-server/out/node/entry.js');
const NODE = path.join(T, 'node/bin/node');
const CHROMIUM = chromiumPath() ?? '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.VSCODE_TEST_TIMEOUT_MS || 20 * 60 * 1000);
const VERBOSE = process.env.VERBOSE === '1';
/** Timing benchmarks: chromium without playwright (see bareBrowser.mjs); no UI driver, screenshots or profile. */
const BARE = process.env.MEDSEG_BARE_BROWSER === '1';
const BROWSER_ARGS = ['--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i === -1 ? undefined : args[i + 1]; };
const grep = opt('--grep');
const vsix = opt('--vsix');
const screenshot = opt('--screenshot');
const interactive = args.includes('--interactive');

const log = (...a) => console.log('[vscode-test]', ...a);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

async function waitForHttp(url, ms) {
  const end = Date.now() + ms;
  for (;;) {
    try { const r = await fetch(url); if (r.ok) return; } catch { /* not up yet */ }
    if (Date.now() > end) throw new Error(`timed out waiting for ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** VS Code ≥1.139 honours the URL payload only with the smoke-test driver on. */
function smokeTestDriverArgs() {
  const cli = path.join(path.dirname(CODE_SERVER), 'cli.js');
  return fs.existsSync(cli) && fs.readFileSync(cli, 'utf8').includes('"vscode-option"') ? ['--vscode-option', 'enable-smoke-test-driver'] : [];
}

/** A fresh workspace folder with a settings file, so tests never write into the repo. */
function makeWorkspace(tmp) {
  const ws = path.join(tmp, 'workspace');
  fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(ws, 'README.txt'), 'MedSeg Lab integration-test workspace\n');
  return ws;
}

async function main() {
  const t0 = Date.now();
  for (const [what, p] of [['code-server', CODE_SERVER], ['Node 24 for code-server', NODE], ['chromium', CHROMIUM]]) {
    if (!fs.existsSync(p)) throw Object.assign(new Error(`${what} not found at ${p} (run: npm run setup:vscode; chromium: apt-get install chromium)`), { infra: true });
  }
  const testsEntry = path.join(ROOT, 'dist/test/integration/index.js');
  if (!fs.existsSync(testsEntry)) throw new Error(`${testsEntry} missing: run npm run build first`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medseg-it-'));
  const sandboxEnv = { XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data'), XDG_CACHE_HOME: path.join(tmp, 'xdg-cache') };
  const userData = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
    'workbench.enableExperiments': false, 'security.workspace.trust.enabled': false,
  }, null, 2));
  const csArgs = ['--user-data-dir', userData, '--extensions-dir', extensionsDir];
  const env = {
    ...process.env, ...sandboxEnv, TMPDIR: tmp, MEDSEG_ROOT: ROOT,
    ...(grep ? { MEDSEG_TEST_GREP: grep } : {}),
    MEDSEG_TEST_SUITE: vsix ? 'vsix' : 'dev',
    MEDSEG_SCREENSHOT_DIR: path.join(tmp, 'screenshot-requests'),
  };

  // Test-only: the `debugpy` debugger type (python3-debugpy's adapter) for View as Tensor in a real
  // debug session, as an installed extension (a second development path stops the first from loading).
  if (!vsix) fs.cpSync(path.join(ROOT, 'test/debugpy-host'), path.join(extensionsDir, 'medseg-lab.medseg-test-debugpy-0.0.1'), { recursive: true });
  let devPath = ROOT;
  if (vsix) {
    // Install the packaged extension as a user would; the dev path is then only a host for the tests.
    const r = spawnSync(NODE, [CODE_SERVER, ...csArgs, '--install-extension', path.resolve(vsix), '--force'], { env, encoding: 'utf8' });
    if (r.status !== 0) throw Object.assign(new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`), { infra: true });
    log(`installed ${path.basename(vsix)}: ${r.stdout.trim().split('\n').pop()}`);
    devPath = path.join(ROOT, 'test/vsix-host');
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serverLog = [];
  const server = spawn(NODE, [CODE_SERVER, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...csArgs,
    '--config', path.join(tmp, 'config.yaml'), '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened', ...smokeTestDriverArgs()],
  { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const onOut = (d) => { const s = d.toString(); serverLog.push(s); if (VERBOSE) process.stdout.write(`[server] ${s}`); };
  server.stdout.on('data', onOut);
  server.stderr.on('data', onOut);

  let browser;
  let bare;
  const cleanup = async () => {
    try { if (browser) await browser.close(); } catch { /* already gone */ }
    if (bare) await bare.close();
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
    await new Promise((r) => setTimeout(r, 300));
    try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
    if (process.env.KEEP_TMP === '1') log(`kept ${tmp}`); else fs.rmSync(tmp, { recursive: true, force: true });
  };

  try {
    await waitForHttp(`${base}/healthz`, 60000);
    log(`code-server up after ${Date.now() - t0} ms`);
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = interactive
      ? [['extensionDevelopmentPath', remote(devPath)], ['skipWelcome', 'true']]
      : [['extensionDevelopmentPath', remote(devPath)], ['extensionTestsPath', remote(testsEntry)], ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
    const ws = makeWorkspace(tmp);
    const url = `${base}/?folder=${encodeURIComponent(ws).replace(/%2F/g, '/')}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    if (interactive) {
      log(`VS Code with MedSeg Lab loaded: open ${url}`);
      log('Ctrl+C to stop.');
      await new Promise((r) => server.on('exit', r));
      return 0;
    }
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    const MARK = '\u2063';
    let summary = '';
    const onLog = (type, a) => {
      const text = Array.isArray(a) ? a.join(' ') : String(a);
      const i = text.indexOf(MARK);
      if (i !== -1) {
        const line = text.slice(i + 1).split(MARK).join('');
        if (/^\d+ passed, \d+ failed/.test(line)) summary = line;
        console.log(line);
      } else if (VERBOSE) console.log(`[workbench:${type}] ${text}`);
    };
    let page;
    let profiler;
    if (BARE) {
      log('opening workbench (bare chromium: no playwright)');
      bare = await launchBare({
        executablePath: CHROMIUM, env: { ...process.env, ...sandboxEnv }, args: BROWSER_ARGS, url,
        userDataDir: path.join(tmp, 'chromium'), onLog, onExit: (code) => resolveExit(code),
      });
    } else {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, env: { ...process.env, ...sandboxEnv }, args: BROWSER_ARGS });
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      profiler = await startPlaywrightPage(page, url, env.MEDSEG_SCREENSHOT_DIR, onLog, resolveExit);
    }
    const timeout = new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT_MS));
    const serverGone = new Promise((r) => server.on('exit', () => r('server-exit')));
    const result = await Promise.race([exited, timeout, serverGone]);
    if (profiler) fs.writeFileSync(process.env.MEDSEG_PROFILE, JSON.stringify((await profiler.send('Profiler.stop')).profile));
    if (screenshot && page) await page.screenshot({ path: screenshot }).catch(() => {});
    if (typeof result !== 'number') {
      if (!VERBOSE) process.stdout.write(serverLog.join('').slice(-4000));
      throw Object.assign(new Error(`no test result: ${result}`), { infra: true });
    }
    log(`suite finished with exit code ${result} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (!summary) log('warning: the suite printed no summary line');
    return result === 0 ? 0 : 1;
  } finally {
    await cleanup();
  }
}

/**
 * The workbench page under playwright: the automation bindings, the screenshot server and
 * the UI driver the tests ask for, a profile when MEDSEG_PROFILE asks, then the workbench.
 * Returns the profiler's session, if any.
 */
async function startPlaywrightPage(page, url, screenshotDir, onLog, onExit) {
  await page.exposeFunction('codeAutomationLog', onLog);
  await page.exposeFunction('codeAutomationExit', (code) => onExit(code));
  page.on('pageerror', (e) => { if (VERBOSE) console.log(`[browser:pageerror] ${e.message}`); });
  startScreenshotServer(page, screenshotDir);
  startUiDriver(page, screenshotDir);
  log('opening workbench');
  const profiler = process.env.MEDSEG_PROFILE ? await startProfiler(page) : undefined;
  await page.goto(url);
  return profiler;
}

/** Starts sampling the page's main thread (0.5 ms) through the DevTools protocol. */
async function startProfiler(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return cdp;
}

/**
 * Tests in the extension host cannot reach the browser; they ask for a screenshot by
 * writing a request file into $MEDSEG_SCREENSHOT_DIR, which this loop serves.
 */
function startScreenshotServer(page, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const timer = setInterval(async () => {
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.request'))) {
      const reqPath = path.join(dir, f);
      const target = fs.readFileSync(reqPath, 'utf8').trim();
      fs.rmSync(reqPath, { force: true });
      try { await page.screenshot({ path: target }); fs.writeFileSync(reqPath.replace(/\.request$/, '.done'), target); } catch (e) {
        fs.writeFileSync(reqPath.replace(/\.request$/, '.done'), `error: ${e.message}`);
      }
    }
  }, 250);
  timer.unref();
}

main().then((code) => process.exit(code), (err) => {
  console.error('[vscode-test] ERROR', (err && err.stack) || err);
  process.exit(2);
});
