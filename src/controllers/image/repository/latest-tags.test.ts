import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StallingError } from '../../../runtime/reconcile/index.ts';
import type { ImageRepositoryObject } from '../env.ts';
import { latestTags, latestTagsOptions } from './latest-tags.ts';

const tags = ['v1.9.0', 'v1.10.0', '1.10.0', 'latest', '3', '20', '1e2', 'v2.0.0-rc.1', 'b', 'a'];
const annotated = (annotations: Record<string, string>) =>
  ({ metadata: { annotations }, spec: {} }) as unknown as ImageRepositoryObject;
const listed = (annotations: Record<string, string>) =>
  latestTags(tags, latestTagsOptions(annotated(annotations)));

test("without annotations latestTags is Flux's: the 10 greatest, reverse lexical", () => {
  assert.deepEqual(latestTagsOptions(annotated({})), { count: 10, order: 'scan' });
  const many = Array.from({ length: 12 }, (_, i) => `t${String(i).padStart(2, '0')}`);
  assert.deepEqual(latestTags(many), [...many].reverse().slice(0, 10));
});

test('each order lists first what a policy of that order picks, then the next', () => {
  const order = (o: string) =>
    listed({ 'image.tsflux.io/latest-tags-order': o, 'image.tsflux.io/latest-tags-count': '100' });
  // equal versions (v1.10.0, 1.10.0) by reverse lexical tag; non-versions left out
  assert.deepEqual(order('semver'), ['v2.0.0-rc.1', 'v1.10.0', '1.10.0', 'v1.9.0']);
  assert.deepEqual(order('numerical-asc'), ['1e2', '20', '3']);
  assert.deepEqual(order('numerical-desc'), ['3', '20', '1e2']);
  assert.deepEqual(order('alphabetical-asc'), order('scan'));
  assert.deepEqual(order('alphabetical-desc'), [...order('scan')].reverse());
  assert.deepEqual(listed({ 'image.tsflux.io/latest-tags-count': '2' }), ['v2.0.0-rc.1', 'v1.9.0']);
});

test('a count or order that cannot be used stalls with the annotation, the value and what is allowed', () => {
  const refused = (annotations: Record<string, string>, message: string) =>
    assert.throws(
      () => latestTagsOptions(annotated(annotations)),
      (e: unknown) => e instanceof StallingError && e.reason === 'InvalidAnnotation' && e.message === message,
    );
  for (const bad of ['0', '101', '-1', '2.5', 'ten', ''])
    refused(
      { 'image.tsflux.io/latest-tags-count': bad },
      `invalid annotation image.tsflux.io/latest-tags-count: '${bad}': must be a whole number from 1 to 100`,
    );
  refused(
    { 'image.tsflux.io/latest-tags-order': 'newest' },
    "invalid annotation image.tsflux.io/latest-tags-order: 'newest': must be one of scan, semver, alphabetical-asc, alphabetical-desc, numerical-asc, numerical-desc",
  );
  assert.deepEqual(latestTagsOptions(annotated({ 'image.tsflux.io/latest-tags-count': '100' })).count, 100);
});
