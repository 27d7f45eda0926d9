import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from '../fs/index.ts';
import { buildOrThrow } from './index.ts';

const origin = (obj: unknown) => (obj as any).metadata.annotations['config.kubernetes.io/origin'];

test('the origin of a generator configured in generators: names it by its metadata.name', () => {
  const [cm] = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml': 'generators:\n- gen.yaml\nbuildMetadata: [originAnnotations]\n',
      'gen.yaml':
        'apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata:\n  name: g1\nname: bob\nliterals:\n- a=b\n',
    }),
    '.',
  );
  assert.equal(
    origin(cm),
    'configuredIn: gen.yaml\nconfiguredBy:\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n  name: g1\n',
  );
});

test('a generator that replaces a base ConfigMap becomes its origin; one that merges does not', () => {
  const files = (behavior: string) =>
    new MemoryFS({
      'base/kustomization.yaml': 'configMapGenerator:\n- name: bob\n  literals:\n  - a=b\n',
      'overlay/kustomization.yaml': `resources:\n- ../base\nconfigMapGenerator:\n- name: bob\n  behavior: ${behavior}\n  literals:\n  - c=d\nbuildMetadata: [originAnnotations]\n`,
    });
  const from = (file: string) =>
    `configuredIn: ${file}\nconfiguredBy:\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n`;
  assert.equal(origin(buildOrThrow(files('replace'), 'overlay')[0]), from('kustomization.yaml'));
  assert.equal(origin(buildOrThrow(files('merge'), 'overlay')[0]), from('../base/kustomization.yaml'));
});

test('transformer annotations list every transformer that ran, base ones first', () => {
  const [svc] = buildOrThrow(
    new MemoryFS({
      'base/kustomization.yaml': 'namePrefix: b-\nresources:\n- svc.yaml\n',
      'base/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n',
      'prod/kustomization.yaml': `resources:\n- ../base\nnamespace: ns\ntransformers:\n- |-\n  apiVersion: builtin\n  kind: AnnotationsTransformer\n  metadata:\n    name: t1\n  annotations:\n    a: b\n  fieldSpecs:\n  - path: metadata/annotations\n    create: true\nbuildMetadata: [transformerAnnotations]\n`,
    }),
    'prod',
  );
  const by = (file: string, kind: string, extra = '') =>
    `- configuredIn: ${file}\n  configuredBy:\n    apiVersion: builtin\n    kind: ${kind}\n${extra}`;
  assert.equal(
    (svc as any).metadata.annotations['alpha.config.kubernetes.io/transformations'],
    by('../base/kustomization.yaml', 'PrefixTransformer') +
      by('kustomization.yaml', 'NamespaceTransformer') +
      by('kustomization.yaml', 'AnnotationsTransformer', '    name: t1\n'),
  );
});
