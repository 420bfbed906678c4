import Ajv, { ValidateFunction } from 'ajv';
import schema from '../../../media/schemas/dataset.schema.json';
import { Finding, finding } from './Finding';

/** The content of a `dataset.json` (see media/schemas/dataset.schema.json, the single source of truth). */
export interface DatasetJson {
  name?: string;
  dimensionality?: 2 | 3;
  modalities?: string[];
  classes?: string[];
  labelMap?: Record<string, number>;
  maskLabels?: Record<string, number>;
  labels?: string;
  pattern?: { image: string; mask?: string };
  cases?: DatasetJsonCase[];
}

/** One case as written in dataset.json. */
export interface DatasetJsonCase {
  id: string;
  image?: string;
  modalities?: Record<string, string>;
  mask?: string;
  label?: number;
  fold?: number;
  group?: string;
}

let validator: ValidateFunction | undefined;

/** Compiled lazily: no work at import time, and compile once per process. */
function validate(): ValidateFunction {
  // strict: false so VS Code-only keywords in the schema never break validation.
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validator;
}

/**
 * Parses and validates a dataset.json against the published schema. Returns the manifest
 * content, or undefined with `error` findings (JSON syntax with its line, or each schema
 * violation with its JSON pointer).
 */
export function parseDatasetJson(text: string, file: string): { json?: DatasetJson; findings: Finding[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = errorPosition(msg, text);
    const line = pos === undefined ? undefined : text.slice(0, pos).split('\n').length;
    return { findings: [finding('error', 'bad-manifest', file, `not valid JSON: ${msg}`, 'fix the JSON syntax', line)] };
  }
  const v = validate();
  if (!v(data)) {
    const findings = (v.errors ?? []).map((e) => finding('error', 'bad-manifest', file,
      `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` ('${String(e.params.additionalProperty)}')` : ''}`,
      'follow media/schemas/dataset.schema.json (VS Code validates dataset.json as you type)'));
    return { findings };
  }
  return { json: data as DatasetJson, findings: [] };
}

/**
 * Where JSON.parse failed. V8 says either "at position N" or, for an unexpected token,
 * quotes the text around it (10 characters either side, "..." when cut): find that.
 */
function errorPosition(msg: string, text: string): number | undefined {
  const at = /position (\d+)/.exec(msg);
  if (at) return Number(at[1]);
  const tok = /Unexpected token '(.)', (\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(msg);
  if (!tok) return undefined;
  const start = text.indexOf(tok[3]);
  const pos = start < 0 ? -1 : text.indexOf(tok[1], start + (tok[2] ? Math.min(10, tok[3].length - 1) : 0));
  return pos < 0 ? undefined : pos;
}
