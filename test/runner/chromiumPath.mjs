// Where Debian's chromium is (CHROMIUM_PATH overrides), for every runner that drives a real browser.
import fs from 'node:fs';

/** The chromium executable, or undefined when none is installed. */
export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => fs.existsSync(p));
}

/** Exit code of a check that found no chromium (its test skips). */
export const NO_CHROMIUM_EXIT = 3;
