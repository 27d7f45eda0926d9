import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type PostRenderSpec, fluxPostRender as postRender } from './flux-post-render.ts';
import type { RenderResult } from './render.ts';
import { parseYaml } from './yaml-read.ts';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: ghcr.io/example/web:1.0.0`;
const service = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80`;
const hookJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: web-test
  annotations:
    helm.sh/hook: test
spec:
  template:
    spec:
      containers:
        - name: test
          image: ghcr.io/example/web:1.0.0`;

function render(): RenderResult {
  return {
    manifests: [
      {
        name: 'web/templates/deployment.yaml',
        content: deployment,
        kind: 'Deployment',
        apiVersion: 'apps/v1',
        metadataName: 'web',
      },
      {
        name: 'web/templates/service.yaml',
        content: service,
        kind: 'Service',
        apiVersion: 'v1',
        metadataName: 'web',
      },
    ],
    hooks: [
      {
        name: 'web-test',
        kind: 'Job',
        path: 'web/templates/tests/job.yaml',
        manifest: hookJob,
        events: ['test'],
        weight: 0,
        deletePolicies: [],
      },
    ],
    notes: '',
    crds: [],
    values: {},
    chart: {} as RenderResult['chart'],
  };
}

const spec = (s: PostRenderSpec) => s;
const doc = (text: string) => parseYaml(text) as any;

test('without post-renderers or common metadata the render is returned as is', () => {
  const r = render();
  assert.equal(postRender(r, spec({})), r);
});

test('patches (strategic merge and JSON 6902 with a target) and images change the manifests, in their files', () => {
  const out = postRender(
    render(),
    spec({
      postRenderers: [
        {
          kustomize: {
            patches: [
              {
                patch:
                  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n',
              },
              {
                patch: '- op: add\n  path: /metadata/annotations/patched\n  value: "yes"\n',
                target: { kind: 'Service', name: 'web' },
              },
            ],
            images: [{ name: 'ghcr.io/example/web', newTag: '2.0.0' }],
          },
        },
      ],
    }),
  );
  const byName = new Map(out.manifests.map((m) => [m.name, doc(m.content)]));
  const d = byName.get('web/templates/deployment.yaml');
  assert.equal(d.spec.replicas, 3);
  assert.equal(d.spec.template.spec.containers[0].image, 'ghcr.io/example/web:2.0.0');
  // Helm's file annotation is gone again
  assert.deepEqual(d.metadata.annotations, undefined);
  assert.deepEqual(byName.get('web/templates/service.yaml').metadata.annotations, { patched: 'yes' });
  // combined (the default): the hook went through the renderers too
  assert.equal(
    doc(out.hooks[0]?.manifest ?? '').spec.template.spec.containers[0].image,
    'ghcr.io/example/web:2.0.0',
  );
  assert.deepEqual(out.hooks[0]?.events, ['test']);
});

test('nohooks leaves the hooks as rendered; renderers run in order', () => {
  const out = postRender(
    render(),
    spec({
      postRenderStrategy: 'nohooks',
      postRenderers: [
        { kustomize: { images: [{ name: 'ghcr.io/example/web', newTag: '2.0.0' }] } },
        { kustomize: { images: [{ name: 'ghcr.io/example/web', newName: 'registry.local/web' }] } },
      ],
    }),
  );
  const d = doc(out.manifests.find((m) => m.kind === 'Deployment')?.content ?? '');
  assert.equal(d.spec.template.spec.containers[0].image, 'registry.local/web:2.0.0');
  assert.equal(out.hooks[0]?.manifest, hookJob);
});

test('separate post-renders the hooks in a stream of their own', () => {
  const out = postRender(
    render(),
    spec({
      postRenderStrategy: 'separate',
      postRenderers: [{ kustomize: { images: [{ name: 'ghcr.io/example/web', newTag: '3.0.0' }] } }],
    }),
  );
  assert.equal(
    doc(out.hooks[0]?.manifest ?? '').spec.template.spec.containers[0].image,
    'ghcr.io/example/web:3.0.0',
  );
  assert.equal(out.manifests.length, 2);
});

test('commonMetadata labels and annotates every object, but not its templates or selectors', () => {
  const out = postRender(
    render(),
    spec({ commonMetadata: { labels: { team: 'blue' }, annotations: { owner: 'ops' } } }),
  );
  for (const text of [...out.manifests.map((m) => m.content), ...out.hooks.map((h) => h.manifest)]) {
    const o = doc(text);
    assert.equal(o.metadata.labels.team, 'blue', text);
    assert.equal(o.metadata.annotations.owner, 'ops', text);
  }
  const d = doc(out.manifests.find((m) => m.kind === 'Deployment')?.content ?? '');
  assert.deepEqual(d.spec.selector.matchLabels, { app: 'web' });
  assert.deepEqual(d.spec.template.metadata.labels, { app: 'web' });
});

test('a patch that fails to apply fails the render', () => {
  assert.throws(() =>
    postRender(
      render(),
      spec({
        postRenderers: [
          {
            kustomize: {
              patches: [
                {
                  patch: '- op: replace\n  path: /spec/missing/field\n  value: 1\n',
                  target: { kind: 'Service' },
                },
              ],
            },
          },
        ],
      }),
    ),
  );
});
