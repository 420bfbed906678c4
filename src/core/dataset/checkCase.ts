import { DatasetCase, DatasetManifest } from './DatasetManifest';
import { dirName } from './FileSource';
import { Finding, finding } from './Finding';
import { VolumeStats, nearlyEqual, sizeLabel, spatialDims } from './volumeStats';

/** A file the doctor read: its stats, plus what a figshare .mat carries besides the image. */
export interface LoadedFile {
  image: VolumeStats;
  /** figshare .mat only: the tumour mask stored in the same file. */
  mask?: VolumeStats;
  label?: number;
  pid?: string;
}

/** `{0, 1, 3}` */
export const fmtSet = (xs: readonly number[]): string => `{${xs.join(', ')}}`;
const fmtVec = (xs: readonly number[]): string => xs.map((x) => +x.toFixed(4)).join('×');

/** The outcome of checking a mask's values against the label set. */
export type MaskValueCheck = { ok: true; is255?: boolean } | { ok: false; message: string; fix: string };

/**
 * Whether a mask's values are in the label set. Binary masks saved as 0/255 are accepted
 * (`is255`): the loader reads any non-zero value of a binary mask as foreground.
 */
export function checkMaskValues(s: VolumeStats, maskLabels: Record<string, number>): MaskValueCheck {
  const allowed = Object.keys(maskLabels).map(Number).sort((a, b) => a - b);
  const binary = allowed.length === 2 && allowed[0] === 0 && allowed[1] === 1;
  if (!s.distinct) {
    return { ok: false, message: `not a label mask: more than 64 distinct values (${s.min}..${s.max})`, fix: 'save masks losslessly (PNG or NIfTI) with integer labels; JPEG-compressed or interpolated masks are blurred' };
  }
  if (!s.integral) return { ok: false, message: `mask has non-integer values ${fmtSet(s.distinct.slice(0, 8))}`, fix: 'threshold or round the mask to integer labels' };
  const extra = s.distinct.filter((v) => !allowed.includes(v));
  if (extra.length === 0) return { ok: true };
  if (binary && s.distinct.every((v) => v === 0 || v === 255)) return { ok: true, is255: true };
  return {
    ok: false,
    message: `mask values ${fmtSet(s.distinct)}: ${extra.join(', ')} ${extra.length > 1 ? 'are' : 'is'} not in the label set ${fmtSet(allowed)}`,
    fix: binary ? 'threshold the mask to 0/1, or declare its labels in dataset.json "maskLabels"' : 'relabel the mask, or declare the value in dataset.json "maskLabels"',
  };
}

/** The mask stats of a case: from the mask file, or from the .mat holding both. */
export function maskStatsOf(m: DatasetManifest, c: DatasetCase, loaded: Map<string, LoadedFile | undefined>): VolumeStats | undefined {
  const lf = c.mask === undefined ? undefined : loaded.get(c.mask);
  return m.kind === 'figshare' ? lf?.mask : lf?.image;
}

/** Geometry agreement of `b` with the reference `a` (files of one case): errors for shape/spacing, warning for affine. */
function compareGeometry(a: VolumeStats, aFile: string, b: VolumeStats, bFile: string, what: string): Finding[] {
  if (!nearlyEqual(spatialDims(a), spatialDims(b), 0)) {
    return [finding('error', what === 'mask' ? 'mask-shape' : 'geometry-mismatch', bFile, `${what} is ${sizeLabel(b)} but ${aFile} is ${sizeLabel(a)}`, 'resample it onto the same grid as the other files of the case')];
  }
  const sa = a.spacing.slice(0, 3);
  const sb = b.spacing.slice(0, 3);
  if (!nearlyEqual(sa, sb, 1e-3)) {
    return [finding('error', 'geometry-mismatch', bFile, `${what} spacing ${fmtVec(sb)} mm differs from ${aFile} (${fmtVec(sa)} mm)`, 'resample it to the spacing of the other files; voxels would not correspond')];
  }
  if (!nearlyEqual(a.affine, b.affine, 1e-3)) {
    return [finding('warning', 'affine-mismatch', bFile, `${what} affine (orientation/origin) differs from ${aFile}`, 'register or reorient it; voxel grids match but positions in the head may not')];
  }
  return [];
}

/**
 * Checks one case's files once read: finite, non-constant images on one grid, a mask of
 * the image's shape with values in the label set and some foreground, and (figshare) the
 * label in the file against labels.csv. Fills `c.label`/`c.group` from a figshare .mat.
 */
export function checkCase(m: DatasetManifest, c: DatasetCase, loaded: Map<string, LoadedFile | undefined>): Finding[] {
  const out: Finding[] = [];
  const images: { mod: string; file: string; s: VolumeStats }[] = [];
  for (const [mod, file] of Object.entries(c.modalities)) {
    const s = loaded.get(file)?.image;
    if (s) images.push({ mod, file, s });
  }
  for (const { file, s } of images) {
    if (s.nonFinite > 0) out.push(finding('error', 'non-finite', file, `${s.nonFinite} voxel${s.nonFinite > 1 ? 's are' : ' is'} NaN or Inf`, 'replace them (e.g. numpy.nan_to_num) before training: normalisation would spread NaN through the whole image'));
    else if (s.min === s.max) out.push(finding('error', 'constant-image', file, `every voxel is ${s.min}: the image is blank`, 'replace it with the real image or remove the case (normalising a constant image divides by zero)'));
  }
  const ref = images[0];
  for (const other of images.slice(1)) out.push(...compareGeometry(ref.s, ref.file, other.s, other.file, other.mod));

  const ms = maskStatsOf(m, c, loaded);
  if (ms && c.mask !== undefined) {
    const maskFile = c.mask;
    if (ref && maskFile !== ref.file) out.push(...compareGeometry(ref.s, ref.file, ms, maskFile, 'mask'));
    else if (ref && !nearlyEqual(spatialDims(ref.s), spatialDims(ms), 0)) {
      out.push(finding('error', 'mask-shape', maskFile, `mask is ${sizeLabel(ms)} but the image is ${sizeLabel(ref.s)}`, 'fix the file: the mask must cover the image pixel for pixel'));
    }
    if (ms.nonFinite > 0) out.push(finding('error', 'non-finite', maskFile, `mask has ${ms.nonFinite} NaN/Inf values`, 'masks must hold integer labels'));
    const v = checkMaskValues(ms, m.maskLabels);
    if (!v.ok) out.push(finding('error', 'mask-values', maskFile, v.message, v.fix));
    if (ms.nonZero === 0 && ms.nonFinite === 0) out.push(finding('warning', 'empty-mask', maskFile, 'mask is empty (no foreground)', 'fine for a healthy slice; otherwise the annotation is missing and the case teaches "no tumour"'));
  }

  if (m.kind === 'figshare') {
    const lf = loaded.get(c.modalities.image ?? '');
    if (lf?.label !== undefined) {
      if (c.label !== undefined && c.label !== lf.label) {
        out.push(finding('error', 'label-mismatch', m.labelsFile ?? c.modalities.image, `case '${c.id}': ${m.labelsFile ?? 'the labels table'} says label ${c.label} but ${c.modalities.image} holds ${lf.label}`, 'correct whichever is wrong; the .mat label was kept'));
      }
      c.label = lf.label;
    }
    if (lf?.pid && lf.pid !== 'unknown' && c.group === undefined) c.group = lf.pid;
  }
  return out;
}

/** The folder a case lives in ('' for flat layouts), for findings about the case as a whole. */
export function caseFolder(c: DatasetCase): string {
  return dirName(Object.values(c.modalities)[0] ?? c.mask ?? '');
}
