import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HelmReleaseObject } from './env.ts';
import { renderSpecChanged } from './spec-digests.ts';

const spec = (s: Partial<HelmReleaseObject['spec']>) =>
  ({ interval: '1m', ...s }) as HelmReleaseObject['spec'];

test('a changed digest counts only for a generation not observed yet', () => {
  const obj = (generation: number, observed: number, s: Partial<HelmReleaseObject['spec']>) =>
    ({
      metadata: { name: 'a', generation },
      spec: spec(s),
      status: { observedGeneration: observed },
    }) as HelmReleaseObject;
  const labels = { commonMetadata: { labels: { a: '1' } } };
  assert.equal(renderSpecChanged(obj(2, 1, labels)), true);
  assert.equal(renderSpecChanged(obj(2, 2, labels)), false);
  assert.equal(renderSpecChanged(obj(2, 1, {})), false);
});
