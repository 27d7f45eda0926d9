import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from '../fs/index.ts';
import { buildOrThrow } from './index.ts';

test('the namespace transformer renames the core Namespace only; a Namespace kind of another group is namespaced', () => {
  const out = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml': 'namespace: prod\nresources:\n- res.yaml\n',
      'res.yaml':
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: old\n---\napiVersion: servicebus.azure.com/v1\nkind: Namespace\nmetadata:\n  name: sb\n  namespace: old\n',
    }),
    '.',
  );
  const ids = out.map((o) => `${o.apiVersion}|${o.metadata?.name}|${o.metadata?.namespace ?? ''}`).sort();
  assert.deepEqual(ids, ['servicebus.azure.com/v1|sb|prod', 'v1|prod|']);
});
