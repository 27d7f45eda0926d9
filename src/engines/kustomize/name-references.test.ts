import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from '../fs/index.ts';
import { buildOrThrow } from './index.ts';

test('in a diamond, each branch’s references follow its own renamed copy', () => {
  const out = buildOrThrow(
    new MemoryFS({
      'base/kustomization.yaml': 'resources:\n- res.yaml\n',
      'base/res.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
---
apiVersion: v1
kind: Pod
metadata:
  name: pod
spec:
  volumes:
  - name: v
    configMap:
      name: cm
`,
      'a/kustomization.yaml': 'namePrefix: a-\nresources:\n- ../base\n',
      'b/kustomization.yaml': 'namePrefix: b-\nresources:\n- ../base\n',
      'kustomization.yaml': 'resources:\n- a\n- b\n',
    }),
    '.',
  );
  const refs = out
    .filter((o) => o.kind === 'Pod')
    .map((o) => `${o.metadata?.name}->${(o as any).spec.volumes[0].configMap.name}`);
  assert.deepEqual(refs.sort(), ['a-pod->a-cm', 'b-pod->b-cm']);
});

test('a JSON patch that renames, and a renamed admission policy, are followed by their referrers', () => {
  const out = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml': `resources:
- res.yaml
patches:
- patch: |-
    - op: replace
      path: /metadata/name
      value: renamed
  target:
    kind: ClusterRole
    name: role
- patch: |-
    - op: replace
      path: /metadata/name
      value: policy2
  target:
    kind: ValidatingAdmissionPolicy
`,
      'res.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: role
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: binding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: role
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: policy
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: pb
spec:
  policyName: policy
`,
    }),
    '.',
  );
  assert.equal((out.find((o) => o.kind === 'ClusterRoleBinding') as any).roleRef.name, 'renamed');
  assert.equal(
    (out.find((o) => o.kind === 'ValidatingAdmissionPolicyBinding') as any).spec.policyName,
    'policy2',
  );
});

test('a Role’s resourceNames naming a generated ConfigMap follow its hashed name', () => {
  const out = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml':
        'resources:\n- role.yaml\nconfigMapGenerator:\n- name: cm\n  literals:\n  - a=b\n',
      'role.yaml':
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\nrules:\n- resources: ["configmaps"]\n  resourceNames: ["cm", "other"]\n  verbs: ["get"]\n',
    }),
    '.',
  );
  const cm = out.find((o) => o.kind === 'ConfigMap') as any;
  const role = out.find((o) => o.kind === 'Role') as any;
  assert.match(cm.metadata.name, /^cm-[a-z0-9]{10}$/);
  assert.deepEqual(role.rules[0].resourceNames, [cm.metadata.name, 'other']);
});
