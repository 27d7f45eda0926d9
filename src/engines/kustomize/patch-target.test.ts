import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from '../fs/index.ts';
import { build } from './index.ts';

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
