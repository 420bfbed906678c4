import * as path from 'path';
import { CliCommand } from './CliCommand';
import { checkDataset } from '../../core/dataset/checkDataset';
import { nodeFileSource } from '../../worker/io/nodeFileSource';
import { formatDoctorReport } from '../../core/dataset/formatDoctorReport';

const HELP = `Usage: medseg doctor <folder> [--json] [--image PATTERN [--mask PATTERN]]

Recognises a dataset folder (dataset.json, BraTS cases, figshare .mat, images/+masks/,
<id>_mask files) and checks every file: sizes, mask shapes and values, labels, NaN/Inf,
missing modalities, geometry, duplicates, unreadable files.

  --json           print the report (manifest, findings, summary) as JSON
  --image PATTERN  pair files by pattern instead of guessing, e.g. 'scans/{id}.png'
  --mask PATTERN   the mask pattern to go with --image, e.g. 'gt/{id}_seg.png'

Exit code: 0 when there are no errors (warnings allowed), 1 when there are, 2 on bad usage.`;

/** Value of `--name VALUE` in args, or undefined. */
function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** `medseg doctor <folder> [--json]`: the dataset doctor, headless. */
export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'check a dataset folder (layout, sizes, masks, labels); exit 1 on errors',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      console.log(HELP);
      return 0;
    }
    const image = option(args, '--image');
    const mask = option(args, '--mask');
    const valued = new Set([image, mask].filter((v) => v !== undefined));
    const folder = args.find((a) => !a.startsWith('--') && !valued.has(a));
    if (!folder || (mask && !image)) {
      console.error(HELP);
      return 2;
    }
    const json = args.includes('--json');
    const root = path.resolve(folder);
    // Progress goes to stderr and only on a terminal, so --json output and logs stay clean.
    const tty = process.stderr.isTTY === true;
    const report = await checkDataset(nodeFileSource, root, {
      pattern: image ? { image, mask } : undefined,
      onProgress: tty ? (p) => process.stderr.write(`\r\x1b[K[${p.done + 1}/${p.total}] ${p.file}`) : undefined,
    });
    if (tty) process.stderr.write('\r\x1b[K');
    console.log(json ? JSON.stringify({ root, ...report }, null, 2) : formatDoctorReport(report));
    return report.summary.errors > 0 ? 1 : 0;
  },
};
