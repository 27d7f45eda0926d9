/**
 * Sprig's hashing and secret functions: sha1/sha256/sha512 and adler32 sums, bcrypt and htpasswd
 * (Go's `$2a$` hashes at cost 10), derivePassword (the Master Password algorithm: scrypt then
 * HMAC-SHA256 over a template), and encryptAES/decryptAES (AES-256-CBC, PKCS#7 padding, random IV
 * first, base64; the key is the password's bytes, zero-padded or cut to 32).
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  scryptSync,
} from 'node:crypto';
import bcryptjs from 'bcryptjs';
import { type FuncMap, goFunc } from './signature.ts';
import { bytesOf, textOf } from './text.ts';

const hash = (algorithm: string) => (s: string) => createHash(algorithm).update(bytesOf(s)).digest('hex');

/** hash/adler32 of the string's bytes, in decimal. */
function adler32(s: string): string {
  let a = 1;
  let b = 0;
  for (const byte of bytesOf(s)) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return String(((b << 16) | a) >>> 0);
}

/** bcrypt.GenerateFromPassword at the default cost, or sprig's failure text. */
function bcrypt(password: string): string {
  if (bytesOf(password).length > 72) {
    return 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes';
  }
  const salt = bcryptjs.genSaltSync(10).replace(/^\$2b\$/, '$2a$');
  return bcryptjs.hashSync(password, salt);
}

function htpasswd(user: string, password: string): string {
  if (user.includes(':')) return `invalid username: ${user}`;
  return `${user}:${bcrypt(password)}`;
}

const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv',
    'CvcvCvcvnoCvcv',
    'CvcvCvcvCvcvno',
    'CvccnoCvcvCvcv',
    'CvccCvcvnoCvcv',
    'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv',
    'CvcvCvccCvcvno',
    'CvcvnoCvcvCvcc',
    'CvcvCvcvnoCvcc',
    'CvcvCvcvCvccno',
    'CvccnoCvccCvcv',
    'CvccCvccnoCvcv',
    'CvccCvccCvcvno',
    'CvcvnoCvccCvcc',
    'CvcvCvccnoCvcc',
    'CvcvCvccCvccno',
    'CvccnoCvcvCvcc',
    'CvccCvcvnoCvcc',
    'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};

const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

const SEED = 'com.lyndir.masterpassword';

const uint32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** The Master Password algorithm v3 as sprig implements it. */
function derivePassword(
  counter: { value: bigint },
  type: string,
  password: string,
  user: string,
  site: string,
) {
  const templates = PASSWORD_TEMPLATES[type];
  if (!templates) return `cannot find password template ${type}`;
  const userBytes = bytesOf(user);
  const salt = Buffer.concat([Buffer.from(SEED), uint32(userBytes.length), userBytes]);
  const key = scryptSync(bytesOf(password), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 128 * 1024 * 1024 });
  const siteBytes = bytesOf(site);
  const message = Buffer.concat([
    Buffer.from(SEED),
    uint32(siteBytes.length),
    siteBytes,
    uint32(Number(counter.value)),
  ]);
  const seed = createHmac('sha256', key).update(message).digest();
  const template = templates[seed[0] % templates.length];
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const chars = TEMPLATE_CHARACTERS[template[i]];
    out += chars[seed[i + 1] % chars.length];
  }
  return out;
}

function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  bytesOf(password).copy(key, 0, 0, 32);
  return key;
}

function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', aesKey(password), iv);
  return Buffer.concat([iv, cipher.update(bytesOf(plaintext)), cipher.final()]).toString('base64');
}

/** decryptAES with Go's failure modes: base64 errors, short input and bad padding panic as in Go. */
function decryptAES(password: string, encoded: string, decodeBase64: (s: string) => Uint8Array): string {
  if (encoded === '') return '';
  const data = Buffer.from(decodeBase64(encoded));
  if (data.length < 16)
    throw new Error(`runtime error: slice bounds out of range [:16] with capacity ${data.length}`);
  const body = data.subarray(16);
  if (body.length % 16 !== 0) throw new Error('crypto/cipher: input not full blocks');
  const decipher = createDecipheriv('aes-256-cbc', aesKey(password), data.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(body), decipher.final()]);
  if (plain.length === 0) throw new Error('runtime error: index out of range [-1]');
  const end = plain.length - plain[plain.length - 1];
  if (end < 0) throw new Error(`runtime error: slice bounds out of range [:${end}]`);
  return textOf(plain.subarray(0, end));
}

/** The crypto family of the sprig FuncMap; `decodeBase64` is Go's strict base64 decoder. */
export function cryptoFuncs(decodeBase64: (s: string) => Uint8Array): FuncMap {
  return {
    sha1sum: goFunc(['string'], hash('sha1')),
    sha256sum: goFunc(['string'], hash('sha256')),
    sha512sum: goFunc(['string'], hash('sha512')),
    adler32sum: goFunc(['string'], adler32),
    bcrypt: goFunc(['string'], bcrypt),
    htpasswd: goFunc(['string', 'string'], htpasswd),
    derivePassword: goFunc(['uint32', 'string', 'string', 'string', 'string'], derivePassword),
    encryptAES: goFunc(['string', 'string'], encryptAES),
    decryptAES: goFunc(['string', 'string'], (password: string, encoded: string) =>
      decryptAES(password, encoded, decodeBase64),
    ),
  };
}
