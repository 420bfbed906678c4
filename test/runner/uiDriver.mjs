// The browser side of the integration tests' UI driver: tests in the extension host cannot
// reach the workbench page, so they write a request file (`<id>.ui.json`, one action) into
// $MEDSEG_SCREENSHOT_DIR and this loop performs it with playwright on the real workbench,
// as a person would (keyboard, mouse, context menus, clicks in webviews), and answers in
// `<id>.ui.done`. It also records every console error and uncaught exception of any webview
// (Content Security Policy violations are console errors), which tests read and assert empty.
import fs from 'node:fs';
import path from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Errors from webview frames (their documents are served from the webview origin). */
function isWebviewUrl(url) {
  return /webview|vscode-resource|vscode-cdn|fake\.html/.test(url ?? '');
}

/** The visible webview content frame whose document title matches `title` (a regex source). */
async function webviewFrame(page, title, timeoutMs = 30000) {
  const re = new RegExp(title);
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      let t = '';
      try { t = await f.title(); } catch { continue; }
      if (!re.test(t)) continue;
      // Hidden editors keep their frames: take the one with a visible box.
      let box = null;
      try { box = await (await f.frameElement()).boundingBox(); } catch { /* detached */ }
      if (box && box.width > 0 && box.height > 0) return f;
    }
    if (Date.now() > end) throw new Error(`no visible webview titled /${title}/ (frames: ${(await Promise.all(page.frames().map((f) => f.title().catch(() => '?')))).filter(Boolean).join(' | ')})`);
    await sleep(250);
  }
}

async function quickInputVisible(page) {
  return page.locator('.quick-input-widget').first().isVisible().catch(() => false);
}

