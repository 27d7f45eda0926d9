/**
 * Sprig's random functions: random strings drawn from crypto randomness (as goutils' CryptoRandom
 * does), shuffle, randInt, randBytes and uuidv4. Their output is checked by shape, not value.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { type FuncMap, goFunc } from './signature.ts';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

/** A random string of `count` characters from `alphabet`; a negative count gives "" (sprig drops the error). */
function randomString(alphabet: string, count: bigint): string {
  let out = '';
  for (let i = 0n; i < count; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Fisher-Yates over the runes of s. */
function shuffle(s: string): string {
  const runes = [...s];
  for (let i = runes.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [runes[i], runes[j]] = [runes[j], runes[i]];
  }
  return runes.join('');
}

function randInt(min: bigint, max: bigint): bigint {
  const span = max - min;
  if (span <= 0n) throw new Error('invalid argument to Intn');
  const draw = span <= 2n ** 48n - 1n ? BigInt(randomInt(Number(span))) : randomBigBelow(span);
  return draw + min;
}

function randomBigBelow(limit: bigint): bigint {
  for (;;) {
    const n = BigInt.asUintN(64, randomBytes(8).readBigUInt64BE());
    if (n < limit * (2n ** 64n / limit)) return n % limit;
  }
}

function randBytes(count: bigint): string {
  if (count < 0n) throw new Error('runtime error: makeslice: len out of range');
  return randomBytes(Number(count)).toString('base64');
}

/** The random family of the sprig FuncMap. */
export function randomFuncs(): FuncMap {
  return {
    randAlphaNum: goFunc(['int'], (n: bigint) => randomString(LETTERS + DIGITS, n)),
    randAlpha: goFunc(['int'], (n: bigint) => randomString(LETTERS, n)),
    randNumeric: goFunc(['int'], (n: bigint) => randomString(DIGITS, n)),
    randAscii: goFunc(['int'], (n: bigint) => randomString(ASCII, n)),
    shuffle: goFunc(['string'], shuffle),
    randInt: goFunc(['int', 'int'], randInt),
    randBytes: goFunc(['int'], randBytes),
    uuidv4: goFunc([], () => randomUUID()),
  };
}
