import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestStats } from './request-stats.ts';

test('requests are counted by verb; a GET on a collection is a list', () => {
  const s = new RequestStats();
  s.record('GET', '/api/v1/namespaces/ns/configmaps', false);
  s.record('GET', '/api/v1/namespaces/ns/configmaps/a', false);
  s.record('GET', '/apis/apps/v1/deployments', false);
  s.record('GET', '/apis/apps/v1/namespaces/x/deployments/d/status', false);
  s.record('GET', '/api/v1/namespaces', false);
  s.record('GET', '/api/v1/namespaces/ns', false);
  s.record('GET', '/api/v1/namespaces/ns/configmaps', true);
  s.record('PATCH', '/api/v1/namespaces/ns/configmaps/a', false);
  s.record('POST', '/api/v1/namespaces/ns/configmaps', false);
  assert.deepEqual(s.snapshot(), { total: 9, list: 3, get: 3, watch: 1, patch: 1, create: 1 });
  s.reset();
  assert.deepEqual(s.snapshot(), { total: 0 });
});
