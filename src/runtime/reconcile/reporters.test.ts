import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportersOf } from './reporters.ts';
import type { FluxObject } from './summarize-and-patch.ts';

test('reportersOf sends events (with metadata) to the recorder and durations to the metric', () => {
  const seen: unknown[] = [];
  const reporters = reportersOf({
    recorder: {
      event: (_o, type, reason, message, metadata) => seen.push([type, reason, message, metadata]),
    },
    recordDuration: (_o, seconds) => seen.push(seconds),
  });
  const obj = { metadata: { name: 'a' } } as FluxObject;
  reporters.event?.(obj, 'Normal', 'NewArtifact', 'stored', { rev: 'main@sha1:abc' });
  reporters.duration?.(obj, 1.5);
  assert.deepEqual(seen, [['Normal', 'NewArtifact', 'stored', { rev: 'main@sha1:abc' }], 1.5]);
  // without metrics, a duration goes nowhere and nothing throws
  reportersOf({ recorder: { event: () => undefined } }).duration?.(obj, 1);
});
