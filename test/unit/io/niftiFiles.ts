import * as fs from 'fs';
import * as path from 'path';
import { sharedData } from '../../helpers/paths';

/** Every NIfTI test file under the shared data (pairs listed by their .hdr), minus the deliberately invalid one. */
export function niftiTestFiles(includeAllBrats = true): string[] {
  const out: string[] = [];
  for (const dir of ['nifti-format/nifti-reader-js', 'nifti-format/niivue-demo-format', 'niivue-flair']) {
    for (const f of fs.readdirSync(sharedData(dir)).sort()) {
      if (/\.(nii|nii\.gz|hdr|hdr\.gz)$/.test(f) && f !== 'not-nifti.nii') out.push(sharedData(dir, f));
    }
  }
  const cases = fs.readdirSync(sharedData('brats18')).filter((c) => c.startsWith('Brats18_')).sort();
  for (const c of includeAllBrats ? cases : cases.slice(0, 1)) {
    for (const m of ['flair', 't1', 't1ce', 't2', 'seg']) out.push(sharedData('brats18', c, `${c}_${m}.nii.gz`));
  }
  return out;
}

/** The bytes of a file and, for a .hdr, its .img companion (gzipped alike). */
export function loadWithCompanion(file: string): { bytes: Uint8Array; companion?: Uint8Array } {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const m = /\.hdr(\.gz)?$/.exec(file);
  if (!m) return { bytes };
  const img = file.replace(/\.hdr(\.gz)?$/, `.img${m[1] ?? ''}`);
  return { bytes, companion: new Uint8Array(fs.readFileSync(img)) };
}

/** File name relative to the shared data folder, for messages. */
export function shortName(file: string): string {
  return path.relative(sharedData(), file);
}
