import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from '../fs/index.ts';
import { buildOrThrow } from './index.ts';

const cr = `apiVersion: example.com/v1
kind: Sample
metadata:
  name: s
spec:
  image: app:1
`;

test('configurations: field specs reach labels, annotations and images of the kustomization and its overlays', () => {
  const [obj] = buildOrThrow(
    new MemoryFS({
      'base/kustomization.yaml': 'resources:\n- cr.yaml\nconfigurations:\n- config.yaml\n',
      'base/cr.yaml': cr,
      'base/config.yaml': `labels:
- path: spec/selectors/labels
  kind: Sample
  create: true
commonAnnotations:
- path: spec/notes
  kind: Sample
  create: true
images:
- path: spec/image
  kind: Sample
`,
      'kustomization.yaml': `resources:
- base
labels:
- pairs: {team: a}
commonAnnotations:
  note: x
images:
- name: app
  newTag: "2"
`,
    }),
    '.',
  );
  const spec = (obj as any).spec;
  assert.deepEqual(spec.selectors, { labels: { team: 'a' } });
  assert.deepEqual(spec.notes, { note: 'x' });
  assert.equal(spec.image, 'app:2');
});

test('configurations: nameReference fields follow renamed objects, a service reference’s namespace too', () => {
  const out = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml': `namePrefix: p-
namespace: prod
resources:
- res.yaml
configurations:
- config.yaml
`,
      'config.yaml': `nameReference:
- kind: Service
  version: v1
  fieldSpecs:
  - kind: Hook
    path: spec/service/name
`,
      'res.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: system
---
apiVersion: example.com/v1
kind: Hook
metadata:
  name: h
spec:
  service:
    name: web
    namespace: system
`,
    }),
    '.',
  );
  const hook: any = out.find((o) => o.kind === 'Hook');
  assert.deepEqual(hook.spec.service, { name: 'p-web', namespace: 'prod' });
});
