import {
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  type KeyObject,
  timingSafeEqual,
} from 'node:crypto';
import { type HybridIdentity, hybridIdentityFromSeed, unwrapHybrid } from './age-pq.ts';
import { bech32Decode } from './bech32.ts';

/**
 * One age identity: a native X25519 key (private key and its public share, which salts the
 * stanza key) or a post-quantum hybrid ML-KEM-768 + X25519 key.
 */
export interface AgeIdentity {
  privateKey?: KeyObject;
  publicKey?: Uint8Array;
  hybrid?: HybridIdentity;
}

const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');

/**
 * Parses age identities the way `age.ParseIdentities` reads a key file: one `AGE-SECRET-KEY-1...`
 * per line, blank lines and `#` comments ignored. Native X25519 (`AGE-SECRET-KEY-1`) and post-quantum
 * hybrid (`AGE-SECRET-KEY-PQ-1`) identities are read. Errors name the line number only, never the key.
 */
export function parseAgeIdentities(text: string): AgeIdentity[] {
  const out: AgeIdentity[] = [];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    let decoded: { hrp: string; data: Uint8Array };
    try {
      decoded = bech32Decode(line);
    } catch {
      throw new Error(`error at line ${i + 1}: malformed secret key`);
    }
    if (decoded.hrp === 'age-secret-key-pq-' && decoded.data.length === 32) {
      out.push({ hybrid: hybridIdentityFromSeed(decoded.data) });
      continue;
    }
    if (decoded.hrp !== 'age-secret-key-' || decoded.data.length !== 32) {
      throw new Error(`error at line ${i + 1}: unknown identity type`);
    }
    const privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_X25519, decoded.data]),
      format: 'der',
      type: 'pkcs8',
    });
    const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
    out.push({ privateKey, publicKey: Uint8Array.from(spki.subarray(spki.length - 32)) });
  }
  if (out.length === 0) throw new Error('no secret keys found');
  return out;
}

/** Strips the `-----BEGIN AGE ENCRYPTED FILE-----` armor when present. */
function dearmor(input: Uint8Array): Buffer {
  const text = Buffer.from(input).toString('latin1');
  const begin = '-----BEGIN AGE ENCRYPTED FILE-----';
  const end = '-----END AGE ENCRYPTED FILE-----';
  const trimmed = text.trim();
  if (!trimmed.startsWith(begin)) return Buffer.from(input);
  if (!trimmed.endsWith(end)) throw new Error('invalid armor: missing end line');
  const body = trimmed.slice(begin.length, trimmed.length - end.length).replace(/\s+/g, '');
  return Buffer.from(body, 'base64');
}

interface Stanza {
  type: string;
  args: string[];
  body: Buffer;
}

const b64raw = (s: string) => {
  if (!/^[A-Za-z0-9+/]*$/.test(s)) throw new Error('invalid base64');
  return Buffer.from(s, 'base64');
};

/** Splits an age v1 file into its stanzas, the header bytes covered by the MAC, the MAC and the payload. */
function parseHeader(file: Buffer): { stanzas: Stanza[]; macInput: Buffer; mac: Buffer; payload: Buffer } {
  let pos = 0;
  const nextLine = (): string => {
    const nl = file.indexOf(0x0a, pos);
    if (nl < 0) throw new Error('invalid age header: unexpected end');
    const line = file.subarray(pos, nl).toString('latin1');
    pos = nl + 1;
    return line;
  };
  if (nextLine() !== 'age-encryption.org/v1') throw new Error('unsupported age format version');
  const stanzas: Stanza[] = [];
  for (;;) {
    const lineStart = pos;
    const line = nextLine();
    if (line.startsWith('--- ')) {
      const macInput = file.subarray(0, lineStart + 3);
      return { stanzas, macInput, mac: b64raw(line.slice(4)), payload: file.subarray(pos) };
    }
    if (!line.startsWith('-> ')) throw new Error('invalid age header line');
    const [type, ...args] = line.slice(3).split(' ');
    const parts: Buffer[] = [];
    for (;;) {
      const body = nextLine();
      parts.push(b64raw(body));
      if (body.length < 64) break;
    }
    stanzas.push({ type: type ?? '', args, body: Buffer.concat(parts) });
  }
}

function chachaOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer {
  if (sealed.length < 16) throw new Error('ciphertext too short');
  const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
}

const hkdf = (ikm: Uint8Array, salt: Uint8Array, info: string) =>
  Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));

function unwrap(stanza: Stanza, id: AgeIdentity): Buffer | undefined {
  if (stanza.type === 'mlkem768x25519') {
    if (!id.hybrid || stanza.args.length !== 1) return undefined;
    return unwrapHybrid(b64raw(stanza.args[0] as string), stanza.body, id.hybrid);
  }
  if (
    !id.privateKey ||
    !id.publicKey ||
    stanza.type !== 'X25519' ||
    stanza.args.length !== 1 ||
    stanza.body.length !== 32
  )
    return undefined;
  const share = b64raw(stanza.args[0] as string);
  if (share.length !== 32) return undefined;
  const peer = createPublicKey({ key: Buffer.concat([SPKI_X25519, share]), format: 'der', type: 'spki' });
  const shared = diffieHellman({ privateKey: id.privateKey, publicKey: peer });
  if (shared.every((b) => b === 0)) return undefined;
  const wrapKey = hkdf(shared, Buffer.concat([share, id.publicKey]), 'age-encryption.org/v1/X25519');
  try {
    return chachaOpen(wrapKey, Buffer.alloc(12), stanza.body);
  } catch {
    return undefined;
  }
}

const CHUNK = 64 * 1024;

/**
 * Decrypts an age v1 file (binary or armored) with X25519 or hybrid identities: unwraps the file key from
 * the first stanza an identity opens, checks the header MAC, then decrypts the STREAM payload.
 * Throws `no identity matched any of the recipients` when none of the identities fits.
 */
export function ageDecrypt(input: Uint8Array, identities: AgeIdentity[]): Buffer {
  const file = dearmor(input);
  const { stanzas, macInput, mac, payload } = parseHeader(file);
  let fileKey: Buffer | undefined;
  for (const s of stanzas) {
    for (const id of identities) {
      fileKey = unwrap(s, id);
      if (fileKey) break;
    }
    if (fileKey) break;
  }
  if (!fileKey) throw new Error('no identity matched any of the recipients');
  const expected = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header'))
    .update(macInput)
    .digest();
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw new Error('bad header MAC');
  if (payload.length < 16) throw new Error('missing payload nonce');
  const key = hkdf(fileKey, payload.subarray(0, 16), 'payload');
  const body = payload.subarray(16);
  const out: Buffer[] = [];
  let counter = 0n;
  for (let off = 0; ; off += CHUNK + 16) {
    const chunk = body.subarray(off, off + CHUNK + 16);
    const last = off + CHUNK + 16 >= body.length;
    const nonce = Buffer.alloc(12);
    nonce.writeBigUInt64BE(counter, 3);
    if (last) nonce[11] = 1;
    try {
      out.push(chachaOpen(key, nonce, chunk));
    } catch {
      throw new Error('failed to decrypt and authenticate payload chunk');
    }
    counter++;
    if (last) break;
  }
  return Buffer.concat(out);
}
