import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from '../fs/index.ts';
import { build, buildOrThrow } from './index.ts';

test('an untargeted patch naming an object two branches renamed differently is an error', () => {
  const r = build(
    new MemoryFS({
      'base/kustomization.yaml': 'resources:\n- cm.yaml\n',
      'base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n',
      'a/kustomization.yaml': 'namePrefix: a-\nresources:\n- ../base\n',
      'b/kustomization.yaml': 'namePrefix: b-\nresources:\n- ../base\n',
      'kustomization.yaml':
        'resources:\n- a\n- b\npatches:\n- patch: |-\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: cm\n    data:\n      k: v\n',
    }),
    '.',
  );
  assert.equal(r.diagnostics[0]?.code, 'PatchTargetAmbiguous');
});

test('a targeted patch of another kind keeps the target’s apiVersion and kind', () => {
  const [svc] = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml':
        'resources:\n- svc.yaml\npatches:\n- target: {name: web}\n  patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: web\n      annotations: {a: b}\n',
      'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n',
    }),
    '.',
  );
  assert.equal(svc.apiVersion, 'v1');
  assert.equal(svc.kind, 'Service');
  assert.deepEqual(svc.metadata?.annotations, { a: 'b' });
});

test('a JSON 6902 patch target names an object by the name it had before a prefix and suffix', () => {
  const [cm] = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml':
        'namePrefix: p-\nnameSuffix: -s\nnamespace: ns\nresources:\n- cm.yaml\npatchesJson6902:\n- target: {version: v1, kind: ConfigMap, name: cm}\n  patch: |-\n    - op: add\n      path: /data\n      value: {k: v}\n',
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n',
    }),
    '.',
  );
  assert.equal(cm.metadata?.name, 'p-cm-s');
  assert.deepEqual((cm as any).data, { k: 'v' });
});

test('an overlay patch names an object by the kind and name it had before a base patch changed them', () => {
  const [sts] = buildOrThrow(
    new MemoryFS({
      'base/kustomization.yaml':
        'resources:\n- dep.yaml\npatches:\n- target: {kind: Deployment}\n  options: {allowNameChange: true, allowKindChange: true}\n  patch: |-\n    apiVersion: apps/v1\n    kind: StatefulSet\n    metadata:\n      name: new\n',
      'base/dep.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: old\n',
      'overlay/kustomization.yaml':
        'resources:\n- ../base\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: old\n    spec:\n      replicas: 3\n',
    }),
    'overlay',
  );
  assert.equal(sts.kind, 'StatefulSet');
  assert.equal(sts.metadata?.name, 'new');
  assert.equal((sts as any).spec.replicas, 3);
});
