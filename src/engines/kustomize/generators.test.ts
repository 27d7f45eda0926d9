import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from '../fs/index.ts';
import { buildOrThrow } from './index.ts';

test('Secret data longer than one base64 line is broken into 70-character lines, as kustomize does', () => {
  const long = 'x'.repeat(60);
  const [secret] = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml': `secretGenerator:\n- name: s\n  literals:\n  - long=${long}\n  - short=y\n`,
    }),
    '.',
  );
  const b64 = Buffer.from(long).toString('base64');
  assert.equal((secret as any).data.long, `${b64.slice(0, 70)}\n${b64.slice(70)}\n`);
  assert.equal((secret as any).data.short, 'eQ==');
});

test('behavior merge finds a generated ConfigMap by the prefixed name an overlay gave it', () => {
  const out = buildOrThrow(
    new MemoryFS({
      'base/kustomization.yaml': 'configMapGenerator:\n- name: cm\n  literals:\n  - foo=bar\n',
      'o1/kustomization.yaml': 'resources:\n- ../base\nnamePrefix: o1-\n',
      'kustomization.yaml':
        'resources:\n- o1\nconfigMapGenerator:\n- name: o1-cm\n  behavior: merge\n  literals:\n  - big=bang\n',
    }),
    '.',
  );
  assert.equal(out.length, 1);
  assert.deepEqual((out[0] as any).data, { foo: 'bar', big: 'bang' });
  assert.match((out[0] as any).metadata.name, /^o1-cm-[a-z0-9]{10}$/);
});

test('a generator merged into a ConfigMap from resources: adds no hash to its name', () => {
  const [cm] = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml':
        'resources:\n- cm.yaml\nconfigMapGenerator:\n- name: project\n  behavior: merge\n  literals:\n  - b=2\n',
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: project\ndata:\n  a: "1"\n',
    }),
    '.',
  );
  assert.equal((cm as any).metadata.name, 'project');
  assert.deepEqual((cm as any).data, { a: '1', b: '2' });
});
