/**
 * Base64 without `Buffer` or `atob`, so core stays browser-safe. Base64 is used only on
 * the debug-adapter wire (DAP `evaluate` results are strings); everything past the
 * decoder works on typed arrays.
 */
import { MedSegError } from '../util/MedSegError';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
let decodeTable: Int16Array | undefined;

function table(): Int16Array {
  // Built lazily: no work at import time.
  if (!decodeTable) {
    decodeTable = new Int16Array(128).fill(-1);
    for (let i = 0; i < ALPHABET.length; i++) decodeTable[ALPHABET.charCodeAt(i)] = i;
    decodeTable['-'.charCodeAt(0)] = 62; // URL-safe variants decode too
    decodeTable['_'.charCodeAt(0)] = 63;
  }
  return decodeTable;
}

/** Decodes standard or URL-safe base64 (padding optional, whitespace ignored). */
export function decodeBase64(text: string): Uint8Array {
  const t = table();
  const clean = text.replace(/[\s=]/g, '');
  if (clean.length % 4 === 1) throw new MedSegError('bad-base64', `invalid base64 length ${clean.length}`);
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? t[c]! : -1;
    if (v < 0) throw new MedSegError('bad-base64', `invalid base64 character '${clean[i]}' at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return o === out.length ? out : out.subarray(0, o);
}

/** Encodes bytes as standard padded base64 (PNG/CSV export payloads, tests). */
export function encodeBase64(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    s += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    s += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '=';
  }
  return s;
}
