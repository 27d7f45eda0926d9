import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from '../fs/index.ts';
import { KustomizationBuildError, PathNotFoundError, renderKustomization } from './index.ts';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;
const deploy = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: {app: app}
  template:
    metadata:
      labels: {app: app}
    spec:
      containers:
      - name: app
        image: nginx:1.0
`;

test('generates a kustomization from the manifests under the path, recursively', async () => {
  const fs = new MemoryFS({ 'apps/a.yaml': cm('a'), 'apps/sub/b.yml': cm('b'), 'apps/readme.md': '# no' });
  const { objects } = await renderKustomization(fs, { path: './apps' });
  assert.deepEqual(
    objects.map((o) => o.metadata.name),
    ['a', 'b'],
  );
});

test('a subdirectory with its own kustomization is one resource', async () => {
  const fs = new MemoryFS({
    'a.yaml': cm('a'),
    'base/kustomization.yaml': 'resources: [x.yaml]\nnamePrefix: base-\n',
    'base/x.yaml': cm('x'),
    'base/ignored.yaml': cm('ignored'),
  });
  const names = (await renderKustomization(fs, {})).objects.map((o) => o.metadata.name);
  assert.deepEqual(names.sort(), ['a', 'base-x']);
});

test('spec overlay: targetNamespace, prefix, suffix, images, patches, commonMetadata, owner labels', async () => {
  const fs = new MemoryFS({ 'kustomization.yaml': 'resources: [d.yaml]\n', 'd.yaml': deploy });
  const { objects } = await renderKustomization(
    fs,
    {
      targetNamespace: 'prod',
      namePrefix: 'p-',
      nameSuffix: '-s',
      images: [{ name: 'nginx', newTag: '2.0' }],
      patches: [{ patch: '- op: add\n  path: /spec/replicas\n  value: 3', target: { kind: 'Deployment' } }],
      commonMetadata: { labels: { team: 'a' }, annotations: { note: 'n' } },
    },
    { owner: { name: 'ks', namespace: 'flux' } },
  );
  const d = objects[0];
  assert.equal(d.metadata.name, 'p-app-s');
  assert.equal(d.metadata.namespace, 'prod');
  assert.equal(d.spec.replicas, 3);
  assert.equal(d.spec.template.spec.containers[0].image, 'nginx:2.0');
  assert.deepEqual(d.metadata.labels, {
    team: 'a',
    'kustomize.toolkit.fluxcd.io/name': 'ks',
    'kustomize.toolkit.fluxcd.io/namespace': 'flux',
  });
  assert.deepEqual(d.metadata.annotations, { note: 'n' });
  // commonMetadata never reaches selectors or pod templates
  assert.deepEqual(d.spec.selector.matchLabels, { app: 'app' });
  assert.deepEqual(d.spec.template.metadata.labels, { app: 'app' });
});

test('components are appended; missing ones fail unless ignored', async () => {
  const fs = new MemoryFS({
    'kustomization.yaml': 'resources: [a.yaml]\n',
    'a.yaml': cm('a'),
    'comp/kustomization.yaml':
      'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [c.yaml]\n',
    'comp/c.yaml': cm('c'),
  });
  const names = (
    await renderKustomization(fs, { components: ['comp', 'missing'], ignoreMissingComponents: true })
  ).objects
    .map((o) => o.metadata.name)
    .sort();
  assert.deepEqual(names, ['a', 'c']);
  await assert.rejects(renderKustomization(fs, { components: ['missing'] }), KustomizationBuildError);
});

test('a missing path and a broken build fail with flux messages', async () => {
  const fs = new MemoryFS({ 'a.yaml': cm('a') });
  await assert.rejects(
    renderKustomization(fs, { path: './nope' }),
    (e: unknown) =>
      e instanceof PathNotFoundError && e.message.startsWith('kustomization path not found: stat ./nope'),
  );
  const broken = new MemoryFS({ 'kustomization.yaml': 'resources: [missing.yaml]\n' });
  await assert.rejects(
    renderKustomization(broken, {}),
    (e: unknown) => e instanceof KustomizationBuildError && e.message.startsWith('kustomize build failed: '),
  );
});

test('postBuild substitution: sources then inline variables, opt-out, strict by default', async () => {
  const fs = new MemoryFS({
    'a.yaml': cm('a-${SUFFIX}').replace('k: v', 'k: ${GREETING:=hello}-${WHO}'),
    'b.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\ndata:\n  k: ${WHO}\n',
  });
  const untouched = await renderKustomization(fs, {});
  assert.equal(untouched.objects[0]?.metadata.name, 'a-${SUFFIX}');
  const { objects } = await renderKustomization(
    fs,
    { postBuild: { substitute: { WHO: 'inline' } } },
    { substituteFrom: [{ SUFFIX: 'one', WHO: 'configmap' }, { SUFFIX: 'two' }] },
  );
  assert.equal(objects[0]?.metadata.name, 'a-two');
  assert.equal(objects[0]?.data.k, 'hello-inline');
  assert.equal(objects[1]?.data.k, '${WHO}');
  await assert.rejects(
    renderKustomization(fs, { postBuild: { substitute: { WHO: 'x' } } }),
    (e: unknown) => e instanceof KustomizationBuildError && /SUFFIX/.test(e.message),
  );
});
