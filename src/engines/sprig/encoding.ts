/**
 * Sprig's base64 and base32 functions with Go's standard (padded, strict-alphabet) encodings.
 * Decoding skips line breaks as Go does, and a bad input yields Go's error text as the result
 * (`illegal base64 data at input byte 4`), which sprig returns instead of failing.
 */

import { type FuncMap, goFunc } from './signature.ts';
import { bytesOf, textOf } from './text.ts';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Go's base64/base32 CorruptInputError. */
export class CorruptInput extends Error {
  constructor(kind: string, offset: number) {
    super(`illegal ${kind} data at input byte ${offset}`);
  }
}

const isNewline = (c: number) => c === 0x0a || c === 0x0d;

/** base64.StdEncoding.DecodeString, returning the decoded bytes or throwing Go's error. */
export function decodeBase64(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const quantum: number[] = [];
    let done = false;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) {
          done = true;
          break;
        }
        throw new CorruptInput('base64', si - j);
      }
      const c = src[si++];
      const v = B64.indexOf(String.fromCharCode(c));
      if (c < 0x80 && v >= 0) {
        quantum.push(v);
        continue;
      }
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== 0x3d) throw new CorruptInput('base64', si - 1);
      // padding
      if (j < 2) throw new CorruptInput('base64', si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) throw new CorruptInput('base64', src.length);
        if (src[si] !== 0x3d) throw new CorruptInput('base64', si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) throw new CorruptInput('base64', si);
      done = true;
      break;
    }
    const bits = quantum.reduce((acc, v) => (acc << 6) | v, 0) << (6 * (4 - quantum.length));
    const bytes = [(bits >> 16) & 255, (bits >> 8) & 255, bits & 255];
    out.push(...bytes.slice(0, Math.max(0, quantum.length - 1)));
    if (done) break;
  }
  return Uint8Array.from(out);
}

/** base32.StdEncoding.DecodeString: line breaks are removed first, then 8-character blocks decoded. */
function decodeBase32(input: Uint8Array): Uint8Array {
  const src = input.filter((c) => !isNewline(c));
  const olen = src.length;
  const out: number[] = [];
  let pos = 0;
  let end = false;
  while (pos < src.length && !end) {
    const dbuf: number[] = [];
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      if (pos === src.length) throw new CorruptInput('base32', olen - (src.length - pos) - j);
      const c = src[pos++];
      const remaining = src.length - pos;
      if (c === 0x3d && j >= 2 && remaining < 8) {
        if (remaining + j < 8 - 1) throw new CorruptInput('base32', olen);
        for (let k = 0; k < 8 - 1 - j; k++) {
          if (remaining > k && src[pos + k] !== 0x3d)
            throw new CorruptInput('base32', olen - remaining + k - 1);
        }
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) throw new CorruptInput('base32', olen - remaining - 1);
        break;
      }
      const v = B32.indexOf(String.fromCharCode(c));
      if (c >= 0x80 || v < 0) throw new CorruptInput('base32', olen - remaining - 1);
      dbuf[j++] = v;
    }
    while (dbuf.length < 8) dbuf.push(0);
    let bits = 0n;
    for (const v of dbuf) bits = (bits << 5n) | BigInt(v);
    const bytes = Array.from({ length: 5 }, (_, i) => Number((bits >> BigInt(8 * (4 - i))) & 255n));
    const count = [0, 0, 1, 1, 2, 3, 3, 4, 5][dlen];
    out.push(...bytes.slice(0, count));
  }
  return Uint8Array.from(out);
}

/** base32.StdEncoding.EncodeToString. */
function encodeBase32(data: Uint8Array): string {
  let out = '';
  for (let i = 0; i < data.length; i += 5) {
    const chunk = data.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const chars = Math.ceil((chunk.length * 8) / 5);
    for (let k = 0; k < 8; k++) out += k < chars ? B32[Number((bits >> BigInt(35 - 5 * k)) & 31n)] : '=';
  }
  return out;
}

/** Decodes, or returns the error text as sprig does. */
const decodeOrMessage = (decode: (b: Uint8Array) => Uint8Array) => (s: string) => {
  try {
    return textOf(decode(bytesOf(s)));
  } catch (e) {
    if (e instanceof CorruptInput) return e.message;
    throw e;
  }
};

/** The encoding family of the sprig FuncMap. */
export function encodingFuncs(): FuncMap {
  return {
    b64enc: goFunc(['string'], (s: string) => bytesOf(s).toString('base64')),
    b64dec: goFunc(['string'], decodeOrMessage(decodeBase64)),
    b32enc: goFunc(['string'], (s: string) => encodeBase32(bytesOf(s))),
    b32dec: goFunc(['string'], decodeOrMessage(decodeBase32)),
  };
}
