import { DoctorReport, Finding } from './Finding';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const histogram = (h: Record<string, number>) => Object.entries(h).map(([k, v]) => `${k}: ${v}`).join(', ') || '-';

/** One finding as two or three lines: severity, code and file; the message; the fix. */
export function formatFinding(f: Finding): string {
  const where = f.file ? `${f.file}${f.line !== undefined ? `:${f.line}` : ''}` : '(dataset)';
  return `${f.severity.toUpperCase().padEnd(8)}${f.code.padEnd(18)}${where}\n        ${f.message}\n        fix: ${f.fix}`;
}

/**
 * The doctor's plain-text report (CLI and the MedSeg output channel): a summary table,
 * then every finding, errors first.
 */
export function formatDoctorReport(report: DoctorReport): string {
  const { manifest: m, summary: s } = report;
  const rows: [string, string][] = [
    ['Dataset', `${m.name} (${m.kind}, ${m.dimensionality}-D, channels: ${m.modalities.join(', ')})`],
    ['Cases', `${s.cases}   files read: ${s.filesRead}   in ${(s.durationMs / 1000).toFixed(1)} s${s.cancelled ? '   (CANCELLED)' : ''}`],
    ['Sizes', histogram(s.sizes)],
    ['Classes', histogram(s.labels)],
    ['Folds', histogram(s.folds)],
    ['Mask labels', Object.entries(m.maskLabels).map(([raw, i]) => (raw === String(i) ? raw : `${raw}→${i}`)).join(', ')],
    ['Result', `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}`],
  ];
  const lines = rows.map(([k, v]) => `${k.padEnd(12)}${v}`);
  for (const n of m.notes) lines.push(`${'Note'.padEnd(12)}${n}`);
  if (report.findings.length) lines.push('', ...report.findings.map(formatFinding));
  return lines.join('\n');
}
