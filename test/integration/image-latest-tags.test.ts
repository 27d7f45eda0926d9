// `status.lastScanResult.latestTags` as the ImageRepository's image.tsflux.io/latest-tags-*
// annotations ask (beyond Flux: how many, in which order), against the real CNCF distribution
// registry: a policy's order, a count past Flux's 10, a bad value stalling with a clear
// message, and a mended or changed annotation applying at the reconcile asked for next (an
// annotation change alone, like any metadata change, does not reconcile).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LatestTagsAnnotation } from '../../src/api/image/v1/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  imageRef,
  type Obj,
  pushTags,
  readyOf,
  requestReconcile,
  startImageController,
  startRegistry,
  waitReady,
} from '../support/image.ts';

test('latestTags: count and order from annotations; a bad value stalls until mended', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'image-latest');
  const registry = await startRegistry(t);
  const versions = Array.from({ length: 12 }, (_, i) => `v1.${i}.0`);
  await pushTags(registry, 'team/app', [...versions, 'v2.0.0-rc.1', 'latest', '3', '20', '100']);
  await startImageController(t, kube, ns);

  const repository = (name: string, annotations: Record<string, string>) =>
    kube.create(imageRef('imagerepositories', ns), {
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImageRepository',
      metadata: { name, namespace: ns, annotations },
      spec: { image: `${registry.host}/team/app`, interval: '1h' },
    });
  await repository('flux', {});
  await repository('semver', { [LatestTagsAnnotation.Order]: 'semver', [LatestTagsAnnotation.Count]: '13' });
  await repository('numbers', {
    [LatestTagsAnnotation.Order]: 'numerical-asc',
    [LatestTagsAnnotation.Count]: '2',
  });
  await repository('bad', { [LatestTagsAnnotation.Count]: '500' });

  const latest = async (name: string) =>
    (await waitReady(kube, 'imagerepositories', ns, name)).status.lastScanResult.latestTags;
  // Flux's: the 10 greatest in reverse lexical order
  assert.deepEqual(await latest('flux'), [
    'v2.0.0-rc.1',
    'v1.9.0',
    'v1.8.0',
    'v1.7.0',
    'v1.6.0',
    'v1.5.0',
    'v1.4.0',
    'v1.3.0',
    'v1.2.0',
    'v1.11.0',
  ]);
  // highest version first, more than 10, tags that are no version left out
  assert.deepEqual(await latest('semver'), ['v2.0.0-rc.1', ...[...versions].reverse()]);
  assert.deepEqual(await latest('numbers'), ['100', '20']);

  const bad = await eventually(
    async () => {
      const o = await kube.get<Obj>(imageRef('imagerepositories', ns, 'bad'));
      const ready = readyOf(o);
      assert.equal(ready?.status, 'False');
      return ready;
    },
    { timeoutMs: 60_000, what: 'the bad annotation reported' },
  );
  assert.equal(bad.reason, 'InvalidAnnotation');
  assert.equal(
    bad.message,
    "invalid annotation image.tsflux.io/latest-tags-count: '500': must be a whole number from 1 to 100",
  );

  // mending it, and changing another's order, apply at the next reconcile
  await kube.mergePatch(imageRef('imagerepositories', ns, 'bad'), {
    metadata: {
      annotations: { [LatestTagsAnnotation.Count]: '3', [LatestTagsAnnotation.Order]: 'alphabetical-desc' },
    },
  });
  await requestReconcile(kube, imageRef('imagerepositories', ns, 'bad'));
  assert.deepEqual(await latest('bad'), ['100', '20', '3']);
  await kube.mergePatch(imageRef('imagerepositories', ns, 'numbers'), {
    metadata: { annotations: { [LatestTagsAnnotation.Order]: 'numerical-desc' } },
  });
  await requestReconcile(kube, imageRef('imagerepositories', ns, 'numbers'));
  await eventually(async () => assert.deepEqual(await latest('numbers'), ['3', '20']), {
    timeoutMs: 60_000,
    what: 'the new order listed',
  });
});
