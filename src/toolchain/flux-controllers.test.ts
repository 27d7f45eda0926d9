import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLUX_CONTROLLERS, goGetArgs } from './flux-controllers.ts';

test('each Flux controller requires its published api module of the same tag instead of ./api', () => {
  for (const c of FLUX_CONTROLLERS)
    assert.equal(goGetArgs(c)[0], `github.com/fluxcd/${c.name}/api@${c.version}`, c.name);
});

test('source-controller takes pkg/artifact v0.18.0, as the proxy refuses the v0.18.3 it pins', () => {
  const source = FLUX_CONTROLLERS.find((c) => c.name === 'source-controller');
  assert.ok(source);
  assert.deepEqual(goGetArgs(source), [
    'github.com/fluxcd/source-controller/api@v1.9.5',
    'github.com/fluxcd/pkg/artifact@v0.18.0',
  ]);
});
