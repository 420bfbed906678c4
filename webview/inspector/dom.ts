/** Tiny DOM helpers for the inspector (no framework: the panel is small). */

/** Creates an element with properties/attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, props: Partial<Record<string, string | number | boolean>> = {}, ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === false) continue;
    // The CSP blocks style attributes (and logs an error per element): use classes and StyleRules.
    if (k === 'style') throw new Error('h(): no inline styles under the webview CSP; use a class');
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  el.append(...children);
  return el;
}

/** A `<select>` of `options` (value = label unless given as pairs) with `value` selected. */
export function select(options: (string | [string, string])[], value: string, onChange: (v: string) => void, title?: string): HTMLSelectElement {
  const s = h('select', { title: title ?? '' });
  for (const o of options) {
    const [v, label] = Array.isArray(o) ? o : [o, o];
    const opt = h('option', { value: v, text: label });
    if (v === value) opt.selected = true;
    s.append(opt);
  }
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

/**
 * Plane values as a Float64Array whatever the transport made of them: VS Code revives
 * typed arrays, but a JSON fallback gives arrays or index-keyed objects.
 */
export function asFloat64(x: unknown): Float64Array {
  if (x instanceof Float64Array) return x;
  if (ArrayBuffer.isView(x)) return Float64Array.from(x as unknown as ArrayLike<number>);
  if (Array.isArray(x)) return Float64Array.from(x as number[], (v) => (v === null ? NaN : v));
  if (x && typeof x === 'object') {
    const o = x as Record<string, number>;
    const n = Object.keys(o).length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = o[i] ?? NaN;
    return out;
  }
  return new Float64Array(0);
}

/** Short display of a number (stats, colorbar, hover). */
export function fmt(v: number): string {
  if (v !== v) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(4) : String(Number(v.toPrecision(6)));
}
