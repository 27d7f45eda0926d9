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
