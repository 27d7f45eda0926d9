import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from '../fs/index.ts';
import { BuildError, build, buildOrThrow, emitYamlStream } from './index.ts';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

function errorOf(files: Record<string, string>, dir = '.', options = {}) {
  const r = build(new MemoryFS(files), dir, options);
  assert.equal(r.resources.length, 0);
  const e = r.diagnostics.find((d) => d.severity === 'error');
  assert.ok(e, 'expected an error diagnostic');
  return e;
}

test('a missing resource names the kustomization file', () => {
  const e = errorOf({ 'app/kustomization.yaml': 'resources:\n- gone.yaml\n' }, 'app');
  assert.equal(e.code, 'MissingResource');
  assert.equal(e.file, 'app/kustomization.yaml');
  assert.match(e.message, /gone\.yaml/);
});

test('malformed YAML gives the file and line', () => {
  const e = errorOf({
    'kustomization.yaml': 'resources:\n- bad.yaml\n',
    'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: [\n',
  });
  assert.equal(e.code, 'MalformedYaml');
  assert.equal(e.file, 'bad.yaml');
  assert.equal(typeof e.line, 'number');
});

test('cycles, conflicting ids, unknown fields and unmatched patches are diagnosed', () => {
  assert.equal(
    errorOf(
      { 'a/kustomization.yaml': 'resources:\n- ../b\n', 'b/kustomization.yaml': 'resources:\n- ../a\n' },
      'a',
    ).code,
    'Cycle',
  );
  assert.equal(
    errorOf({
      'kustomization.yaml': 'resources:\n- a.yaml\n- b.yaml\n',
      'a.yaml': cm('x'),
      'b.yaml': cm('x'),
    }).code,
    'ConflictingId',
  );
  assert.equal(errorOf({ 'kustomization.yaml': 'resourcez:\n- a.yaml\n' }).code, 'UnknownField');
  const patch =
    'patches:\n- patch: |-\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: nope\n';
  assert.equal(
    errorOf({ 'kustomization.yaml': `resources:\n- a.yaml\n${patch}`, 'a.yaml': cm('x') }).code,
    'PatchTargetNotFound',
  );
});

test('remote bases and helm charts are refused; paths cannot leave the root', () => {
  assert.equal(
    errorOf({ 'kustomization.yaml': 'resources:\n- https://github.com/org/repo//dir?ref=v1\n' }).code,
    'RemoteNotAllowed',
  );
  assert.equal(
    errorOf({ 'kustomization.yaml': 'helmCharts:\n- name: podinfo\n  version: 1.0.0\n' }).code,
    'HelmChartsNotAllowed',
  );
  assert.equal(
    errorOf({ 'app/kustomization.yaml': 'resources:\n- ../../etc/passwd\n' }, 'app').code,
    'PathEscape',
  );
});

test('a directory without a kustomization is generated from its YAML files when asked (Flux)', () => {
  const files = { 'd/one.yaml': cm('one'), 'd/sub/two.yml': cm('two'), 'd/notes.txt': 'not yaml' };
  assert.equal(errorOf(files, 'd').code, 'MissingKustomization');
  const objs = buildOrThrow(new MemoryFS(files), 'd', { generateKustomization: true });
  assert.deepEqual(
    objs.map((o) => o.metadata.name),
    ['one', 'two'],
  );
});

test('buildOrThrow throws BuildError carrying the diagnostics', () => {
  assert.throws(
    () => buildOrThrow(new MemoryFS({ 'kustomization.yaml': 'resources:\n- x.yaml\n' }), '.'),
    (e: unknown) => e instanceof BuildError && e.diagnostics.length === 1 && /x\.yaml/.test(e.message),
  );
});

test('generated names carry the content hash kustomize computes', () => {
  // expected name printed by `kubectl kustomize` for this generator
  const objs = buildOrThrow(
    new MemoryFS({ 'kustomization.yaml': 'configMapGenerator:\n- name: web-config\n  literals:\n  - A=1\n' }),
    '.',
  );
  assert.equal(objs[0].metadata.name, 'web-config-89g4tffbfk');
  assert.equal(
    emitYamlStream(objs),
    'apiVersion: v1\ndata:\n  A: "1"\nkind: ConfigMap\nmetadata:\n  name: web-config-89g4tffbfk\n',
  );
});

test('files outside a kustomization directory load only without the load restrictor (Flux)', () => {
  const files = { 'shared.yaml': cm('shared'), 'app/kustomization.yaml': 'resources:\n- ../shared.yaml\n' };
  assert.equal(errorOf(files, 'app').code, 'LoadRestricted');
  const objs = buildOrThrow(new MemoryFS(files), 'app', { loadRestrictor: 'none' });
  assert.equal(objs[0].metadata.name, 'shared');
});

test('the generated kustomization takes subdirectories with a kustomization whole', () => {
  const files = {
    'd/a.yaml': cm('a'),
    'd/base/kustomization.yaml': 'resources:\n- x.yaml\nnamePrefix: p-\n',
    'd/base/x.yaml': cm('x'),
    'd/base/ignored.yaml': cm('ignored'),
  };
  const objs = buildOrThrow(new MemoryFS(files), 'd', { generateKustomization: true });
  assert.deepEqual(
    objs.map((o) => o.metadata.name),
    ['a', 'p-x'],
  );
  assert.equal(
    errorOf({ 'd/bad.yaml': 'just: data\n' }, 'd', { generateKustomization: true }).code,
    'MalformedYaml',
  );
});

