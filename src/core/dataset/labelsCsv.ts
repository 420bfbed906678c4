import { Finding, finding } from './Finding';

/** One row of a labels table: what the author recorded about a case. */
export interface LabelRow {
  id: string;
  label?: number;
  className?: string;
  fold?: number;
  group?: string;
  /** 1-based line in the CSV (for diagnostics). */
  line: number;
}

/** A parsed labels.csv: rows by id plus the problems found while parsing. */
export interface LabelsTable {
  rows: Map<string, LabelRow>;
  findings: Finding[];
}

/**
 * Parses RFC 4180 CSV (quoted fields may hold commas, quotes and newlines, as figshare's
 * border-polygon column does). Returns the records with the 1-based line each starts on.
 */
export function parseCsv(text: string): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; field += ch; }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { fields.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.length > 1 || fields[0] !== '') out.push({ fields, line: start });
      fields = []; field = ''; line++; start = line;
    } else field += ch;
  }
  fields.push(field);
  if (fields.length > 1 || fields[0] !== '') out.push({ fields, line: start });
  return out;
}

// Column names recognised in a labels table (first match wins), lower-cased.
const ID_COLS = ['id', 'case', 'case_id', 'image_id', 'name'];
const LABEL_COLS = ['label', 'class_id', 'target', 'y'];
const CLASS_COLS = ['class', 'class_name', 'diagnosis'];
const GROUP_COLS = ['group', 'patient', 'patient_id', 'pid', 'subject', 'subject_id'];

/**
 * Reads a labels table (`labels.csv`): an id column plus optional label, class name, fold
 * (`fold` or the figshare author split `cv_fold…`) and patient/group columns. Problems
 * (missing id column, non-integer labels, duplicate ids) become findings on `file`.
 */
export function parseLabelsCsv(text: string, file: string): LabelsTable {
  const rows = new Map<string, LabelRow>();
  const findings: Finding[] = [];
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  if (records.length === 0) {
    findings.push(finding('warning', 'labels-csv', file, 'labels file is empty', 'add a header row with at least an `id` column'));
    return { rows, findings };
  }
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const col = (names: string[]) => { for (const n of names) { const i = header.indexOf(n); if (i >= 0) return i; } return -1; };
  const idCol = col(ID_COLS);
  if (idCol < 0) {
    findings.push(finding('warning', 'labels-csv', file, `no id column (looked for ${ID_COLS.join(', ')})`, 'name the first column `id`; the labels were ignored', records[0].line));
    return { rows, findings };
  }
  const labelCol = col(LABEL_COLS);
  const classCol = col(CLASS_COLS);
  const groupCol = col(GROUP_COLS);
  const foldCol = header.findIndex((h) => h === 'fold' || h.startsWith('cv_fold') || h === 'split_fold');
  for (const rec of records.slice(1)) {
    const f = rec.fields;
    const id = (f[idCol] ?? '').trim();
    if (!id) continue;
    if (rows.has(id)) {
      findings.push(finding('error', 'duplicate-id', file, `id '${id}' appears twice (first on line ${rows.get(id)!.line})`, 'keep one row per case', rec.line));
      continue;
    }
    const row: LabelRow = { id, line: rec.line };
    const num = (i: number, what: string): number | undefined => {
      const s = (f[i] ?? '').trim();
      if (i < 0 || s === '') return undefined;
      const v = Number(s);
      if (Number.isInteger(v)) return v;
      findings.push(finding('error', 'labels-csv', file, `${what} '${s}' of '${id}' is not an integer`, `write the ${what} as a whole number`, rec.line));
      return undefined;
    };
    row.label = num(labelCol, 'label');
    row.fold = num(foldCol, 'fold');
    if (classCol >= 0 && f[classCol]?.trim()) row.className = f[classCol].trim();
    if (groupCol >= 0 && f[groupCol]?.trim()) row.group = f[groupCol].trim();
    rows.set(id, row);
  }
  return { rows, findings };
}
