import { ConfigDifference } from '../../core/protocol/dashboardProtocol';

/** Flattens nested objects to dotted keys → JSON of leaf values (arrays are leaves). */
function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, JSON.stringify(value));
  }
}

/** The config keys whose values differ between runs (paths of data and outputs excluded). */
export function configDiff(configs: (Record<string, unknown> | undefined)[]): ConfigDifference[] {
  const flat = configs.map((c) => { const m = new Map<string, string>(); flatten(c ?? {}, '', m); return m; });
  const keys = new Set(flat.flatMap((m) => [...m.keys()]));
  const out: ConfigDifference[] = [];
  for (const key of [...keys].sort()) {
    const values = flat.map((m) => m.get(key));
    if (new Set(values).size > 1) out.push({ key, values });
  }
  return out;
}
