/**
 * Dynamic styling under a CSP without 'unsafe-inline': rules in a constructable
 * stylesheet adopted by the document (the CSSOM, which `style-src` does not govern),
 * instead of `style="…"` attributes, which the CSP blocks. Each owner (a table, a
 * canvas, a grid) keeps its own sheet and rewrites it whole.
 */
export class StyleRules {
  private readonly sheet = new CSSStyleSheet();
  private text = '';

  constructor() {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.sheet];
  }

  /** Replaces every rule of this sheet with `rules` (selector → declarations). */
  set(rules: Iterable<readonly [string, string]>): void {
    const text = [...rules].map(([sel, decl]) => `${sel} { ${decl} }`).join('\n');
    if (text === this.text) return;
    this.text = text;
    this.sheet.replaceSync(text);
  }
}