test('a Flux spec adds its target namespace, patches and images to the root kustomization', () => {
  const deploy =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1\n';
  const objs = buildOrThrow(new MemoryFS({ 'app/d.yaml': deploy, 'app/c.yaml': cm('c') }), 'app', {
    generateKustomization: true,
    flux: {
      targetNamespace: 'team',
      images: [{ name: 'nginx', newTag: '2' }],
      patches: [{ patch: '- op: add\n  path: /data\n  value: {k: v}\n', target: { kind: 'ConfigMap' } }],
    },
  });
  assert.deepEqual(
    objs.map((o) => [o.kind, o.metadata.namespace]),
    [
      ['ConfigMap', 'team'],
      ['Deployment', 'team'],
    ],
  );
  assert.deepEqual(objs[0].data, { k: 'v' });
  assert.equal(objs[1].spec.template.spec.containers[0].image, 'nginx:2');
});

test('patch targets: anchored patterns and selectors select; a bad pattern is a diagnostic', () => {
  const files = (target: string) => ({
    'kustomization.yaml': `resources:\n- a.yaml\npatches:\n- target:\n${target}  patch: |-\n    - op: add\n      path: /data\n      value: {patched: "yes"}\n`,
    'a.yaml': `${cm('web')}---\n${cm('web-config')}---\n${cm('api')}`,
  });
  const patched = (target: string) =>
    buildOrThrow(new MemoryFS(files(target)), '.')
      .filter((o) => (o as { data?: unknown }).data)
      .map((o) => o.metadata?.name);
  assert.deepEqual(patched('    kind: Config.*\n    name: web.*\n'), ['web', 'web-config']);
  assert.deepEqual(patched('    name: web\n'), ['web'], 'the whole name must match');
  assert.deepEqual(patched('    version: v1\n    name: api|web\n'), ['api', 'web']);
  const e = errorOf(files('    name: (\n'));
  assert.equal(e.code, 'InvalidPatchTarget');
  assert.match(e.message, /^invalid patch target: error parsing regexp: /);
  assert.equal(errorOf(files("    labelSelector: 'a in ('\n")).code, 'InvalidPatchTarget');
});

test('a local-config object serves as a replacement source and is left out of the output', () => {
  const out = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml':
        'resources:\n- src.yaml\n- cm.yaml\nreplacements:\n- source: {kind: ConfigMap, name: src, fieldPath: data.v}\n  targets:\n  - select: {name: cm}\n    fieldPaths: [data.v]\n',
      'src.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: src\n  annotations:\n    config.kubernetes.io/local-config: "true"\ndata:\n  v: from-local\n',
      'cm.yaml': `${cm('cm')}data:\n  v: old\n`,
    }),
    '.',
  );
  assert.deepEqual(
    out.map((o) => o.metadata?.name),
    ['cm'],
  );
  assert.equal((out[0] as any).data.v, 'from-local');
});

test('annotation values read as numbers or booleans come out as strings, as kustomize writes them', () => {
  const [svc] = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml': 'resources:\n- svc.yaml\n',
      'svc.yaml':
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    port: 8080\n    happy: true\n    color: green\n',
    }),
    '.',
  );
  assert.deepEqual(svc.metadata?.annotations, { port: '8080', happy: 'true', color: 'green' });
});

test('a Component whose apiVersion is not kustomize.config.k8s.io/v1alpha1 is refused', () => {
  const e = errorOf({
    'kustomization.yaml': 'components:\n- comp\n',
    'comp/kustomization.yaml':
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Component\ncommonLabels:\n  a: b\n',
  });
  assert.equal(e.code, 'InvalidKustomization');
  assert.match(e.message, /apiVersion for Component should be kustomize\.config\.k8s\.io\/v1alpha1/);
});

test('a RoleBinding with a ServiceAccount subject whose namespace is left blank is refused', () => {
  const binding = (ns: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\nroleRef: {kind: Role, name: r, apiGroup: rbac.authorization.k8s.io}\nsubjects:\n- kind: ServiceAccount\n  name: sa\n  namespace:${ns}\n`;
  const e = errorOf({ 'kustomization.yaml': 'resources:\n- rb.yaml\n', 'rb.yaml': binding('') });
  assert.equal(e.code, 'InvalidInput');
  assert.match(e.message, /namespace is blank/);
  const ok = build(
    new MemoryFS({ 'kustomization.yaml': 'resources:\n- rb.yaml\n', 'rb.yaml': binding(' ns') }),
    '.',
  );
  assert.equal(ok.resources.length, 1);
});

test('a mapping key given twice in a resource file is refused, as kustomize refuses it', () => {
  const e = errorOf({
    'kustomization.yaml': 'resources:\n- cm.yaml\n',
    'cm.yaml': `${cm('x')}data:\n  a: "1"\ndata:\n  b: "2"\n`,
  });
  assert.equal(e.code, 'MalformedYaml');
  assert.equal(e.file, 'cm.yaml');
});

test('a Component directory built directly builds like a Kustomization', () => {
  const out = buildOrThrow(
    new MemoryFS({
      'comp/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n- c.yaml\n',
      'comp/c.yaml': cm('c'),
    }),
    'comp',
  );
  assert.deepEqual(
    out.map((o) => o.metadata?.name),
    ['c'],
  );
});
