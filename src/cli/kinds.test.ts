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