async function waitQuickInput(page, timeoutMs = 20000) {
  await page.locator('.quick-input-widget .quick-input-box input').first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Explorer row of the item named `name` (the last path segment). */
function explorerRow(page, name) {
  return page.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
}

/**
 * Right-clicks, then clicks the context-menu entry `item`. A tree that re-renders under the
 * menu (the explorer seeing new files, the Variables view refreshing) can close the menu before
 * the entry is clicked: then the right-click is done again (at most three times).
 *
 * Two ways a click reported as done by playwright can do nothing (both seen on a loaded
 * machine; the newcomer steps then waited 90 s for a viewer no command had been asked to open):
 * - the menu closed between playwright's checks and its mouse events, which landed on whatever
 *   lay under it: the entry records the mouseup it received, and none means right-click again;
 * - the menu ignored it: VS Code's menu items listen for mouseup only from a 100 ms timer after
 *   they render (so that the right-click's own release does not pick an item), and that timer
 *   runs late when the page is busy. The menu then stays open, and the entry is clicked again.
 * The menu hides itself before it runs the action, so a menu still open means nothing ran.
 */
export async function contextMenu(page, rightClick, item, targetIsRight = async () => true) {
  for (let attempt = 1; ; attempt++) {
    await rightClick();
    const entry = page.locator('.monaco-menu .action-item .action-label', { hasText: item }).first();
    try {
      await entry.waitFor({ state: 'visible', timeout: 10000 });
      // The menu acts on the element the tree took as the target (its focused row): a row
      // redrawn under the pointer would make it act on another one.
      if (!(await targetIsRight())) throw new Error(`the context menu opened on another element than the one right-clicked`);
      await sleep(250);
      if (await clickMenuEntry(entry, item)) return attempt;
      throw new Error(`the menu stayed open after three clicks on "${item}"`);
    } catch (e) {
      if (attempt >= 3) throw e;
      console.log(`[ui] context menu "${item}", attempt ${attempt}: ${String(e && e.message || e).split('\n')[0]}; right-clicking again`);
      await page.keyboard.press('Escape');
      await sleep(500);
    }
  }
}

/** Clicks a visible menu entry until its menu closes (true), at most three times; throws if a click missed it. */
async function clickMenuEntry(entry, item) {
  const handle = await entry.elementHandle({ timeout: 5000 });
  for (let click = 1; click <= 3; click++) {
    // Capture phase on the label: it sees the mouseup before the action item (its ancestor) stops it.
    await handle.evaluate((el) => {
      el.__medsegHit = false;
      el.addEventListener('mouseup', () => { el.__medsegHit = true; }, { capture: true, once: true });
    });
    await handle.click({ timeout: 5000 });
    // The handle outlives the menu's DOM: readable after the menu closed on the click.
    if (!(await handle.evaluate((el) => el.__medsegHit === true).catch(() => false))) {
      throw new Error(`the click on "${item}" did not reach the menu (it closed under the pointer)`);
    }
    const closed = await entry.waitFor({ state: 'hidden', timeout: 1500 }).then(() => true, () => false);
    // A page too busy to answer within 1.5 s may still run the click: asked in the page itself
    // (queued after the menu's own handler), a detached or hidden entry means it did.
    if (closed || !(await handle.isVisible().catch(() => false))) return true;
    console.log(`[ui] context menu "${item}": still open after click ${click}; clicking again`);
  }
  return false;
}

/** Items of the open quick pick, as shown (label + description). */
async function quickPickItems(page) {
  return page.locator('.quick-input-list .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
}

const actions = {
  /** Runs a command from the palette by typing its title (as "Category: Title"). */
  async palette(page, a) {
    // The workbench may take focus away (a debuggee stopping, an editor opening) and close the palette: retry.
    for (let attempt = 1; ; attempt++) {
      // Typed into the palette's box and accepted by a click on the command's row, never by
      // keys sent to whatever has focus: a palette closed meanwhile (the debugger focusing the
      // stopped line) made "Enter" insert a line into the editor instead.
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      try {
        await waitQuickInput(page);
        const box = page.locator('.quick-input-widget .quick-input-box input').first();
        await box.fill(`>${a.title}`, { timeout: 5000 });
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: a.title }).first();
        await row.waitFor({ state: 'visible', timeout: 5000 });
        await row.click({ timeout: 5000 });
        return { ok: true };
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  },
  /** Waits for a quick pick / input box and returns its title, items and value. */
  async quickInput(page, a) {
    await waitQuickInput(page, a.timeoutMs ?? 30000);
    await sleep(300);
    const title = await page.locator('.quick-input-widget .quick-input-title').first().textContent().catch(() => '');
    const value = await page.locator('.quick-input-widget .quick-input-box input').first().inputValue();
    return { title, value, items: await quickPickItems(page) };
  },
  /** In the open quick pick: types `filter` (optional) and accepts the first matching item, or the item containing `label`. */
  async pick(page, a) {
    await waitQuickInput(page, a.timeoutMs ?? 30000);
    if (a.filter !== undefined) await page.keyboard.type(a.filter, { delay: 10 });
    if (a.label) {
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: a.label }).first();
      await row.waitFor({ state: 'visible', timeout: 15000 });
      await row.click();
    } else {
      await sleep(300);
      await page.keyboard.press('Enter');
    }
    return { ok: true };
  },
  /** Replaces the text of the open input box / quick input (e.g. the simple file dialog's path) and presses Enter. */
  async input(page, a) {
    await waitQuickInput(page, a.timeoutMs ?? 30000);
    const box = page.locator('.quick-input-widget .quick-input-box input').first();
    await box.fill(a.text);
    await sleep(a.settleMs ?? 600);
    if (a.enter !== false) await page.keyboard.press('Enter');
    return { ok: true };
  },
  async press(page, a) { await page.keyboard.press(a.key); return { ok: true }; },
  async type(page, a) { await page.keyboard.type(a.text, { delay: 10 }); return { ok: true }; },
  /** Whether a quick input is open. */
  async quickInputOpen(page) { return { open: await quickInputVisible(page) }; },
  /** Right-clicks the explorer items named `names` (ctrl-click for several) and clicks the context-menu entry `item`. */
  async explorerContext(page, a) {
    const names = a.names;
    const first = explorerRow(page, names[0]);
    await first.waitFor({ state: 'visible', timeout: 20000 });
    await first.click();
    for (const n of names.slice(1)) await explorerRow(page, n).click({ modifiers: ['Control'] });
    await contextMenu(page, () => explorerRow(page, names[names.length - 1]).click({ button: 'right' }), a.item);
    return { ok: true };
  },
  /** Right-clicks the row of `rows` whose `inner` element's text is `name`, then the context-menu entry `item` (e.g. the Variables view). */
  async rowContext(page, a) {
    // The name, then the value ("arr = array(…)" or "arr: …").
    const exact = new RegExp(`^\\s*${a.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    const row = () => page.locator(a.rows).filter({ has: page.locator(a.inner, { hasText: exact }) }).first();
    await row().waitFor({ state: 'visible', timeout: a.timeoutMs ?? 20000 });
    // The row the tree focused on the right-click (what the menu's command receives) must be this one.
    const focused = page.locator(`${a.rows}.focused`).filter({ has: page.locator(a.inner, { hasText: exact }) });
    let clicked = '';
    const attempts = await contextMenu(page, async () => {
      await row().click({ button: 'right' });
      clicked = (await row().getAttribute('aria-label').catch(() => null)) ?? '';
    }, a.item, async () => (await focused.count()) > 0);
    return { ok: true, row: clicked, attempts };
  },
  /** Double-clicks an explorer item (opens it with its default editor). */
  async explorerOpen(page, a) {
    const row = explorerRow(page, a.name);
    await row.waitFor({ state: 'visible', timeout: 20000 });
    await row.dblclick();
    return { ok: true };
  },
  /** Text, size and canvases of a webview's document (or of `selector` in it). */
  async webview(page, a) {
    const f = await webviewFrame(page, a.title, a.timeoutMs);
    if (a.waitFor) await f.locator(a.waitFor).first().waitFor({ state: 'visible', timeout: a.timeoutMs ?? 30000 });
    if (a.waitText) await f.waitForFunction((t) => document.body.innerText.includes(t), a.waitText, { timeout: a.timeoutMs ?? 30000 });
    return f.evaluate((sel) => {
      const root = sel ? document.querySelector(sel) : document.body;
      const canvases = [...document.querySelectorAll('canvas')].map((c) => {
        const r = c.getBoundingClientRect();
        let nonBlank = null;
        try {
          const ctx = c.getContext('2d');
          if (ctx && c.width && c.height) {
            const d = ctx.getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] > 30 && d[i + 3] > 0) n++;
            nonBlank = n / (d.length / 4);
          }
        } catch { /* webgl canvas */ }
        return { width: r.width, height: r.height, nonBlank };
      });
      return { text: root ? root.innerText : null, width: innerWidth, height: innerHeight, canvases };
    }, a.selector ?? null);
  },
  /** Clicks an element in a webview (by selector, optionally with text). */
  async webviewClick(page, a) {
    const f = await webviewFrame(page, a.title, a.timeoutMs);
    const loc = a.text ? f.locator(a.selector, { hasText: a.text }).first() : f.locator(a.selector).first();
    await loc.click({ timeout: a.timeoutMs ?? 15000 });
    return { ok: true };
  },
  /** Chooses an option of a <select> in a webview. */
  async webviewSelect(page, a) {
    const f = await webviewFrame(page, a.title, a.timeoutMs);
    await f.locator(a.selector).first().selectOption(a.value, { timeout: a.timeoutMs ?? 15000 });
    return { ok: true };
  },
  /** Text of workbench elements matching `selector` (tabs, notifications, tree rows…). */
  async texts(page, a) {
    return { texts: await page.locator(a.selector).evaluateAll((els) => els.map((e) => e.textContent ?? '')) };
  },
  /** Clicks a workbench element (by selector and text). */
  async click(page, a) {
    const loc = a.text ? page.locator(a.selector, { hasText: a.text }).first() : page.locator(a.selector).first();
    await loc.click({ button: a.button ?? 'left', timeout: a.timeoutMs ?? 15000 });
    return { ok: true };
  },
};

/**
 * Serves `<id>.ui.json` requests in `dir` one at a time. `errors` collects webview console
 * errors and exceptions; the `consoleErrors` action returns (and with `clear`, empties) them.
 */
export function startUiDriver(page, dir) {
  const errors = [];
  page.on('console', (m) => {
    const url = m.location()?.url ?? '';
    if ((m.type() === 'error' || /Content Security Policy/.test(m.text())) && isWebviewUrl(url)) errors.push(`${m.type()}: ${m.text()} (${url.split('?')[0]})`);
  });
  page.on('pageerror', (e) => { if (isWebviewUrl(e.stack ?? '')) errors.push(`uncaught: ${e.message}`); });
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ui.json')).sort()) {
        const req = path.join(dir, f);
        const a = JSON.parse(fs.readFileSync(req, 'utf8'));
        fs.rmSync(req, { force: true });
        let reply;
        try {
          if (a.action === 'consoleErrors') { reply = { errors: [...errors] }; if (a.clear) errors.length = 0; } else {
            const fn = actions[a.action];
            if (!fn) throw new Error(`unknown UI action ${a.action}`);
            reply = await fn(page, a);
          }
        } catch (e) {
          reply = { error: String(e && e.message || e) };
        }
        // Written whole, then renamed: the test polls for the name.
        const done = req.replace(/\.ui\.json$/, '.ui.done');
        fs.writeFileSync(`${done}.tmp`, JSON.stringify(reply ?? {}));
        fs.renameSync(`${done}.tmp`, done);
      }
    } finally {
      busy = false;
    }
  }, 100);
  timer.unref();
  return errors;
}
