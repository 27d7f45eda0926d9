import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  get,
  isReady,
  isReconciling,
  isStalled,
  markFalse,
  markReconciling,
  markStalled,
  markTrue,
  set,
  summarize,
} from './index.ts';
import type { Conditioned } from './types.ts';

const obj = (generation = 3): Conditioned => ({ metadata: { generation }, status: {} });

test('set stamps observedGeneration and keeps lastTransitionTime while the status holds', () => {
  const o = obj();
  set(o, { type: 'Ready', status: 'False', reason: 'A', message: 'a' }, new Date('2026-01-01T00:00:00.123Z'));
  assert.deepEqual(get(o, 'Ready'), {
    type: 'Ready',
    status: 'False',
    observedGeneration: 3,
    lastTransitionTime: '2026-01-01T00:00:00Z',
    reason: 'A',
    message: 'a',
  });
  o.metadata!.generation = 4;
  set(o, { type: 'Ready', status: 'False', reason: 'B', message: 'b' }, new Date('2026-01-02T00:00:00Z'));
  assert.equal(get(o, 'Ready')?.lastTransitionTime, '2026-01-01T00:00:00Z', 'same status: time kept');
  assert.equal(get(o, 'Ready')?.observedGeneration, 4);
  set(o, { type: 'Ready', status: 'True', reason: 'C', message: 'c' }, new Date('2026-01-03T00:00:00Z'));
  assert.equal(get(o, 'Ready')?.lastTransitionTime, '2026-01-03T00:00:00Z', 'status changed: time moves');
});

test('conditions are ordered as Flux orders them: Stalled, Reconciling, Ready, then by generation and type', () => {
  const o = obj(2);
  markTrue(o, 'SourceVerified', 'X', 'x');
  markFalse(o, 'ArtifactInStorage', 'X', 'x');
  markTrue(o, 'Ready', 'X', 'x');
  o.metadata!.generation = 1;
  markTrue(o, 'Aaa', 'X', 'x');
  o.metadata!.generation = 2;
  markTrue(o, 'Reconciling', 'X', 'x');
  markTrue(o, 'Stalled', 'X', 'x');
  assert.deepEqual(
    o.status?.conditions?.map((c) => c.type),
    ['Stalled', 'Reconciling', 'Ready', 'ArtifactInStorage', 'SourceVerified', 'Aaa'],
  );
});

test('reconciling and stalled follow kstatus', () => {
  const o = obj();
  markReconciling(o);
  assert.ok(isReconciling(o));
  assert.equal(get(o, 'Ready')?.status, 'Unknown');
  assert.equal(get(o, 'Ready')?.message, 'reconciliation in progress');
  markStalled(o, 'InvalidURL', 'invalid url');
  assert.ok(isStalled(o));
  assert.equal(isReconciling(o), false);
  assert.equal(get(o, 'Ready')?.status, 'False');
  markReconciling(o, 'ProgressingWithRetry', 'retrying');
  assert.equal(isStalled(o), false);
  assert.equal(get(o, 'Ready')?.reason, 'InvalidURL', 'a failure stays visible while retrying');
});

test('summarize: the first bad condition by priority wins, negative polarity counts when True', () => {
  const opts = {
    target: 'Ready',
    conditions: ['Stalled', 'FetchFailed', 'ArtifactInStorage'],
    negativePolarity: ['Stalled', 'FetchFailed'],
    successReason: 'Succeeded',
    successMessage: 'stored artifact',
  };
  const o = obj();
  markTrue(o, 'ArtifactInStorage', 'Stored', 'stored');
  summarize(o, opts);
  assert.ok(isReady(o));
  assert.equal(get(o, 'Ready')?.reason, 'Succeeded');
  markFalse(o, 'FetchFailed', 'Nope', 'not failing');
  summarize(o, opts);
  assert.ok(isReady(o), 'a negative-polarity condition that is False is fine');
  markFalse(o, 'ArtifactInStorage', 'NoArtifact', 'no artifact');
  markTrue(o, 'FetchFailed', 'GitOperationFailed', 'failed to checkout');
  summarize(o, opts);
  assert.equal(get(o, 'Ready')?.status, 'False');
  assert.equal(get(o, 'Ready')?.reason, 'GitOperationFailed', 'priority order decides');
  o.status!.conditions = [];
  set(o, { type: 'ArtifactInStorage', status: 'Unknown', reason: 'Waiting', message: 'waiting' });
  summarize(o, opts);
  assert.equal(get(o, 'Ready')?.status, 'Unknown');
  assert.equal(get(o, 'Ready')?.reason, 'Waiting');
});
