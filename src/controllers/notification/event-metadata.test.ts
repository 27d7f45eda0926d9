import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FluxEvent } from '../../runtime/events/index.ts';
import { alertNotification, cleanMetadata } from './event-metadata.ts';
import { EventRateLimiter, eventKey } from './rate-limit.ts';

const ev = (message: string, metadata: Record<string, string> = {}): FluxEvent => ({
  involvedObject: {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    name: 'apps',
    namespace: 'ns',
  },
  severity: 'info',
  timestamp: '2026-01-01T00:00:00Z',
  message,
  reason: 'ReconciliationSucceeded',
  reportingController: 'kustomize-controller',
  metadata,
});

test('metadata keeps the object group’s and event.toolkit.fluxcd.io keys, unprefixed, without checksum and digest', () => {
  assert.deepEqual(
    cleanMetadata(
      ev('m', {
        'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:abc',
        'kustomize.toolkit.fluxcd.io/checksum': 'x',
        'kustomize.toolkit.fluxcd.io/digest': 'y',
        'event.toolkit.fluxcd.io/deploy-id': '42',
        'source.toolkit.fluxcd.io/revision': 'another group',
      }),
    ),
    { revision: 'main@sha1:abc', 'deploy-id': '42' },
  );
});

test('an alert adds its eventMetadata where the event has none, and sets summary', () => {
  const out = alertNotification(ev('m', { revision: 'r1', env: 'event' }), {
    eventMetadata: { env: 'alert', cluster: 'c1' },
    summary: 'addons',
  });
  assert.deepEqual(out.metadata, { env: 'event', cluster: 'c1', revision: 'r1', summary: 'addons' });
});

test('the rate-limit key is Flux’s: object, message, revision and token', () => {
  const key = eventKey(ev('m', { revision: 'r1' }));
  assert.equal(key, eventKey(ev('m', { revision: 'r1', other: 'ignored' })));
  assert.notEqual(key, eventKey(ev('m', { revision: 'r2' })), 'a new revision is a new event');
  assert.notEqual(key, eventKey(ev('m', { revision: 'r1', token: 't' })));
  assert.notEqual(key, eventKey(ev('other', { revision: 'r1' })));
  assert.match(key, /^[0-9a-f]{64}$/);
});

test('one event per key per interval', () => {
  let now = 0;
  const limiter = new EventRateLimiter(300_000, () => now);
  assert.equal(limiter.take('a'), true);
  assert.equal(limiter.take('a'), false);
  assert.equal(limiter.take('b'), true);
  now += 300_000;
  assert.equal(limiter.take('a'), true, 'the window ended');
  assert.equal(
    new EventRateLimiter(0).take('a') && new EventRateLimiter(0).take('a'),
    true,
    '0 turns it off',
  );
});
