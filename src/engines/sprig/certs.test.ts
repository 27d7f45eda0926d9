import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { certFuncs } from './certs.ts';

// Certificates are random, so the conformance cases only check their PEM shape; these tests check
// the content Go's sprig puts in them (read with node's X.509 parser, independent of our encoder).
const f = certFuncs();

test('genCA makes a self-signed CA with the common name and validity', () => {
  const ca = f.genCA('my-ca', 10n) as { Cert: string; Key: string };
  const cert = new X509Certificate(ca.Cert);
  assert.equal(cert.subject, 'CN=my-ca');
  assert.equal(cert.issuer, 'CN=my-ca');
  assert.equal(cert.ca, true);
  assert.ok(cert.verify(cert.publicKey));
  const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
  assert.ok(Math.abs(days - 10) < 0.01, `validity ${days} days`);
  assert.match(ca.Key, /^-----BEGIN RSA PRIVATE KEY-----\n/);
});

test('genSignedCert is signed by the CA and carries the SANs', () => {
  const ca = f.genCAWithKey('ca', 5n, f.genPrivateKey('ecdsa')) as { Cert: string; Key: string };
  const leaf = f.genSignedCert('svc', ['10.0.0.1', '::1'], ['svc.ns.svc', 'svc'], 5n, ca) as { Cert: string };
  const cert = new X509Certificate(leaf.Cert);
  const caCert = new X509Certificate(ca.Cert);
  assert.equal(cert.subject, 'CN=svc');
  assert.equal(cert.issuer, 'CN=ca');
  assert.equal(cert.ca, false);
  assert.ok(cert.verify(caCert.publicKey));
  assert.ok(cert.checkIssued(caCert));
  assert.equal(
    cert.subjectAltName,
    'DNS:svc.ns.svc, DNS:svc, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1',
  );
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
});

test('genSelfSignedCertWithKey keeps the given ed25519 key', () => {
  const key = f.genPrivateKey('ed25519') as string;
  const c = f.genSelfSignedCertWithKey('x', null, null, 1n, key) as { Cert: string; Key: string };
  assert.equal(c.Key, key);
  const cert = new X509Certificate(c.Cert);
  assert.ok(cert.verify(cert.publicKey));
});

test('a DSA key is written in Go layout and refused for signing as Go refuses it', () => {
  const key = f.genPrivateKey('dsa') as string;
  assert.match(key, /^-----BEGIN DSA PRIVATE KEY-----\n/);
  assert.throws(() => f.genCAWithKey('x', 1n, key), /does not implement crypto.Signer/);
});
