import { generateKeyPairSync } from 'node:crypto';
import { createCertificateAuthority, issueCertificate, type KeyPair } from '../engines/x509/index.ts';

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

/**
 * Generates a fresh PKI for one local control plane: a CA, the API server's serving certificate,
 * admin and controller-manager client certificates, and the service-account signing key.
 * Nothing is reused between clusters, so two clusters never trust each other's credentials.
 */
export function generatePki(): ControlPlanePki {
  const ca = createCertificateAuthority('tsflux-local-ca');
  const sa = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    ca,
    apiserver: issueCertificate(ca, {
      commonName: 'kube-apiserver',
      usage: 'server',
      dnsNames: [
        'localhost',
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        'kubernetes.default.svc.cluster.local',
      ],
      ipAddresses: ['127.0.0.1', '10.0.0.1'],
    }),
    admin: issueCertificate(ca, {
      commonName: 'tsflux-admin',
      organization: 'system:masters',
      usage: 'client',
    }),
    // system:masters as well: the garbage collector must be able to delete any kind
    controllerManager: issueCertificate(ca, {
      commonName: 'system:kube-controller-manager',
      organization: 'system:masters',
      usage: 'client',
    }),
    serviceAccount: { key: sa.privateKey, pub: sa.publicKey },
  };
}
