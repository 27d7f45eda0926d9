import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HelmReleaseObject } from './env.ts';
import { chartTemplateKey, releaseName, releaseNamespace, storageNamespace } from './names.ts';

const hr = (name: string, spec: Partial<HelmReleaseObject['spec']> = {}): HelmReleaseObject => ({
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name, namespace: 'apps' },
  spec: {
    interval: '5m',
    chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'repo' } } },
    ...spec,
  },
});

test('release name: spec.releaseName, else [targetNamespace-]name', () => {
  assert.equal(releaseName(hr('web')), 'web');
  assert.equal(releaseName(hr('web', { targetNamespace: 'prod' })), 'prod-web');
  assert.equal(releaseName(hr('web', { targetNamespace: 'prod', releaseName: 'mine' })), 'mine');
});

test('a composed release name over 53 characters is shortened with a hash of the full name', () => {
  const name = releaseName(
    hr('a-very-long-helmrelease-name-that-goes-on', { targetNamespace: 'an-equally-long-namespace' }),
  );
  assert.equal(name.length, 53);
  assert.match(name, /^an-equally-long-namespace-a-very-long-he-[0-9a-f]{12}$/);
  const other = releaseName(
    hr('a-very-long-helmrelease-name-that-goes-off', { targetNamespace: 'an-equally-long-namespace' }),
  );
  assert.notEqual(name, other, 'the hash keeps two long names apart');
});

test('namespaces and the HelmChart of a chart template', () => {
  assert.equal(releaseNamespace(hr('web')), 'apps');
  assert.equal(releaseNamespace(hr('web', { targetNamespace: 'prod' })), 'prod');
  assert.equal(storageNamespace(hr('web', { targetNamespace: 'prod' })), 'apps');
  assert.equal(storageNamespace(hr('web', { storageNamespace: 'helm' })), 'helm');
  assert.deepEqual(chartTemplateKey(hr('web')), { namespace: 'apps', name: 'apps-web' });
  const cross = hr('web', {
    chart: {
      spec: {
        chart: 'podinfo',
        sourceRef: { kind: 'HelmRepository', name: 'repo', namespace: 'flux-system' },
      },
    },
  });
  assert.deepEqual(chartTemplateKey(cross), { namespace: 'flux-system', name: 'apps-web' });
});
