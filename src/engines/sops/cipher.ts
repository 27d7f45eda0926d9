import { isUtf8 } from 'node:buffer';
import { createDecipheriv } from 'node:crypto';
import { goYamlTimestamp } from '../yaml/index.ts';
import type { Value } from './tree.ts';

const ENC = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;

const base64Strict = (s: string, what: string): Buffer => {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) {
    throw new Error(`error base64-decoding ${what}`);
  }
  return Buffer.from(s, 'base64');
};

/** Go's strconv.ParseFloat for the forms sops writes (decimal, exponent, Inf, NaN). */
function parseGoFloat(s: string): number {
  if (/^[+-]?(?:inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return Number.NaN;
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) throw new Error('invalid syntax for a float');
  return Number(s);
}

/** Go's strconv.ParseBool. */
function parseBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new Error('invalid syntax for a bool');
}

/**
 * Decrypts one `ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]` value with the data key, the
 * additional data being the value's path (`a:b:0:` style, or the last-modified time for the MAC).
 * Returns the typed value; an empty string stays empty. Errors never quote the value.
 */
export function decryptValue(ciphertext: string, key: Uint8Array, additionalData: string): Value {
  if (ciphertext === '') return '';
  const m = ENC.exec(ciphertext);
  if (!m) throw new Error("input string does not match sops' data format");
  const data = base64Strict(m[1] as string, 'data');
  const iv = base64Strict(m[2] as string, 'iv');
  const tag = base64Strict(m[3] as string, 'tag');
  if (iv.length === 0 || tag.length !== 16)
    throw new Error('could not decrypt with AES_GCM: invalid iv or tag');
  let plain: Buffer;
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    d.setAAD(Buffer.from(additionalData, 'utf8'));
    d.setAuthTag(tag);
    plain = Buffer.concat([d.update(data), d.final()]);
  } catch {
    throw new Error('could not decrypt with AES_GCM: cipher: message authentication failed');
  }
  const text = plain.toString('utf8');
  switch (m[4]) {
    case 'str':
      // a binary file's content is a Go string of arbitrary bytes: keep bytes that are not UTF-8
      return isUtf8(plain) ? text : Uint8Array.from(plain);
    case 'int': {
      if (!/^[+-]?\d+$/.test(text)) throw new Error('invalid syntax for an int');
      return BigInt(text);
    }
    case 'float':
      return parseGoFloat(text);
    case 'bool':
      return parseBool(text);
    case 'bytes':
      return Uint8Array.from(plain);
    case 'time': {
      // Go reads it with time.UnmarshalText (RFC 3339) and writes it back in RFC3339Nano form
      const time = goYamlTimestamp(text);
      if (time === undefined || !/[Tt]/.test(text)) throw new Error('invalid time value');
      return { time };
    }
    case 'comment':
      return { comment: text };
    default:
      throw new Error('unknown datatype');
  }
}
