import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from '../fs/index.ts';
import { buildOrThrow } from './index.ts';

const svc = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n`;

test('generators: builtin ConfigMapGenerator (inline, from a file) and IAMPolicyGenerator', () => {
  const out = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml': `generators:
- |-
  apiVersion: builtin
  kind: ConfigMapGenerator
  metadata:
    name: from-metadata
  literals:
  - a=b
- gen.yaml
- |-
  apiVersion: builtin
  kind: IAMPolicyGenerator
  metadata:
    name: whatever
  cloud: gke
  kubernetesService: {namespace: ns, name: ksa}
  serviceAccount: {name: gsa, projectId: proj}
`,
      'gen.yaml':
        'apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata:\n  name: ignored\nname: from-field\nliterals:\n- c=d\n',
    }),
    '.',
  );
  const names = out.map((o) => `${o.kind}/${o.metadata?.name}`);
  assert.ok(
    names.some((n) => /^ConfigMap\/from-metadata-[a-z0-9]{10}$/.test(n)),
    names.join(),
  );
  assert.ok(
    names.some((n) => /^ConfigMap\/from-field-[a-z0-9]{10}$/.test(n)),
    names.join(),
  );
  const sa = out.find((o) => o.kind === 'ServiceAccount');
  assert.equal(sa?.metadata?.namespace, 'ns');
  assert.equal(
    sa?.metadata?.annotations?.['iam.gke.io/gcp-service-account'],
    'gsa@proj.iam.gserviceaccount.com',
  );
});

test('transformers: an inline prefixer limited by its field specs renames only those kinds', () => {
  const out = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml': `resources:
- res.yaml
transformers:
- |-
  apiVersion: builtin
  kind: PrefixSuffixTransformer
  metadata:
    name: p
  prefix: p-
  fieldSpecs:
  - kind: Service
    path: metadata/name
`,
      'res.yaml': `${svc('web')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n`,
    }),
    '.',
  );
  assert.deepEqual(out.map((o) => `${o.kind}/${o.metadata?.name}`).sort(), ['ConfigMap/cm', 'Service/p-web']);
});

test('replacements select sources and targets by their original names too', () => {
  const out = buildOrThrow(
    new MemoryFS({
      'base/kustomization.yaml': 'namePrefix: p-\nresources:\n- res.yaml\n',
      'base/res.yaml': `${svc('web')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  host: x\n`,
      'kustomization.yaml': `resources:
- base
replacements:
- source: {kind: Service, name: web}
  targets:
  - select: {kind: ConfigMap, name: cm}
    fieldPaths: [data.host]
`,
    }),
    '.',
  );
  assert.equal((out.find((o) => o.kind === 'ConfigMap') as any).data.host, 'p-web');
});
