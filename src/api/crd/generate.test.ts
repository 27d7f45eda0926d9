import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kinds } from '../registry.ts';
import { conversionStanza, generateCRD } from './generate.ts';

const helmRelease = kinds.find((k) => k.kind === 'HelmRelease')!;

test('a kind with older versions gets the webhook stanza with a base64 caBundle', () => {
  const pem = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
  const crd = generateCRD(helmRelease.versions, {
    conversion: { service: { namespace: 'flux-system', name: 'tsflux-webhook' }, caBundle: pem },
  });
  assert.deepEqual(crd.spec.conversion, {
    strategy: 'Webhook',
    webhook: {
      conversionReviewVersions: ['v1'],
      clientConfig: {
        service: { namespace: 'flux-system', name: 'tsflux-webhook', path: '/convert', port: 443 },
        caBundle: Buffer.from(pem).toString('base64'),
      },
    },
  });
  assert.deepEqual(
    crd.spec.versions.map((v) => [v.name, v.served, v.storage]),
    [
      ['v2', true, true],
      ['v2beta1', true, false],
      ['v2beta2', true, false],
    ],
  );
  assert.equal(crd.spec.versions[1].deprecated, true);
});

test('a URL target works, and exactly one of service or url is required', () => {
  assert.deepEqual(conversionStanza({ url: 'https://127.0.0.1:9443/convert' }).webhook?.clientConfig, {
    url: 'https://127.0.0.1:9443/convert',
  });
  assert.throws(() => conversionStanza({}), /exactly one of service or url/);
});

test('a single-version kind has no conversion stanza; a CRD needs exactly one storage version', () => {
  const external = kinds.find((k) => k.kind === 'ExternalArtifact')!;
  assert.equal(
    generateCRD(external.versions, { conversion: { url: 'https://x' } }).spec.conversion,
    undefined,
  );
  assert.throws(
    () => generateCRD(helmRelease.versions.filter((v) => !v.storage)),
    /exactly one storage version/,
  );
});

test('flux labels name the owning controller, as flux check expects', () => {
  const byKind = (kind: string) => kinds.find((k) => k.kind === kind)!;
  const labels = (kind: string) =>
    generateCRD(byKind(kind).versions, { fluxLabels: { instance: 'flux-system', version: 'v2.9.0' } })
      .metadata.labels;
  assert.deepEqual(labels('GitRepository'), {
    'app.kubernetes.io/component': 'source-controller',
    'app.kubernetes.io/instance': 'flux-system',
    'app.kubernetes.io/part-of': 'flux',
    'app.kubernetes.io/version': 'v2.9.0',
  });
  assert.equal(labels('ImagePolicy')?.['app.kubernetes.io/component'], 'image-reflector-controller');
  assert.equal(
    labels('ImageUpdateAutomation')?.['app.kubernetes.io/component'],
    'image-automation-controller',
  );
  assert.equal(labels('Receiver')?.['app.kubernetes.io/component'], 'notification-controller');
  assert.equal(labels('HelmRelease')?.['app.kubernetes.io/component'], 'helm-controller');
  assert.equal(generateCRD(byKind('Alert').versions).metadata.labels, undefined);
});

test('without a conversion webhook only the storage version is served', () => {
  const crd = generateCRD(helmRelease.versions);
  assert.deepEqual(
    crd.spec.versions.map((v) => v.name),
    ['v2'],
  );
  assert.equal(crd.spec.conversion, undefined);
});
