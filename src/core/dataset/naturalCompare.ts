/**
 * Natural ("human") string order: digit runs compare by value, so `2` sorts before `10`
 * and `case2` before `case10`. Ties on value (`01` vs `1`) fall back to plain order so the
 * sort stays total and deterministic. Case-insensitive first, then case-sensitive.
 */
export function naturalCompare(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i];
    const y = tb[i];
    const xd = isDigits(x);
    const yd = isDigits(y);
    if (xd && yd) {
      // Compare as big integers without overflow: strip zeros, then length, then digits.
      const xs = x.replace(/^0+(?=\d)/, '');
      const ys = y.replace(/^0+(?=\d)/, '');
      if (xs.length !== ys.length) return xs.length - ys.length;
      if (xs !== ys) return xs < ys ? -1 : 1;
    } else if (xd !== yd) {
      return xd ? -1 : 1;
    } else {
      const xl = x.toLowerCase();
      const yl = y.toLowerCase();
      if (xl !== yl) return xl < yl ? -1 : 1;
    }
  }
  if (ta.length !== tb.length) return ta.length - tb.length;
  return a === b ? 0 : a < b ? -1 : 1;
}

function tokens(s: string): string[] {
  return s.match(/\d+|\D+/g) ?? [];
}

function isDigits(s: string): boolean {
  return s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57;
}
