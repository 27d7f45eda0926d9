/**
 * A minimal DER encoder and reader: just what building and inspecting X.509 certificates and
 * private keys for sprig's certificate functions needs.
 */

/** One TLV element: tag byte, content, and the full encoding. */
export interface DerElement {
  tag: number;
  content: Buffer;
  raw: Buffer;
}

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 255);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** An element with the given tag and content. */
export const tlv = (tag: number, content: Buffer): Buffer =>
  Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
export const sequence = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));
export const set = (...parts: Buffer[]): Buffer => tlv(0x31, Buffer.concat(parts));
export const octetString = (b: Buffer): Buffer => tlv(0x04, b);
export const bitString = (b: Buffer, unused = 0): Buffer =>
  tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
export const boolean = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0]));
export const nullValue = (): Buffer => tlv(0x05, Buffer.alloc(0));
/** A context-specific element `[n]`, constructed (EXPLICIT) or primitive (IMPLICIT). */
export const context = (n: number, content: Buffer, constructed = true): Buffer =>
  tlv((constructed ? 0xa0 : 0x80) | n, content);

/** A non-negative INTEGER. */
export function integer(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let b = Buffer.from(hex, 'hex');
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

/** An OBJECT IDENTIFIER from dotted text. */
export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280), to the second. */
export function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return d.getUTCFullYear() < 2050 && d.getUTCFullYear() >= 1950
    ? tlv(0x17, Buffer.from(iso.slice(2)))
    : tlv(0x18, Buffer.from(iso));
}

/** Reads one element at `offset`; throws on truncated input. */
export function readElement(b: Buffer, offset = 0): DerElement & { end: number } {
  if (offset + 2 > b.length) throw new Error('truncated DER');
  const tag = b[offset];
  let len = b[offset + 1];
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[pos + i];
    pos += n;
  }
  if (pos + len > b.length) throw new Error('truncated DER');
  return { tag, content: b.subarray(pos, pos + len), raw: b.subarray(offset, pos + len), end: pos + len };
}

/** The elements inside a constructed element's content. */
export function children(content: Buffer): DerElement[] {
  const out: DerElement[] = [];
  for (let pos = 0; pos < content.length; ) {
    const e = readElement(content, pos);
    out.push(e);
    pos = e.end;
  }
  return out;
}

/** An INTEGER's value. */
export const integerValue = (e: DerElement): bigint => BigInt(`0x${e.content.toString('hex') || '0'}`);
