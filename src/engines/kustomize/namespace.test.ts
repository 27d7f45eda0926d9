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

test('the namespace transformer moves subjects named default and conversion webhook services', () => {
  const out = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml': 'namespace: prod\nresources:\n- res.yaml\n',
      'res.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: crb
subjects:
- kind: ServiceAccount
  name: default
  namespace: elsewhere
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: things.my.org
spec:
  conversion:
    strategy: Webhook
    webhook:
      clientConfig:
        service:
          name: svc
          namespace: random
`,
    }),
    '.',
  ) as any[];
  const crb = out.find((o) => o.kind === 'ClusterRoleBinding');
  const crd = out.find((o) => o.kind === 'CustomResourceDefinition');
  assert.equal(crb.subjects[0].namespace, 'prod');
  assert.equal(crd.spec.conversion.webhook.clientConfig.service.namespace, 'prod');
});
