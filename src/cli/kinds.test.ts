import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapterForWord, aliasesOf, resolveKindWords } from './kinds.ts';

test('every verb reads the same kind words and aliases', () => {
  assert.equal(resolveKindWords(['ks', 'apps']).adapters[0].kind.kind, 'Kustomization');
  assert.equal(resolveKindWords(['hr', 'podinfo']).adapters[0].kind.kind, 'HelmRelease');
  assert.equal(resolveKindWords(['sources', 'git', 'x']).adapters[0].kind.kind, 'GitRepository');
  assert.deepEqual(aliasesOf('Kustomization').sort(), ['ks', 'kustomizations']);
});

test('--for Kind/name takes a kind in any case or a one-word alias', () => {
  assert.equal(adapterForWord('ks')?.kind.kind, 'Kustomization');
  assert.equal(adapterForWord('Kustomization')?.kind.kind, 'Kustomization');
  assert.equal(adapterForWord('hr')?.kind.kind, 'HelmRelease');
  assert.equal(adapterForWord('GitRepository')?.kind.kind, 'GitRepository');
  assert.equal(adapterForWord('Deployment'), undefined);
});

test('a HelmRelease shows the chart version of its newest release and reconciles its chart as its source', () => {
  const hr = adapterForWord('hr');
  assert.ok(hr?.sourceOf);
  const revision = (status: Record<string, unknown>) =>
    hr.columns.find((c) => c.header === 'REVISION')?.value({ status });
  assert.equal(
    revision({
      history: [{ chartVersion: '6.14.1' }, { chartVersion: '6.13.0' }],
      lastAttemptedRevision: '6.15.0',
    }),
    '6.14.1',
  );
  assert.equal(revision({ lastAttemptedRevision: '6.15.0' }), '6.15.0');
  const metadata = { name: 'podinfo', namespace: 'apps' };
  const chart = (sourceNamespace?: string) => ({
    spec: {
      chart: 'podinfo',
      sourceRef: { kind: 'HelmRepository', name: 'charts', namespace: sourceNamespace },
    },
  });
  assert.deepEqual(hr.sourceOf({ metadata, spec: { chart: chart() } }), {
    kind: 'HelmChart',
    name: 'apps-podinfo',
    namespace: 'apps',
  });
  assert.deepEqual(
    hr.sourceOf({ metadata, spec: { chart: chart('flux-system') } })?.namespace,
    'flux-system',
  );
  assert.deepEqual(
    hr.sourceOf({ metadata, spec: { chartRef: { kind: 'OCIRepository', name: 'podinfo' } } }),
    {
      kind: 'OCIRepository',
      name: 'podinfo',
      namespace: undefined,
    },
  );
});
