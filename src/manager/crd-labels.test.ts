// Flux's labels must survive the manager's re-apply of the CRDs: it uses `tsflux install`'s field
// manager, so server-side apply removes any label that the second apply leaves out, and then
// `flux check`, `flux version` and `flux uninstall` no longer find tsflux's CRDs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeClient, KubeObject } from '../runtime/kube/index.ts';
import { applyCrdsWithConversion } from './conversion-webhook.ts';
import { installManifests } from './install-manifests.ts';
import { TSFLUX_VERSION } from './version.ts';

/** A client that records server-side applies and reports every CRD Established. */
function recordingClient(): { kube: KubeClient; applied: KubeObject[] } {
  const applied: KubeObject[] = [];
  const kube = {
    apply: async (_ref: unknown, o: KubeObject) => {
      applied.push(o);
      return o;
    },
    get: async () => ({ status: { conditions: [{ type: 'Established', status: 'True' }] } }),
  } as unknown as KubeClient;
  return { kube, applied };
}

test('the conversion re-apply keeps the labels `tsflux install` gave every CRD', async () => {
  const { kube, applied } = recordingClient();
  await applyCrdsWithConversion(
    kube,
    { url: 'https://127.0.0.1:9443' },
    { caBundle: 'ca', namespace: 'flux-system' },
  );
  const installed = new Map(
    installManifests()
      .filter((o) => o.kind === 'CustomResourceDefinition')
      .map((o) => [o.metadata?.name, o.metadata?.labels]),
  );
  assert.equal(applied.length, installed.size);
  for (const crd of applied) {
    assert.deepEqual(crd.metadata?.labels, installed.get(crd.metadata?.name), String(crd.metadata?.name));
    assert.equal(crd.metadata?.labels?.['app.kubernetes.io/part-of'], 'flux');
  }
});

test('the CRDs carry the instance they were applied for', async () => {
  const { kube, applied } = recordingClient();
  await applyCrdsWithConversion(
    kube,
    { service: { name: 'tsflux-webhook', namespace: 'gitops' } },
    { caBundle: 'ca', namespace: 'gitops' },
  );
  assert.ok(applied.every((c) => c.metadata?.labels?.['app.kubernetes.io/instance'] === 'gitops'));
});

test('the Deployment has Flux labels and an image tagged with the real version', () => {
  const deployment = installManifests().find((o) => o.kind === 'Deployment') as KubeObject & {
    spec: { template: { spec: { containers: { image: string }[] } } };
  };
  assert.deepEqual(deployment.metadata?.labels, {
    'app.kubernetes.io/instance': 'flux-system',
    'app.kubernetes.io/part-of': 'flux',
    'app.kubernetes.io/version': `v${TSFLUX_VERSION}`,
    'app.kubernetes.io/managed-by': 'tsflux',
    'app.kubernetes.io/component': 'controller',
  });
  assert.equal(deployment.spec.template.spec.containers[0].image, `tsflux:v${TSFLUX_VERSION}`);
});
