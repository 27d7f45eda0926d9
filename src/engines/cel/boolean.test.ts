import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileBool, evaluateBool } from './boolean.ts';

test('boolean CEL: evaluated with the context, parsed once, non-booleans refused', () => {
  assert.equal(
    evaluateBool("dep.metadata.labels['tier'] == 'ready'", {
      dep: { metadata: { labels: { tier: 'ready' } } },
    }),
    true,
  );
  const isBig = compileBool('size > 3');
  assert.equal(isBig({ size: 4 }), true);
  assert.equal(isBig({ size: 2 }), false);
  assert.throws(
    () => evaluateBool('1 + 2', {}),
    /expression '1 \+ 2' did not evaluate to a boolean, got bigint/,
  );
  assert.throws(() => compileBool('a.('));
});
