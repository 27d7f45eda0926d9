/**
 * Sprig's key and certificate functions: genPrivateKey (rsa, dsa, ecdsa, ed25519, in the PEM
 * forms Go writes), genCA, genSelfSignedCert, genSignedCert (with fresh 2048-bit RSA keys, or a
 * given PEM key in the WithKey forms) and buildCustomCert. Certificates carry what Go's
 * x509.CreateCertificate writes for sprig's template: CN subject, random 128-bit serial, validity
 * from now, key usages, server and client auth, basic constraints, key identifiers and SANs.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { toError } from '../errors/index.ts';
import { GO_TYPE } from '../gotemplate/index.ts';
import * as der from './der.ts';
import { decodeBase64 } from './encoding.ts';
import { sprint } from './go-format.ts';
import { type FuncMap, goFunc } from './signature.ts';

/** Sprig's certificate struct: PEM certificate and PEM private key. */
export class Certificate {
  get [GO_TYPE](): string {
    return 'sprig.certificate';
  }
  Cert: string;
  Key: string;
  constructor(cert: string, key: string) {
    this.Cert = cert;
    this.Key = key;
  }
}

const CERT_TYPE = 'sprig.certificate';

/** encoding/pem.EncodeToMemory. */
function pem(type: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join('\n')}${lines.length ? '\n' : ''}-----END ${type}-----\n`;
}

/** encoding/pem.Decode of the first block, or undefined. */
function pemDecode(text: string): { type: string; bytes: Buffer } | undefined {
  const m = /-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  const body = m[2].replace(/^[\w-]+:.*\r?\n/gm, '').replace(/\s+/g, '');
  return { type: m[1], bytes: Buffer.from(body, 'base64') };
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

/** Go's "DSA PRIVATE KEY" layout: SEQUENCE { version, P, Q, G, Y, X }. */
function dsaPem(key: KeyObject): string {
  const pkcs8 = der.children(der.readElement(key.export({ type: 'pkcs8', format: 'der' })).content);
  const [p, q, g] = der.children(der.children(pkcs8[1].content)[1].content).map(der.integerValue);
  const x = der.integerValue(der.readElement(pkcs8[2].content));
  const y = modPow(g, x, p);
  return pem('DSA PRIVATE KEY', der.sequence(...[0n, p, q, g, y, x].map(der.integer)));
}

/** The PEM block Go's sprig writes for a private key (pemBlockForKey). */
function keyPem(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return String(key.export({ type: 'pkcs1', format: 'pem' }));
    case 'ec':
      return String(key.export({ type: 'sec1', format: 'pem' }));
    case 'dsa':
      return dsaPem(key);
    default:
      return String(key.export({ type: 'pkcs8', format: 'pem' }));
  }
}

function generatePrivateKey(type: string): string {
  switch (type) {
    case '':
    case 'rsa':
      return keyPem(generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey);
    case 'dsa':
      return keyPem(generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey);
    case 'ecdsa':
      return keyPem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    case 'ed25519':
      return keyPem(generateKeyPairSync('ed25519').privateKey);
    default:
      return `Unknown type ${type}`;
  }
}

/** A DSA key in Go's custom layout, re-encoded as PKCS#8 for node. */
function dsaKeyFromGo(bytes: Buffer): KeyObject {
  const [, p, q, g, , x] = der.children(der.readElement(bytes).content).map(der.integerValue);
  const params = der.sequence(der.integer(p), der.integer(q), der.integer(g));
  const pkcs8 = der.sequence(
    der.integer(0n),
    der.sequence(der.oid('1.2.840.10040.4.1'), params),
    der.octetString(der.integer(x)),
  );
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}

/** sprig's parsePrivateKeyPEM with its error texts. */
function parsePrivateKey(text: string): KeyObject {
  const block = pemDecode(text);
  if (!block) throw new Error('no PEM data in input');
  const load = (type: 'pkcs8' | 'pkcs1' | 'sec1', label: string) => {
    try {
      return createPrivateKey({ key: block.bytes, format: 'der', type });
    } catch (e) {
      throw new Error(`${label}: ${toError(e).message}`);
    }
  };
  if (block.type === 'PRIVATE KEY') return load('pkcs8', 'decoding PEM as PKCS#8');
  if (!block.type.endsWith(' PRIVATE KEY'))
    throw new Error(`no private key data in PEM block of type ${block.type}`);
  switch (block.type.slice(0, -12)) {
    case 'RSA':
      return load('pkcs1', 'parsing RSA private key from PEM');
    case 'EC':
      return load('sec1', 'parsing EC private key from PEM');
    case 'DSA':
      try {
        return dsaKeyFromGo(block.bytes);
      } catch (e) {
        throw new Error(`parsing DSA private key from PEM: ${toError(e).message}`);
      }
    default:
      throw new Error(`invalid private key type ${block.type}`);
  }
}

/** net.ParseIP to bytes (4 for IPv4, 16 for IPv6), or undefined. */
function ipBytes(ip: string): Buffer | undefined {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  if (!isIPv6(ip)) return undefined;
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.concat(groups.map((g) => Buffer.from(g.padStart(4, '0'), 'hex')));
  // Go keeps IPv4-mapped addresses as 4 bytes in certificates.
  return out.subarray(0, 12).equals(Buffer.from('00000000000000000000ffff', 'hex')) ? out.subarray(12) : out;
}

interface Template {
  commonName: string;
  ips: Buffer[];
  dnsNames: string[];
  days: number;
  isCA: boolean;
}

function baseTemplate(cn: string, ips: unknown[] | null, dns: unknown[] | null, days: bigint): Template {
  const ipList = (ips ?? []).map((ip) => {
    if (typeof ip !== 'string') throw new Error(`error parsing ip: ${sprint(ip)} is not a string`);
    const bytes = ipBytes(ip);
    if (!bytes) throw new Error(`error parsing ip: ${ip}`);
    return bytes;
  });
  const dnsNames = (dns ?? []).map((name) => {
    if (typeof name !== 'string') {
      throw new Error(`error processing alternate dns name: ${sprint(name)} is not a string`);
    }
    return name;
  });
  return { commonName: cn, ips: ipList, dnsNames, days: Number(days), isCA: false };
}

/** A Name with just a common name (empty when the CN is empty, as Go omits it). */
function subjectName(cn: string): Buffer {
  if (cn === '') return der.sequence();
  const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(cn);
  const value = der.tlv(printable ? 0x13 : 0x0c, Buffer.from(cn, 'utf8'));
  return der.sequence(der.set(der.sequence(der.oid('2.5.4.3'), value)));
}

function signatureAlgorithm(key: KeyObject): { alg: Buffer; digest: string | null } {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { alg: der.sequence(der.oid('1.2.840.113549.1.1.11'), der.nullValue()), digest: 'sha256' };
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'secp384r1')
        return { alg: der.sequence(der.oid('1.2.840.10045.4.3.3')), digest: 'sha384' };
      if (curve === 'secp521r1')
        return { alg: der.sequence(der.oid('1.2.840.10045.4.3.4')), digest: 'sha512' };
      return { alg: der.sequence(der.oid('1.2.840.10045.4.3.2')), digest: 'sha256' };
    }
    case 'ed25519':
      return { alg: der.sequence(der.oid('1.3.101.112')), digest: null };
    default:
      throw new Error(
        'error creating certificate: x509: certificate private key does not implement crypto.Signer',
      );
  }
}

/** The subjectPublicKey bits of a key, hashed as Go derives a SubjectKeyId (truncated SHA-256). */
function subjectKeyId(spki: Buffer): Buffer {
  const bits = der.children(der.readElement(spki).content)[1].content.subarray(1);
  return createHash('sha256').update(bits).digest().subarray(0, 20);
}

interface Parent {
  subject: Buffer;
  keyId?: Buffer;
  key: KeyObject;
}

/** x509.CreateCertificate for sprig's templates; returns the PEM certificate. */
function createCertificate(t: Template, subjectKey: KeyObject, parent: Parent | undefined): string {
  const signer = parent?.key ?? subjectKey;
  const { alg, digest } = signatureAlgorithm(signer);
  const spki = createPublicKey(subjectKey).export({ type: 'spki', format: 'der' });
  const now = new Date();
  const notAfter = new Date(now.getTime() + t.days * 24 * 3600 * 1000);
  const subject = subjectName(t.commonName);
  const keyUsage = t.isCA ? der.bitString(Buffer.from([0xa4]), 2) : der.bitString(Buffer.from([0xa0]), 5);
  const extension = (id: string, critical: boolean, value: Buffer) =>
    der.sequence(der.oid(id), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
  const extensions = [
    extension('2.5.29.15', true, keyUsage),
    extension('2.5.29.37', false, der.sequence(der.oid('1.3.6.1.5.5.7.3.1'), der.oid('1.3.6.1.5.5.7.3.2'))),
    extension('2.5.29.19', true, t.isCA ? der.sequence(der.boolean(true)) : der.sequence()),
  ];
  const ownKeyId = t.isCA ? subjectKeyId(spki) : undefined;
  if (ownKeyId) extensions.push(extension('2.5.29.14', false, der.octetString(ownKeyId)));
  if (parent?.keyId && !parent.subject.equals(subject)) {
    extensions.push(extension('2.5.29.35', false, der.sequence(der.context(0, parent.keyId, false))));
  }
  if (t.dnsNames.length > 0 || t.ips.length > 0) {
    const names = [
      ...t.dnsNames.map((n) => der.context(2, Buffer.from(n, 'utf8'), false)),
      ...t.ips.map((ip) => der.context(7, ip, false)),
    ];
    extensions.push(extension('2.5.29.17', false, der.sequence(...names)));
  }
  const serial = BigInt(`0x${randomBytes(16).toString('hex')}`);
  const tbs = der.sequence(
    der.context(0, der.integer(2n)),
    der.integer(serial),
    alg,
    parent?.subject ?? subject,
    der.sequence(der.time(now), der.time(notAfter)),
    subject,
    spki,
    der.context(3, der.sequence(...extensions)),
  );
  const signature = sign(
    digest,
    tbs,
    signer.asymmetricKeyType === 'ec' ? { key: signer, dsaEncoding: 'der' } : signer,
  );
  return pem('CERTIFICATE', der.sequence(tbs, alg, der.bitString(signature)));
}

/** The parts of a CA certificate a signed certificate needs. */
function readParent(ca: Certificate): Parent {
  const block = pemDecode(ca.Cert);
  if (!block) throw new Error('unable to decode certificate');
  try {
    new X509Certificate(block.bytes);
  } catch (e) {
    throw new Error(`error parsing certificate: decodedSignerCert.Bytes: ${toError(e).message}`);
  }
  let key: KeyObject;
  try {
    key = parsePrivateKey(ca.Key);
  } catch (e) {
    throw new Error(`error parsing private key: ${toError(e).message}`);
  }
  const tbs = der.children(der.children(der.readElement(block.bytes).content)[0].content);
  const offset = tbs[0].tag === 0xa0 ? 1 : 0;
  const subject = tbs[4 + offset].raw;
  let keyId: Buffer | undefined;
  const exts = tbs.find((e) => e.tag === 0xa3);
  if (exts) {
    for (const ext of der.children(der.readElement(exts.content).content)) {
      const parts = der.children(ext.content);
      if (parts[0].content.equals(der.oid('2.5.29.14').subarray(2))) {
        keyId = der.readElement(parts[parts.length - 1].content).content;
      }
    }
  }
  return { subject: Buffer.from(subject), keyId, key };
}

const rsa2048 = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

function withKeyPem(privPem: string): KeyObject {
  try {
    return parsePrivateKey(privPem);
  } catch (e) {
    throw new Error(`parsing private key: ${toError(e).message}`);
  }
}

function certificateFor(t: Template, key: KeyObject, parent?: Parent): Certificate {
  return new Certificate(createCertificate(t, key, parent), keyPem(key));
}

function genCA(cn: string, days: bigint, key: KeyObject): Certificate {
  return certificateFor({ ...baseTemplate(cn, null, null, days), isCA: true }, key);
}

function genSigned(
  cn: string,
  ips: unknown[] | null,
  dns: unknown[] | null,
  days: bigint,
  ca: Certificate,
  key: () => KeyObject,
) {
  const parent = readParent(ca);
  return certificateFor(baseTemplate(cn, ips, dns, days), key(), parent);
}

function buildCustomCert(b64cert: string, b64key: string): Certificate {
  let cert: Buffer;
  let key: Buffer;
  try {
    cert = Buffer.from(decodeBase64(Buffer.from(b64cert)));
  } catch {
    throw new Error('unable to decode base64 certificate');
  }
  try {
    key = Buffer.from(decodeBase64(Buffer.from(b64key)));
  } catch {
    throw new Error('unable to decode base64 private key');
  }
  const block = pemDecode(cert.toString('latin1'));
  if (!block) throw new Error('unable to decode certificate');
  try {
    new X509Certificate(block.bytes);
  } catch (e) {
    throw new Error(`error parsing certificate: decodedCert.Bytes: ${toError(e).message}`);
  }
  try {
    parsePrivateKey(key.toString('latin1'));
  } catch (e) {
    throw new Error(`error parsing private key: ${toError(e).message}`);
  }
  return new Certificate(cert.toString('utf8'), key.toString('utf8'));
}

/** The key and certificate family of the sprig FuncMap. */
export function certFuncs(): FuncMap {
  const list = '[]interface {}';
  return {
    genPrivateKey: goFunc(['string'], generatePrivateKey),
    buildCustomCert: goFunc(['string', 'string'], buildCustomCert),
    genCA: goFunc(['string', 'int'], (cn: string, days: bigint) => genCA(cn, days, rsa2048())),
    genCAWithKey: goFunc(['string', 'int', 'string'], (cn: string, days: bigint, key: string) =>
      genCA(cn, days, withKeyPem(key)),
    ),
    genSelfSignedCert: goFunc(
      [`string`, list, list, 'int'],
      (cn: string, ips: unknown[], dns: unknown[], days: bigint) =>
        certificateFor(baseTemplate(cn, ips, dns, days), rsa2048()),
    ),
    genSelfSignedCertWithKey: goFunc(
      ['string', list, list, 'int', 'string'],
      (cn: string, ips: unknown[], dns: unknown[], days: bigint, key: string) =>
        certificateFor(baseTemplate(cn, ips, dns, days), withKeyPem(key)),
    ),
    genSignedCert: goFunc(
      ['string', list, list, 'int', CERT_TYPE],
      (cn: string, ips: unknown[], dns: unknown[], days: bigint, ca: Certificate) =>
        genSigned(cn, ips, dns, days, ca, rsa2048),
    ),
    genSignedCertWithKey: goFunc(
      ['string', list, list, 'int', CERT_TYPE, 'string'],
      (cn: string, ips: unknown[], dns: unknown[], days: bigint, ca: Certificate, key: string) =>
        genSigned(cn, ips, dns, days, ca, () => withKeyPem(key)),
    ),
  };
}
