import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findKind, findKindByApiVersion, findKindByName, kinds } from './registry.ts';

test('the registry has the 15 Flux kinds (source-watcher included), each with one storage version', () => {
  assert.equal(kinds.length, 15);
  for (const kind of kinds) {
    assert.equal(kind.versions.filter((v) => v.storage).length, 1, kind.kind);
    assert.ok(kind.servedVersions.includes(kind.storageVersion), kind.kind);
  }
});

test('older versions Flux dropped are served, never stored', () => {
  const served = (group: string, kind: string) => findKind(group, kind)?.servedVersions.sort();
  assert.deepEqual(served('kustomize.toolkit.fluxcd.io', 'Kustomization'), ['v1', 'v1beta2']);
  assert.deepEqual(served('helm.toolkit.fluxcd.io', 'HelmRelease'), ['v2', 'v2beta1', 'v2beta2']);
  assert.deepEqual(served('source.toolkit.fluxcd.io', 'GitRepository'), ['v1', 'v1beta2']);
  assert.deepEqual(served('source.toolkit.fluxcd.io', 'ExternalArtifact'), ['v1']);
  assert.deepEqual(served('image.toolkit.fluxcd.io', 'ImagePolicy'), ['v1', 'v1beta2']);
  assert.deepEqual(served('notification.toolkit.fluxcd.io', 'Alert'), ['v1beta1', 'v1beta2', 'v1beta3']);
  assert.deepEqual(served('notification.toolkit.fluxcd.io', 'Receiver'), ['v1', 'v1beta1', 'v1beta2']);
  assert.equal(findKind('notification.toolkit.fluxcd.io', 'Alert')?.storageVersion, 'v1beta3');
});

test('kinds are found by apiVersion, resource name, short name and kind name', () => {
  assert.equal(findKindByApiVersion('helm.toolkit.fluxcd.io/v2beta1', 'HelmRelease')?.kind, 'HelmRelease');
  assert.equal(findKindByApiVersion('helm.toolkit.fluxcd.io/v3', 'HelmRelease'), undefined);
  assert.equal(findKindByName('ks')?.kind, 'Kustomization');
  assert.equal(findKindByName('gitrepositories')?.kind, 'GitRepository');
  assert.equal(findKindByName('HelmRelease')?.plural, 'helmreleases');
  assert.equal(findKindByName('imgpol')?.kind, 'ImagePolicy');
  assert.equal(findKindByName('nope'), undefined);
});
