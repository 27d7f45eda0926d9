import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from '../fs/index.ts';
import { build, buildOrThrow } from './index.ts';

const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
      - name: db
        ports:
        - containerPort: 26257
        - containerPort: 8080
`;
const svc = `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    url: http://$(DB):$(PORT)/$$(PORT)/$(UNKNOWN)
spec:
  ports:
  - port: $(PORT)
    targetPort: $(PORT)
`;
const kustomization = `resources:
- sts.yaml
- svc.yaml
vars:
- name: PORT
  objref: {kind: StatefulSet, name: db, apiVersion: apps/v1}
  fieldref: {fieldpath: 'spec.template.spec.containers[0].ports[1].containerPort'}
- name: DB
  objref: {kind: StatefulSet, name: db, apiVersion: apps/v1}
`;

test('vars expand in the varReference fields: a whole reference keeps its type, $$ escapes, unknown stays', () => {
  const service: any = buildOrThrow(
    new MemoryFS({ 'kustomization.yaml': kustomization, 'sts.yaml': sts, 'svc.yaml': svc }),
    '.',
  ).find((o) => o.kind === 'Service');
  assert.deepEqual(service.spec.ports, [{ port: 8080, targetPort: 8080 }]);
  assert.equal(service.metadata.annotations.url, 'http://db:8080/$(PORT)/$(UNKNOWN)');
});

test('a var declared twice, or naming two resources, is an error', () => {
  const twice = build(
    new MemoryFS({
      'base/kustomization.yaml': kustomization,
      'base/sts.yaml': sts,
      'base/svc.yaml': svc,
      'kustomization.yaml': 'resources:\n- base\nvars:\n- name: DB\n  objref: {kind: Service, name: web}\n',
    }),
    '.',
  );
  assert.match(twice.diagnostics[0]?.message ?? '', /var 'DB' already encountered/);
  const two = build(
    new MemoryFS({
      'a/kustomization.yaml': 'namespace: a\nresources:\n- sts.yaml\n',
      'a/sts.yaml': sts,
      'b/kustomization.yaml': 'namespace: b\nresources:\n- sts.yaml\n',
      'b/sts.yaml': sts,
      'kustomization.yaml':
        'resources:\n- a\n- b\nvars:\n- name: DB\n  objref: {kind: StatefulSet, name: db}\n',
    }),
    '.',
  );
  assert.match(two.diagnostics[0]?.message ?? '', /found 2 resId matches for var 'DB'/);
});

test('kustomization fields are matched in any case, as encoding/json matches them', () => {
  const [obj] = buildOrThrow(
    new MemoryFS({ 'kustomization.yaml': 'nameprefix: p-\nresources:\n- sts.yaml\n', 'sts.yaml': sts }),
    '.',
  );
  assert.equal(obj.metadata?.name, 'p-db');
});
