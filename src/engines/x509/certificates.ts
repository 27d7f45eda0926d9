import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A PEM certificate and its PEM (PKCS#8) private key. */
export interface KeyPair {
  cert: string;
  key: string;
}

/** What a leaf certificate is for and whom it names. */
export interface LeafSpec {
  commonName: string;
  organization?: string;
  usage: 'server' | 'client';
  dnsNames?: string[];
  ipAddresses?: string[];
  /** Validity in years; default 10 (these certificates live as long as a local cluster or a process). */
  years?: number;
}

function rsaKey() {
  // node's native key generation is ~100x faster than forge's pure-JS one
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    pem: privateKey,
    forgeKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
    forgePub: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
  };
}

function newCert(pub: forge.pki.rsa.PublicKey, subject: forge.pki.CertificateField[], years: number) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  // a positive serial: the high bit cleared so DER does not read it as negative
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  // an hour of slack for clocks that disagree
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + years * 365 * 24 * 60 * 60 * 1000);
  cert.setSubject(subject);
  return cert;
}

/** Creates a self-signed certificate authority (RSA 2048, SHA-256). */
export function createCertificateAuthority(commonName: string, years = 10): KeyPair {
  const k = rsaKey();
  const cert = newCert(k.forgePub, [{ name: 'commonName', value: commonName }], years);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(k.forgeKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: k.pem };
}

/** Issues a server or client certificate signed by `ca`, with the given names. */
export function issueCertificate(ca: KeyPair, spec: LeafSpec): KeyPair {
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const caKey = forge.pki.privateKeyFromPem(ca.key) as forge.pki.rsa.PrivateKey;
  const k = rsaKey();
  const subject: forge.pki.CertificateField[] = [{ name: 'commonName', value: spec.commonName }];
  if (spec.organization) subject.push({ name: 'organizationName', value: spec.organization });
  const cert = newCert(k.forgePub, subject, spec.years ?? 10);
  cert.setIssuer(caCert.subject.attributes);
  const exts: object[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: spec.usage === 'server', clientAuth: spec.usage === 'client' },
  ];
  const alt = [
    ...(spec.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(spec.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
  ];
  if (alt.length) exts.push({ name: 'subjectAltName', altNames: alt });
  cert.setExtensions(exts);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: k.pem };
}
