import { createCertificateAuthority, issueCertificate, type KeyPair } from '../../src/engines/x509/index.ts';
import { LOOPBACK } from './process.ts';

/** Certificates of a TLS test server: the CA a client trusts, the server's pair, and a client pair. */
export interface TestTls {
  /** PEM of the CA that signed both the server and the client certificate (Flux's `ca.crt`). */
  ca: string;
  server: KeyPair;
  /** A client certificate the server accepts when it requires one (Flux's `tls.crt`/`tls.key`). */
  client: KeyPair;
}

/**
 * Makes a fresh CA with a server certificate for `127.0.0.1` and `localhost` and a client
 * certificate, so each TLS server of a test has its own trust root (a client trusting another
 * server's CA is refused, which tests of `caFile` rely on).
 */
export function createTestTls(name: string): TestTls {
  const ca = createCertificateAuthority(`tsflux test ${name} ca`, 1);
  return {
    ca: ca.cert,
    server: issueCertificate(ca, {
      commonName: name,
      usage: 'server',
      dnsNames: ['localhost'],
      ipAddresses: [LOOPBACK],
      years: 1,
    }),
    client: issueCertificate(ca, { commonName: `${name}-client`, usage: 'client', years: 1 }),
  };
}
