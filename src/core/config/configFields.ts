/**
 * Small field readers for config validation. Each names the full dotted path of the
 * field it rejects (`data.inputSize: must be an integer ≥ 16, got 7`) so a user can fix
 * the file without reading code.
 */
import { MedSegError } from '../util/MedSegError';

/** A JSON object read from a config. */
export type JsonObject = Record<string, unknown>;

/** Throws the config error for `field`. */
export function configError(field: string, message: string): never {
  throw new MedSegError('bad-config', `${field}: ${message}`);
}

/** Whether `v` is a plain JSON object. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads an optional sub-object (absent → `{}`), rejecting non-objects and unknown keys. */
export function section(parent: JsonObject, key: string, path: string, known: readonly string[]): JsonObject {
  const v = parent[key];
  if (v === undefined) return {};
  const field = path ? `${path}.${key}` : key;
  if (!isObject(v)) configError(field, `must be an object, got ${JSON.stringify(v)}`);
  rejectUnknown(v, field, known);
  return v;
}

/** Rejects keys not in `known` (typos must not be silently ignored). `$schema` is always allowed. */
export function rejectUnknown(obj: JsonObject, path: string, known: readonly string[]): void {
  for (const k of Object.keys(obj)) {
    if (k !== '$schema' && k !== 'comment' && !known.includes(k)) {
      configError(path ? `${path}.${k}` : k, `unknown field (expected one of: ${known.join(', ')})`);
    }
  }
}

/** Reads a number in [min, max] (integer when `int`), defaulting when absent. */
export function num(obj: JsonObject, key: string, path: string, def: number, opts: { min?: number; max?: number; int?: boolean } = {}): number {
  const v = obj[key];
  if (v === undefined) return def;
  const field = path ? `${path}.${key}` : key;
  if (typeof v !== 'number' || !Number.isFinite(v)) configError(field, `must be a number, got ${JSON.stringify(v)}`);
  if (opts.int && !Number.isInteger(v)) configError(field, `must be an integer, got ${v}`);
  if (opts.min !== undefined && v < opts.min) configError(field, `must be ≥ ${opts.min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) configError(field, `must be ≤ ${opts.max}, got ${v}`);
  return v;
}

/** Reads a boolean, defaulting when absent. */
export function bool(obj: JsonObject, key: string, path: string, def: boolean): boolean {
  const v = obj[key];
  if (v === undefined) return def;
  if (typeof v !== 'boolean') configError(path ? `${path}.${key}` : key, `must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** Reads a string, defaulting when absent (`def` undefined → required). */
export function str(obj: JsonObject, key: string, path: string, def?: string): string {
  const v = obj[key];
  const field = path ? `${path}.${key}` : key;
  if (v === undefined) {
    if (def === undefined) configError(field, 'is required');
    return def;
  }
  if (typeof v !== 'string' || v.length === 0) configError(field, `must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

/** Reads one of `choices`, defaulting when absent. */
export function oneOf<T extends string>(obj: JsonObject, key: string, path: string, choices: readonly T[], def: T): T {
  const v = obj[key];
  if (v === undefined) return def;
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    configError(path ? `${path}.${key}` : key, `must be one of ${choices.map((c) => `"${c}"`).join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

/** Reads an array of strings, defaulting when absent. */
export function strList(obj: JsonObject, key: string, path: string, def: string[]): string[] {
  const v = obj[key];
  if (v === undefined) return def;
  const field = path ? `${path}.${key}` : key;
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s.length > 0)) configError(field, `must be a list of non-empty strings, got ${JSON.stringify(v)}`);
  return v as string[];
}
