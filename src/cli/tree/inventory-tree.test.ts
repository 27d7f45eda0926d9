import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseInventoryId, renderTree } from './inventory-tree.ts';

test('inventory ids parse into kind, namespace, name and group', () => {
  assert.deepEqual(parseInventoryId('default_podinfo_apps_Deployment'), {
    id: 'Deployment/default/podinfo',
    group: 'apps',
    kind: 'Deployment',
    namespace: 'default',
    name: 'podinfo',
  });
  assert.equal(parseInventoryId('_podinfo__Namespace').id, 'Namespace/podinfo');
  assert.equal(parseInventoryId('default_cfg__ConfigMap').group, '');
  assert.throws(() => parseInventoryId('default_podinfo_Deployment'), /invalid inventory entry/);
  assert.throws(() => parseInventoryId('__apps_Deployment'), /invalid inventory entry/);
});

test('trees render with box-drawing branches as flux tree does', () => {
  const leaf = (id: string) => ({ id, group: '', kind: '', name: '', children: [] });
  const out = renderTree({
    ...leaf('Kustomization/flux-system/flux-system'),
    children: [
      leaf('Namespace/apps'),
      {
        ...leaf('Kustomization/flux-system/apps'),
        children: [leaf('Service/apps/web'), leaf('Deployment/apps/web')],
      },
      leaf('Secret/flux-system/x'),
    ],
  });
  assert.equal(
    out,
    [
      'Kustomization/flux-system/flux-system',
      '├── Namespace/apps',
      '├── Kustomization/flux-system/apps',
      '│   ├── Service/apps/web',
      '│   └── Deployment/apps/web',
      '└── Secret/flux-system/x',
      '',
    ].join('\n'),
  );
});
