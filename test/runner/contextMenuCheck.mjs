// Checks the UI driver's context-menu click (uiDriver.mjs `contextMenu`) in a real chromium
// against a page that misbehaves as VS Code's menus did on a loaded machine, and prints one
// JSON line per case: how many right-clicks it took and how many times the action ran.
// - `late`: the entry listens for mouseup only 1.5 s after the menu shows (VS Code's items
//   start listening from a 100 ms timer, which runs late on a busy page): the first click is
//   ignored and the menu stays open.
// - `vanish`: the first menu closes as the pointer reaches it (playwright sees it detached).
// - `press`: the first menu closes on the mouse press, after playwright's checks, so the
//   release lands on the page under it and playwright reports the click as done.
// - `plain`: a menu that works.
// Run by test/unit/runner/contextMenu.test.ts, which skips when this exits 3 (no chromium).
import { chromium } from 'playwright-core';
import { chromiumPath, NO_CHROMIUM_EXIT } from './chromiumPath.mjs';
import { contextMenu } from './uiDriver.mjs';

const CHROMIUM = chromiumPath();
if (!CHROMIUM) {
  console.error('chromium not found (apt-get install chromium, or set CHROMIUM_PATH)');
  process.exit(NO_CHROMIUM_EXIT);
}

const PAGE = `<!doctype html><body>
<div id="row" style="width:200px;height:30px">case folder</div>
<script>
window.runs = 0;
let shown = 0;
document.getElementById('row').addEventListener('contextmenu', (e) => {
  e.preventDefault();
  shown++;
  const menu = document.createElement('div');
  menu.className = 'monaco-menu';
  menu.style = 'position:absolute;left:20px;top:20px;background:#eee';
  menu.innerHTML = '<ul><li class="action-item"><a class="action-label">Open Slice Viewer</a></li></ul>';
  document.body.appendChild(menu);
  const item = menu.querySelector('.action-item');
  const listen = () => item.addEventListener('mouseup', () => setTimeout(() => { menu.remove(); window.runs++; }, 0));
  if (window.mode === 'late') setTimeout(listen, 1500); else listen();
  if (window.mode === 'vanish' && shown === 1) menu.addEventListener('mousemove', () => menu.remove(), { once: true });
  if (window.mode === 'press' && shown === 1) window.addEventListener('mousedown', () => menu.remove(), { capture: true, once: true });
});
</script></body>`;

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--disable-gpu', '--no-sandbox', '--disable-dev-shm-usage'] });
try {
  for (const mode of ['plain', 'late', 'vanish', 'press']) {
    const page = await browser.newPage();
    await page.setContent(PAGE);
    await page.evaluate((m) => { window.mode = m; }, mode);
    let error;
    let attempts;
    try {
      attempts = await contextMenu(page, () => page.locator('#row').click({ button: 'right' }), 'Open Slice Viewer');
    } catch (e) {
      error = String(e && e.message || e);
    }
    await new Promise((r) => setTimeout(r, 300));
    const runs = await page.evaluate(() => window.runs);
    console.log(JSON.stringify({ mode, attempts, runs, error }));
    await page.close();
  }
} finally {
  await browser.close();
}
