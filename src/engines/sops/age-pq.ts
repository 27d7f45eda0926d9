import {
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  decapsulate,
  diffieHellman,
  type KeyObject,
} from 'node:crypto';

/**
 * age's post-quantum hybrid recipients (`mlkem768x25519` stanzas, `AGE-SECRET-KEY-PQ-1...`
 * identities): HPKE base mode with the MLKEM768-X25519 (X-Wing) KEM, HKDF-SHA256 and
 * ChaCha20-Poly1305, info `age-encryption.org/mlkem768x25519`.
 */

/** A hybrid identity: the ML-KEM-768 and X25519 private keys expanded from the 32-byte seed. */
export interface HybridIdentity {
  mlkem: KeyObject;
  x25519: KeyObject;
  x25519Public: Buffer;
}

const PKCS8_MLKEM768_SEED = Buffer.from('3054020100300b060960864801650304040204428040', 'hex');
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');
const XWING_LABEL = '\\.//^\\';
const SUITE_ID = Buffer.concat([Buffer.from('HPKE'), Buffer.from([0x64, 0x7a, 0x00, 0x01, 0x00, 0x03])]);
const INFO = Buffer.from('age-encryption.org/mlkem768x25519');
const ML_KEM_CIPHERTEXT = 1088;

/** Expands a hybrid identity seed as the reference does (SHAKE256: 64 bytes ML-KEM seed, 32 X25519). */
export function hybridIdentityFromSeed(seed: Uint8Array): HybridIdentity {
  if (seed.length !== 32) throw new Error('invalid MLKEM768-X25519 secret key');
  const expanded = createHash('shake256', { outputLength: 96 }).update(seed).digest();
  const mlkem = createPrivateKey({
    key: Buffer.concat([PKCS8_MLKEM768_SEED, expanded.subarray(0, 64)]),
    format: 'der',
    type: 'pkcs8',
  });
  const x25519 = createPrivateKey({
    key: Buffer.concat([PKCS8_X25519, expanded.subarray(64)]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(x25519).export({ format: 'der', type: 'spki' });
  return { mlkem, x25519, x25519Public: spki.subarray(spki.length - 32) };
}

const hmac = (key: Uint8Array, data: Uint8Array) => createHmac('sha256', key).update(data).digest();
const labeledExtract = (salt: Uint8Array, label: string, ikm: Uint8Array) =>
  hmac(salt, Buffer.concat([Buffer.from('HPKE-v1'), SUITE_ID, Buffer.from(label), ikm]));

function labeledExpand(prk: Uint8Array, label: string, info: Uint8Array, length: number): Buffer {
  const full = Buffer.alloc(2);
  full.writeUInt16BE(length);
  const labeledInfo = Buffer.concat([full, Buffer.from('HPKE-v1'), SUITE_ID, Buffer.from(label), info]);
  const out: Buffer[] = [];
  let prev = Buffer.alloc(0);
  for (let i = 1; Buffer.concat(out).length < length; i++) {
    prev = hmac(prk, Buffer.concat([prev, labeledInfo, Buffer.from([i])]));
    out.push(prev);
  }
  return Buffer.concat(out).subarray(0, length);
}

/** Unwraps the file key from an `mlkem768x25519` stanza, or undefined when it is not for this identity. */
export function unwrapHybrid(enc: Uint8Array, body: Uint8Array, id: HybridIdentity): Buffer | undefined {
  if (enc.length !== ML_KEM_CIPHERTEXT + 32 || body.length !== 32) return undefined;
  const ctT = enc.subarray(ML_KEM_CIPHERTEXT);
  let shared: Buffer;
  try {
    const ssPQ = decapsulate(id.mlkem, enc.subarray(0, ML_KEM_CIPHERTEXT));
    const peer = createPublicKey({ key: Buffer.concat([SPKI_X25519, ctT]), format: 'der', type: 'spki' });
    const ssT = diffieHellman({ privateKey: id.x25519, publicKey: peer });
    shared = createHash('sha3-256')
      .update(ssPQ)
      .update(ssT)
      .update(ctT)
      .update(id.x25519Public)
      .update(XWING_LABEL)
      .digest();
  } catch {
    return undefined;
  }
  const empty = Buffer.alloc(0);
  const context = Buffer.concat([
    Buffer.from([0]),
    labeledExtract(empty, 'psk_id_hash', empty),
    labeledExtract(empty, 'info_hash', INFO),
  ]);
  const secret = labeledExtract(shared, 'secret', empty);
  const key = labeledExpand(secret, 'key', context, 32);
  const nonce = labeledExpand(secret, 'base_nonce', context, 12);
  try {
    const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    d.setAuthTag(body.subarray(16));
    return Buffer.concat([d.update(body.subarray(0, 16)), d.final()]);
  } catch {
    return undefined;
  }
}
