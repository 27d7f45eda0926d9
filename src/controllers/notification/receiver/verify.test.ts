import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { test } from 'node:test';
import { SignatureError, verifyCall } from './verify.ts';
import { webhookPath } from './webhook-path.ts';

const body = Buffer.from('{"ref":"refs/heads/main"}');
const sig = (algo: string, key: string) => `${algo}=${createHmac(algo, key).update(body).digest('hex')}`;

test('the webhook path is /hook/ and sha256(token + name + namespace) in hex', () => {
  const expected = createHash('sha256').update('tokreceiverflux-system').digest('hex');
  assert.equal(webhookPath('tok', 'receiver', 'flux-system'), `/hook/${expected}`);
});

test('github: X-Hub-Signature-256 must be the body’s HMAC; ping and the event name come back', () => {
  const ok = { 'x-hub-signature-256': sig('sha256', 'k3y'), 'x-github-event': 'push' };
  assert.deepEqual(verifyCall('github', ok, body, 'k3y'), { event: 'push', ping: false });
  assert.equal(verifyCall('github', { ...ok, 'x-github-event': 'ping' }, body, 'k3y').ping, true);
  assert.throws(() => verifyCall('github', {}, body, 'k3y'), SignatureError);
  assert.throws(
    () => verifyCall('github', { 'x-hub-signature-256': sig('sha256', 'other') }, body, 'k3y'),
    SignatureError,
  );
  assert.throws(
    () => verifyCall('github', { 'x-hub-signature-256': 'sha256=short' }, body, 'k3y'),
    SignatureError,
  );
});

test('generic-hmac: X-Signature with sha1, sha256 or sha512', () => {
  for (const algo of ['sha1', 'sha256', 'sha512'])
    assert.deepEqual(verifyCall('generic-hmac', { 'x-signature': sig(algo, 'k3y') }, body, 'k3y'), {});
  assert.throws(
    () => verifyCall('generic-hmac', { 'x-signature': sig('md5', 'k3y') }, body, 'k3y'),
    SignatureError,
  );
  assert.throws(() => verifyCall('generic-hmac', {}, body, 'k3y'), SignatureError);
});

test('generic needs nothing but the path; other types are not supported yet', () => {
  assert.deepEqual(verifyCall('generic', {}, body, 'k3y'), {});
  assert.throws(() => verifyCall('gitlab', {}, body, 'k3y'), /receiver type 'gitlab' is not supported yet/);
});
