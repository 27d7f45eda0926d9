import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A PEM certificate and its PEM private key. */
export interface KeyPair {
  cert: string;
  key: string;
}

/** Everything the local control plane needs for TLS and service-account tokens. */
export interface ControlPlanePki {
  ca: KeyPair;
  /** kube-apiserver's serving certificate (loopback names and the in-cluster service names). */
  apiserver: KeyPair;
  /** The admin client certificate: user `tsflux-admin` in group `system:masters`. */
  admin: KeyPair;
  /** kube-controller-manager's client certificate. */
  controllerManager: KeyPair;
  /** Service-account token signing key pair (PEM private key, PEM public key). */
  serviceAccount: { key: string; pub: string };
}

function rsaKey(): { pem: string; forgeKey: forge.pki.rsa.PrivateKey; forgePub: forge.pki.rsa.PublicKey } {
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
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + years * 365 * 24 * 60 * 60 * 1000);
  cert.setSubject(subject);
  return cert;
}

function signedLeaf(
  ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey },
  subject: forge.pki.CertificateField[],
  usage: 'server' | 'client',
  altNames: { dns?: string[]; ips?: string[] } = {},
): KeyPair {
  const k = rsaKey();
  const cert = newCert(k.forgePub, subject, 10);
  cert.setIssuer(ca.cert.subject.attributes);
  const exts: object[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: usage === 'server', clientAuth: usage === 'client' },
  ];
  const alt = [
    ...(altNames.dns ?? []).map((value) => ({ type: 2, value })),
    ...(altNames.ips ?? []).map((ip) => ({ type: 7, ip })),
  ];
  if (alt.length) exts.push({ name: 'subjectAltName', altNames: alt });
  cert.setExtensions(exts);
  cert.sign(ca.key, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: k.pem };
}

/**
 * Generates a fresh PKI for one local control plane: a CA, the API server's serving certificate,
 * admin and controller-manager client certificates, and the service-account signing key.
 * Nothing is reused between clusters, so two clusters never trust each other's credentials.
 */
export function generatePki(): ControlPlanePki {
  const caKey = rsaKey();
  const caCert = newCert(caKey.forgePub, [{ name: 'commonName', value: 'tsflux-local-ca' }], 10);
  caCert.setIssuer(caCert.subject.attributes);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(caKey.forgeKey, forge.md.sha256.create());
  const ca = { cert: caCert, key: caKey.forgeKey };

  const apiserver = signedLeaf(ca, [{ name: 'commonName', value: 'kube-apiserver' }], 'server', {
    dns: [
      'localhost',
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
    ],
    ips: ['127.0.0.1', '10.0.0.1'],
  });
  const admin = signedLeaf(
    ca,
    [
      { name: 'commonName', value: 'tsflux-admin' },
      { name: 'organizationName', value: 'system:masters' },
    ],
    'client',
  );
  // system:masters as well: the garbage collector must be able to delete any kind
  const controllerManager = signedLeaf(
    ca,
    [
      { name: 'commonName', value: 'system:kube-controller-manager' },
      { name: 'organizationName', value: 'system:masters' },
    ],
    'client',
  );
  const sa = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    ca: { cert: forge.pki.certificateToPem(caCert), key: caKey.pem },
    apiserver,
    admin,
    controllerManager,
    serviceAccount: { key: sa.privateKey, pub: sa.publicKey },
  };
}
