import { DatasetManifest } from './DatasetManifest';

/** How bad a finding is: errors make `medseg doctor` exit 1; warnings and infos do not. */
export type Severity = 'error' | 'warning' | 'info';

/** One problem (or notable fact) the dataset doctor found. */
export interface Finding {
  severity: Severity;
  /** Stable machine-readable code (see FINDING_CODES). */
  code: FindingCode;
  /** The offending file, relative to the dataset root ('' for the dataset as a whole). */
  file: string;
  /** What is wrong, for a person. */
  message: string;
  /** What to do about it (or what the engine will do automatically). */
  fix: string;
  /** 1-based line in `file` when the problem is in a text file (labels.csv, dataset.json). */
  line?: number;
}

/** Every finding code, so surfaces and tests can rely on them. */
export const FINDING_CODES = [
  'unrecognized', 'bad-manifest', 'missing-file', 'unreadable', 'duplicate-id', 'unpaired-image', 'unpaired-mask',
  'missing-modality', 'missing-mask', 'geometry-mismatch', 'affine-mismatch', 'mask-shape', 'mask-values',
  'mask-255', 'empty-mask', 'non-finite', 'constant-image', 'mixed-sizes', 'label-offset', 'label-mismatch',
  'unknown-label', 'no-label', 'labels-csv', 'group-leak', 'ordering-trap', 'ignored-file', 'cancelled',
] as const;

/** A finding code. */
export type FindingCode = (typeof FINDING_CODES)[number];

/** What the doctor reports: the manifest, every finding, and a summary. */
export interface DoctorReport {
  manifest: DatasetManifest;
  findings: Finding[];
  summary: DoctorSummary;
}

/** Counts and distributions for the summary table. */
export interface DoctorSummary {
  kind: DatasetManifest['kind'];
  cases: number;
  /** Files opened and parsed (or attempted). */
  filesRead: number;
  errors: number;
  warnings: number;
  infos: number;
  /** In-plane (2-D) or full (3-D) image size → number of images, e.g. `512×512` → 120. */
  sizes: Record<string, number>;
  /** Class name (or raw label) → number of cases. */
  labels: Record<string, number>;
  /** Fold → number of cases. */
  folds: Record<string, number>;
  /** True when the check stopped early on request; the findings cover the files read so far. */
  cancelled: boolean;
  durationMs: number;
}

/** Builds a finding (keeps call sites short). */
export function finding(severity: Severity, code: FindingCode, file: string, message: string, fix: string, line?: number): Finding {
  return line === undefined ? { severity, code, file, message, fix } : { severity, code, file, message, fix, line };
}

/** Severity rank for sorting (errors first). */
export function severityRank(s: Severity): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : 2;
}
