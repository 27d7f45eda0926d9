import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { generatePki } from './pki.ts';

test('the PKI chains every certificate to its CA with the right names and usages', () => {
  const pki = generatePki();
  const ca = new X509Certificate(pki.ca.cert);
  assert.ok(ca.ca, 'the CA certificate is a CA');
  assert.ok(ca.checkPrivateKey(createPrivateKey(pki.ca.key)));

  const server = new X509Certificate(pki.apiserver.cert);
  assert.ok(server.verify(ca.publicKey), 'serving cert signed by the CA');
  assert.ok(server.checkIP('127.0.0.1'));
  assert.equal(server.checkHost('kubernetes.default.svc'), 'kubernetes.default.svc');
  assert.equal(server.checkHost('example.com'), undefined);
  assert.ok(server.checkPrivateKey(createPrivateKey(pki.apiserver.key)));

  const admin = new X509Certificate(pki.admin.cert);
  assert.ok(admin.verify(ca.publicKey));
  assert.match(admin.subject, /O=system:masters/);
  assert.match(admin.subject, /CN=tsflux-admin/);
  assert.ok(!admin.ca);

  const saPub = createPublicKey(pki.serviceAccount.pub);
  assert.equal(saPub.asymmetricKeyType, 'rsa');
});

test('two PKIs share nothing', () => {
  const a = generatePki();
  const b = generatePki();
  assert.notEqual(a.ca.cert, b.ca.cert);
  assert.ok(!new X509Certificate(a.admin.cert).verify(new X509Certificate(b.ca.cert).publicKey));
});
