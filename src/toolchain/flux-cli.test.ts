import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutRemoteResources } from './flux-cli.ts';

test('remote resources are dropped from a kustomization, local ones and the rest kept', () => {
  const input = [
    'resources:',
    '- https://example.invalid/releases/download/v1.0.0/crds.yaml',
    '  - http://example.invalid/deployment.yaml',
    '- account.yaml',
    'transformers:',
    '- labels.yaml',
  ].join('\n');
  assert.equal(withoutRemoteResources(input), 'resources:\n- account.yaml\ntransformers:\n- labels.yaml');
});
