import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { test } from 'node:test';
import { KeySets } from './key-sets.ts';
import { SignatureError, verifyCall } from './verify.ts';
import { webhookPath } from './webhook-path.ts';

const body = Buffer.from('{"ref":"refs/heads/main"}');
const sig = (algo: string, key: string, b = body) =>
  `${algo}=${createHmac(algo, key).update(b).digest('hex')}`;
const deps = { keySets: new KeySets(), googleCertsUrl: 'http://127.0.0.1:1/unused' };
const verify = (type: string, headers: IncomingHttpHeaders, b = body) =>
  verifyCall({ type: type as 'generic' }, headers, b, { token: 'k3y' }, deps);

test('the webhook path is /hook/ and sha256(token + name + namespace) in hex', () => {
  const expected = createHash('sha256').update('tokreceiverflux-system').digest('hex');
  assert.equal(webhookPath('tok', 'receiver', 'flux-system'), `/hook/${expected}`);
});

test('github: X-Hub-Signature-256 (or the older X-Hub-Signature) must be the body’s HMAC', async () => {
  const ok = { 'x-hub-signature-256': sig('sha256', 'k3y'), 'x-github-event': 'push' };
  assert.deepEqual(await verify('github', ok), { event: 'push', ping: false });
  assert.equal((await verify('github', { ...ok, 'x-github-event': 'ping' })).ping, true);
  assert.deepEqual(await verify('github', { 'x-hub-signature': sig('sha1', 'k3y') }), {
    event: undefined,
    ping: false,
  });
  await assert.rejects(verify('github', {}), SignatureError);
  await assert.rejects(verify('github', { 'x-hub-signature-256': sig('sha256', 'other') }), SignatureError);
  await assert.rejects(verify('github', { 'x-hub-signature-256': 'sha256=short' }), SignatureError);
});

test('generic-hmac: X-Signature with sha1, sha256 or sha512', async () => {
  for (const algo of ['sha1', 'sha256', 'sha512'])
    assert.deepEqual(await verify('generic-hmac', { 'x-signature': sig(algo, 'k3y') }), {});
  await assert.rejects(verify('generic-hmac', { 'x-signature': sig('md5', 'k3y') }), SignatureError);
  await assert.rejects(verify('generic-hmac', {}), SignatureError);
});

test('gitlab and harbor: a header equal to the token; bitbucket: the hub signature and X-Event-Key', async () => {
  assert.deepEqual(await verify('gitlab', { 'x-gitlab-token': 'k3y', 'x-gitlab-event': 'Push Hook' }), {
    event: 'Push Hook',
  });
  await assert.rejects(verify('gitlab', { 'x-gitlab-token': 'k3z' }), SignatureError);
  await assert.rejects(verify('gitlab', {}), /missing X-Gitlab-Token header/);
  assert.deepEqual(await verify('harbor', { authorization: 'k3y' }), {});
  await assert.rejects(verify('harbor', { authorization: 'Bearer k3y' }), SignatureError);
  await assert.rejects(verify('harbor', {}), SignatureError);
  assert.deepEqual(
    await verify('bitbucket', {
      'x-hub-signature': sig('sha256', 'k3y'),
      'x-event-key': 'repo:refs_changed',
    }),
    { event: 'repo:refs_changed' },
  );
  await assert.rejects(verify('bitbucket', { 'x-hub-signature': sig('sha256', 'nope') }), SignatureError);
});

test('nexus: X-Nexus-Webhook-Signature is the bare hex HMAC-SHA1 of the body', async () => {
  const hex = createHmac('sha1', 'k3y').update(body).digest('hex');
  assert.deepEqual(await verify('nexus', { 'x-nexus-webhook-signature': hex }), {});
  await assert.rejects(verify('nexus', { 'x-nexus-webhook-signature': `sha1=${hex}` }), SignatureError);
  await assert.rejects(verify('nexus', {}), /the Nexus signature is missing from header/);
});

test('dockerhub, quay, acr and generic take the path as the credential; the registries’ body must decode', async () => {
  for (const type of ['dockerhub', 'quay', 'acr', 'generic']) assert.deepEqual(await verify(type, {}), {});
  for (const type of ['dockerhub', 'quay', 'acr']) {
    const err = await verify(type, {}, Buffer.from('not json')).catch((e: unknown) => e);
    assert.ok(err instanceof Error && !(err instanceof SignatureError), `${type}: a 400, not a 401`);
    assert.match((err as Error).message, /cannot decode .* webhook payload/);
  }
});

test('cdevents: the body must be a CDEvent; the event is the Ce-Type header', async () => {
  const event = {
    context: {
      specversion: '0.4.1',
      id: '271069a8-fc18-44f1-b38f-9d70a1695819',
      source: '/event/source/123',
      type: 'dev.cdevents.change.merged.0.2.0',
      timestamp: '2026-03-20T14:27:05.315384Z',
    },
    subject: { id: 'mySubject123', source: '/event/source/123', type: 'change', content: { repository: {} } },
  };
  const type = 'dev.cdevents.change.merged.0.2.0';
  assert.deepEqual(await verify('cdevents', { 'ce-type': type }, Buffer.from(JSON.stringify(event))), {
    event: type,
  });
  const broken = { ...event, context: { ...event.context, type: 'com.example.merged' } };
  await assert.rejects(verify('cdevents', {}, Buffer.from(JSON.stringify(broken))), /unknown event type/);
  await assert.rejects(verify('cdevents', {}, Buffer.from('{}')), /missing 'context'/);
});
