import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageRef } from '../../../api/image/v1/index.ts';
import { StallingError } from '../../../runtime/reconcile/index.ts';
import type { ImageUpdateAutomationObject } from '../env.ts';
import { pushGroups } from './push-branches.ts';

const obj = {
  metadata: { namespace: 'apps', name: 'auto' },
  spec: { git: { commit: { author: { email: 'a@b' }, messageTemplateValues: { env: 'prod' } } } },
} as unknown as ImageUpdateAutomationObject;
const policies = new Map<string, ImageRef>([
  ['apps:web', { name: 'reg/web', tag: 'v2.0.0' }],
  ['apps:api', { name: 'reg/api', tag: 'v1.4.0', digest: 'sha256:abc' }],
  ['apps:worker', { name: 'reg/web', tag: 'v2.0.0' }],
]);
const summary = (branch: string) =>
  pushGroups(obj, branch, policies).map((g) => `${g.branch}=${[...g.policies.keys()].join(',')}`);

test('a plain push branch takes every policy, as Flux', () => {
  assert.deepEqual(summary('main'), ['main=apps:web,apps:api,apps:worker']);
});

test('a templated push branch groups the policies by the branch each renders', () => {
  assert.deepEqual(summary('image-{{ .Policy.Name }}'), [
    'image-api=apps:api',
    'image-web=apps:web',
    'image-worker=apps:worker',
  ]);
  // one branch per image and version: two policies on the same image share it
  assert.deepEqual(
    summary('{{ .Values.env }}/{{ base .Policy.LatestRef.Name }}-{{ .Policy.LatestRef.Tag }}'),
    ['prod/api-v1.4.0=apps:api', 'prod/web-v2.0.0=apps:web,apps:worker'],
  );
  assert.deepEqual(summary('auto-{{ .AutomationObject.Name }}'), ['auto-auto=apps:web,apps:api,apps:worker']);
});

test('a template that fails, or renders a name git refuses, stalls', () => {
  for (const bad of [
    'image-{{ .Policy.Name ',
    'image-{{ template "missing" }}',
    'image {{ .Policy.Name }}',
    '{{ "" }}',
  ])
    assert.throws(
      () => pushGroups(obj, bad, policies),
      (e: unknown) => e instanceof StallingError && e.reason === 'InvalidSourceConfiguration',
      bad,
    );
});
