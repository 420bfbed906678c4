/**
 * Reader benchmark: open one BraTS case (4 modalities + seg, 240×240×155 .nii.gz) and all
 * 124 figshare .mat files with our readers, and the same with nibabel / h5py in the same
 * run (bench/reference/io_reference.py). File bytes are read from disk inside the timed
 * region on both sides. Prints a ratio table and writes bench/results/io.json.
 *   npm run bench -- io [--repeats=3]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readFigshareMat, readVolume, toCanonicalRAS, writeNifti } from '../src/core/io';
import type { Volume } from '../src/core/volume/Volume';
import { projectRoot, sharedData } from '../test/helpers/paths';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const repeatsArg = process.argv.find((a) => a.startsWith('--repeats='));
const REPEATS = repeatsArg ? Math.max(1, Number(repeatsArg.split('=')[1])) : 3;

/** python3 with nibabel + h5py: $MEDSEG_PYTHON, PATH's python3, or Debian's /usr/bin/python3. */
function findPython(): string | null {
  for (const py of [process.env.MEDSEG_PYTHON, 'python3', '/usr/bin/python3']) {
    if (!py || (py.startsWith('/') && !fs.existsSync(py))) continue;
    if (spawnSync(py, ['-c', 'import nibabel, h5py, numpy'], { stdio: 'ignore' }).status === 0) return py;
  }
  return null;
}

function sum(v: Volume): number {
  let s = 0;
  for (let i = 0; i < v.data.length; i++) s += v.data[i];
  return s;
}

async function readBrats(files: string[]): Promise<{ ms: number; checksum: number; vols: Volume[] }> {
  const t = performance.now();
  const vols: Volume[] = [];
  for (const f of files) vols.push(await readVolume(path.basename(f), new Uint8Array(fs.readFileSync(f))));
  const ms = performance.now() - t;
  return { ms, checksum: vols.reduce((a, v) => a + sum(v), 0), vols };
}

async function readMats(files: string[]): Promise<{ ms: number; checksum: number }> {
  const t = performance.now();
  let checksum = 0;
  for (const f of files) {
    const c = await readFigshareMat(path.basename(f), new Uint8Array(fs.readFileSync(f)));
    checksum += sum(c.image) + sum(c.mask) + c.label + c.border.length + c.pid.length;
  }
  return { ms: performance.now() - t, checksum };
}

async function main(): Promise<void> {
  const caseId = 'Brats18_2013_11_1';
  const brats = ['flair', 't1', 't1ce', 't2', 'seg'].map((m) => sharedData('brats18', caseId, `${caseId}_${m}.nii.gz`));
  const matDir = sharedData('figshare-brain-tumor', 'mat');
  if (!fs.existsSync(brats[0]) || !fs.existsSync(matDir)) { console.log('skipped: shared data not found'); return; }
  const mats = fs.readdirSync(matDir).filter((f) => f.endsWith('.mat')).sort().map((f) => path.join(matDir, f));

  // Warm-up (h5wasm instantiation, JIT) is reported separately, not in the medians.
  const tWarm = performance.now();
  await readFigshareMat('warmup.mat', new Uint8Array(fs.readFileSync(mats[0])));
  const h5wasmInitMs = performance.now() - tWarm;

  const ours = { bratsMs: [] as number[], matMs: [] as number[], canonicalMs: [] as number[], writeMs: [] as number[], bratsChecksum: 0, matChecksum: 0 };
  for (let r = 0; r < REPEATS; r++) {
    const b = await readBrats(brats);
    ours.bratsMs.push(b.ms);
    ours.bratsChecksum = b.checksum;
    let t = performance.now();
    b.vols.forEach((v) => toCanonicalRAS(v));
    ours.canonicalMs.push(performance.now() - t);
    t = performance.now();
    writeNifti(b.vols[4]);
    ours.writeMs.push(performance.now() - t);
    const m = await readMats(mats);
    ours.matMs.push(m.ms);
    ours.matChecksum = m.checksum;
  }

  const py = findPython();
  let ref: { brats_ms: number[]; mat_ms: number[]; brats_checksum: number; mat_checksum: number } | null = null;
  if (py) {
    const r = spawnSync(py, [path.join(projectRoot(), 'bench/reference/io_reference.py'), String(REPEATS), ...brats, '--', ...mats], { encoding: 'utf8', maxBuffer: 16 << 20 });
    if (r.status === 0) ref = JSON.parse(r.stdout);
    else console.log(`reference failed: ${r.stderr}`);
  } else {
    console.log('reference skipped: no python3 with nibabel + h5py');
  }

  const rows: Array<[string, number, number | null]> = [
    [`BraTS case, 5 × .nii.gz (ours readVolume vs nibabel get_fdata)`, median(ours.bratsMs), ref ? median(ref.brats_ms) : null],
    [`figshare, ${mats.length} × .mat (ours h5wasm vs h5py)`, median(ours.matMs), ref ? median(ref.mat_ms) : null],
    ['toCanonicalRAS, 5 volumes (ours only)', median(ours.canonicalMs), null],
    ['writeNifti seg .nii.gz (ours only)', median(ours.writeMs), null],
  ];
  console.log(`\n${'task'.padEnd(68)} ${'ours ms'.padStart(9)} ${'ref ms'.padStart(9)} ${'ours/ref'.padStart(9)}`);
  for (const [task, a, b] of rows) {
    console.log(`${task.padEnd(68)} ${a.toFixed(1).padStart(9)} ${(b === null ? '-' : b.toFixed(1)).padStart(9)} ${(b === null ? '-' : (a / b).toFixed(2)).padStart(9)}`);
  }
  console.log(`h5wasm first-use init: ${h5wasmInitMs.toFixed(0)} ms; repeats: ${REPEATS} (medians)`);
  if (ref) {
    const agree = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
    console.log(`checksums agree with the reference: BraTS ${agree(ours.bratsChecksum, ref.brats_checksum)}, figshare ${agree(ours.matChecksum, ref.mat_checksum)}`);
  }
  const result = {
    bench: 'io', date: new Date().toISOString(), host: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    repeats: REPEATS, h5wasmInitMs, ours, reference: ref,
    rows: rows.map(([task, oursMs, refMs]) => ({ task, oursMs, refMs, ratio: refMs ? oursMs / refMs : null })),
  };
  const outDir = path.join(projectRoot(), 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'io.json'), JSON.stringify(result, null, 2));
  console.log(`wrote ${path.relative(projectRoot(), path.join(outDir, 'io.json'))}`);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
