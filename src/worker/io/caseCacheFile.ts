/**
 * One preprocessed case on disk (`<case>.bin` in the preprocessed cache): a small JSON
 * header (ids, foreground flags, label, spacing) and then every slice's pixels at fixed
 * offsets, so a single slice is read with one positioned read and nothing else of the case
 * is loaded. Written atomically (temp + rename): a build killed mid-case leaves no half file.
 *
 *   "MSC1" | u32 header bytes | header JSON | pad to 4 | images (f32, n·H·W·C) | masks (u8, n·H·W)
 *
 * Host byte order (little-endian on every platform Node supports).
 */
import * as fs from 'fs';
import type { Sample2D } from '../../core/preprocessing/Sample2D';
import { hasForeground } from '../../core/preprocessing/SampleSource';
import { writeFileAtomic } from './atomicWrite';

const MAGIC = 'MSC1';

/** What a case file says about its slices. */
export interface CaseHeader {
  id: string;
  width: number;
  height: number;
  channels: number;
  hasMask: boolean;
  label?: number;
  /** `foreground`: the prepared mask has tumour; `rawForeground`: the mask as read had (labels from masks use it). */
  slices: { id: string; foreground: boolean; rawForeground: boolean; spacing?: [number, number] }[];
}

/** A case file's header and where its pixels start. */
export interface CaseEntry {
  file: string;
  header: CaseHeader;
  imageOffset: number;
  maskOffset: number;
}

const pad4 = (n: number) => (n + 3) & ~3;

/** Bytes of one slice's pixels (image and mask). */
export function sliceBytes(h: Pick<CaseHeader, 'width' | 'height' | 'channels' | 'hasMask'>): number {
  const px = h.width * h.height;
  return px * h.channels * 4 + (h.hasMask ? px : 0);
}

function layout(file: string, header: CaseHeader, headerBytes: number): CaseEntry {
  const imageOffset = pad4(8 + headerBytes);
  const n = header.slices.length;
  return { file, header, imageOffset, maskOffset: imageOffset + n * header.width * header.height * header.channels * 4 };
}

function expectedSize(e: CaseEntry): number {
  return e.maskOffset + (e.header.hasMask ? e.header.slices.length * e.header.width * e.header.height : 0);
}

/** Writes prepared slices (all the same size) of one case atomically; `rawForeground[k]`: slice k had tumour before preparation. */
export function writeCaseFile(file: string, id: string, slices: readonly Sample2D[], label: number | undefined, rawForeground: readonly boolean[]): CaseEntry {
  const first = slices[0];
  const header: CaseHeader = {
    id, width: first?.width ?? 0, height: first?.height ?? 0, channels: first?.channels ?? 0, hasMask: slices.some((s) => s.mask !== undefined),
    slices: slices.map((s, k) => ({ id: s.id, foreground: hasForeground(s.mask), rawForeground: rawForeground[k], ...(s.spacing ? { spacing: s.spacing } : {}) })),
  };
  if (label !== undefined) header.label = label;
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const e = layout(file, header, json.length);
  const buf = Buffer.alloc(expectedSize(e));
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(json.length, 4);
  json.copy(buf, 8);
  const px = header.width * header.height;
  slices.forEach((s, k) => {
    Buffer.from(s.image.buffer, s.image.byteOffset, s.image.byteLength).copy(buf, e.imageOffset + k * px * header.channels * 4);
    if (s.mask) Buffer.from(s.mask.buffer, s.mask.byteOffset, s.mask.byteLength).copy(buf, e.maskOffset + k * px);
  });
  writeFileAtomic(file, buf);
  return e;
}

function readAt(fd: number, length: number, position: number): Buffer {
  const b = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, b, done, length - done, position + done);
    if (n === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += n;
  }
  return b;
}

/** The header of a complete case file; undefined when the file is missing, truncated or not one. */
export function readCaseHeader(file: string): CaseEntry | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = readAt(fd, 8, 0);
    if (head.toString('latin1', 0, 4) !== MAGIC) return undefined;
    const header = JSON.parse(readAt(fd, head.readUInt32LE(4), 8).toString('utf8')) as CaseHeader;
    const e = layout(file, header, head.readUInt32LE(4));
    return fs.fstatSync(fd).size === expectedSize(e) ? e : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Reads slice `k` of a case file (one positioned read per array). */
export function readCaseSlice(e: CaseEntry, k: number): Sample2D {
  const { width, height, channels, hasMask } = e.header;
  const px = width * height;
  const fd = fs.openSync(e.file, 'r');
  try {
    const img = readAt(fd, px * channels * 4, e.imageOffset + k * px * channels * 4);
    const s: Sample2D = { id: e.header.slices[k].id, image: new Float32Array(img.buffer, img.byteOffset, px * channels), width, height, channels };
    if (hasMask) {
      const m = readAt(fd, px, e.maskOffset + k * px);
      s.mask = new Uint8Array(m.buffer, m.byteOffset, px);
    }
    const spacing = e.header.slices[k].spacing;
    if (spacing) s.spacing = spacing;
    if (e.header.label !== undefined) s.label = e.header.label;
    return s;
  } finally {
    fs.closeSync(fd);
  }
}
