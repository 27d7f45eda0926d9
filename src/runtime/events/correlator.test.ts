import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventCorrelator } from './correlator.ts';

const ref = { kind: 'Kustomization', namespace: 'flux-system', name: 'apps', uid: 'u1' };

test('identical events share a key; the tenth distinct message is combined', () => {
  let now = 0;
  const c = new EventCorrelator(() => now);
  const a = c.correlate('kc', ref, 'Warning', 'BuildFailed', 'm0');
  const b = c.correlate('kc', ref, 'Warning', 'BuildFailed', 'm0');
  assert.equal(a.key, b.key);
  assert.equal(a.message, 'm0');
  const keys = new Set<string>();
  let last = a;
  for (let i = 1; i <= 9; i++) {
    now += 1000;
    last = c.correlate('kc', ref, 'Warning', 'BuildFailed', `m${i}`);
    keys.add(last.key);
  }
  assert.equal(last.message, '(combined from similar events): m9');
  const next = c.correlate('kc', ref, 'Warning', 'BuildFailed', 'm10');
  assert.equal(next.key, last.key, 'combined events keep counting on one Event');
  assert.notEqual(c.correlate('kc', ref, 'Warning', 'OtherReason', 'm1').message.startsWith('('), true);
  now += 700_000;
  assert.equal(c.correlate('kc', ref, 'Warning', 'BuildFailed', 'm11').message, 'm11', 'the window expired');
});

test('the spam filter lets a burst of 25 through, then one per 5 minutes', () => {
  let now = 0;
  const c = new EventCorrelator(() => now);
  const skipped = Array.from({ length: 30 }, () => c.correlate('kc', ref, 'Normal', 'R', `same`).skip);
  assert.equal(skipped.filter((s) => !s).length, 25);
  now += 300_000;
  assert.equal(c.correlate('kc', ref, 'Normal', 'R', 'same').skip, false);
  assert.equal(c.correlate('kc', ref, 'Normal', 'R', 'same').skip, true);
  assert.equal(c.correlate('kc', { ...ref, name: 'other' }, 'Normal', 'R', 'same').skip, false, 'per object');
});
