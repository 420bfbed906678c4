/**
 * Sweep grids: `--grid optimizer.learningRate=0.01,0.001 --grid augmentation.preset=none,light`
 * becomes the cartesian product of points, each a set of dotted-key overrides applied to
 * the config object before it is resolved (so a bad key fails with the field's name).
 */

/** One axis of the grid. */
export interface GridAxis { key: string; values: unknown[] }

/** Parses one value: JSON when it parses (numbers, booleans, null, quoted strings), else the text. */
function parseValue(s: string): unknown {
  const t = s.trim();
  try { return JSON.parse(t); } catch { return t; }
}

/** Parses `key=v1,v2,…`; throws an Error naming the bad argument. */
export function parseGridAxis(arg: string): GridAxis {
  const eq = arg.indexOf('=');
  const key = eq > 0 ? arg.slice(0, eq).trim() : '';
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(key)) throw new Error(`--grid ${arg}: expected key=v1,v2 with a dotted config key (e.g. optimizer.learningRate=0.01,0.001)`);
  const values = arg.slice(eq + 1).split(',').map((v) => v.trim()).filter((v) => v.length > 0).map(parseValue);
  if (values.length === 0) throw new Error(`--grid ${arg}: no values`);
  return { key, values };
}

/** Cartesian product of the axes (first axis varies slowest). */
export function gridPoints(axes: readonly GridAxis[]): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const a of axes) points = points.flatMap((p) => a.values.map((v) => ({ ...p, [a.key]: v })));
  return axes.length ? points : [];
}

/** A deep copy of `config` with each dotted key set (intermediate objects created). */
export function applyOverrides(config: Record<string, unknown>, params: Record<string, unknown>): Record<string, unknown> {
  const out = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  for (const [key, value] of Object.entries(params)) {
    const parts = key.split('.');
    let o = out;
    for (const p of parts.slice(0, -1)) {
      const next = o[p];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) o[p] = {};
      o = o[p] as Record<string, unknown>;
    }
    o[parts[parts.length - 1]] = value;
  }
  return out;
}
