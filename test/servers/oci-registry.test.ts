import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FLUX_ARTIFACT_MEDIA_TYPES, getManifest, pushArtifact, rawRequest } from './oci-client.ts';
import { startOciRegistry } from './oci-registry.ts';

const layer = { mediaType: FLUX_ARTIFACT_MEDIA_TYPES.content, data: Buffer.from('not really a tarball') };

describe('OCI registry (CNCF distribution)', () => {
  test('stores and serves an artifact without auth', async (t) => {
    const registry = await startOciRegistry();
    t.after(() => registry.stop());
    const ping = await rawRequest('GET', `${registry.url}/v2/`);
    assert.equal(ping.status, 200);
    assert.equal(ping.headers['docker-distribution-api-version'], 'registry/2.0');
    const digest = await pushArtifact(registry.url, 'flux/manifests', 'v1', {
      layers: [layer],
      annotations: { 'org.opencontainers.image.revision': 'main@sha1:abc' },
    });
    const got = await getManifest(registry.url, 'flux/manifests', 'v1');
    assert.equal(got.digest, digest);
    assert.equal(got.manifest.layers[0].mediaType, FLUX_ARTIFACT_MEDIA_TYPES.content);
    assert.equal(got.manifest.annotations['org.opencontainers.image.revision'], 'main@sha1:abc');
    const tags = await rawRequest('GET', `${registry.url}/v2/flux/manifests/tags/list`);
    assert.deepEqual(JSON.parse(tags.body.toString()).tags, ['v1']);
  });

  test('demands htpasswd basic auth', async (t) => {
    const registry = await startOciRegistry({ basicAuth: { username: 'flux', password: 'pw' } });
    t.after(() => registry.stop());
    const anonymous = await rawRequest('GET', `${registry.url}/v2/`);
    assert.equal(anonymous.status, 401);
    assert.match(String(anonymous.headers['www-authenticate']), /^Basic realm=/);
    await assert.rejects(
      pushArtifact(registry.url, 'app', 'v1', { layers: [layer] }, { username: 'flux', password: 'no' }),
      /401/,
    );
    await pushArtifact(registry.url, 'app', 'v1', { layers: [layer] }, { username: 'flux', password: 'pw' });
    const got = await getManifest(registry.url, 'app', 'v1', { username: 'flux', password: 'pw' });
    assert.equal(got.manifest.layers.length, 1);
  });

  test('demands bearer tokens from the token server', async (t) => {
    const registry = await startOciRegistry({ tokenAuth: { users: { flux: 'pw' }, anonymousPull: true } });
    t.after(() => registry.stop());
    const anonymous = await rawRequest('GET', `${registry.url}/v2/`);
    assert.equal(anonymous.status, 401);
    const challenge = String(anonymous.headers['www-authenticate']);
    assert.ok(challenge.startsWith(`Bearer realm="${registry.tokenServer!.realm}"`), challenge);

    const creds = { username: 'flux', password: 'pw' };
    await assert.rejects(pushArtifact(registry.url, 'team/app', 'v1', { layers: [layer] }), /401/);
    await pushArtifact(registry.url, 'team/app', 'v1', { layers: [layer] }, creds);
    // anonymous pull is granted by the token server, and the registry accepts its token
    const got = await getManifest(registry.url, 'team/app', 'v1');
    assert.equal(got.manifest.layers[0].size, layer.data.length);
    const grants = registry.tokenServer!.grants;
    assert.ok(
      grants.some((g) => g.account === 'flux' && g.granted.includes('repository:team/app:pull,push')),
    );
    assert.ok(grants.some((g) => g.account === undefined && g.granted.includes('repository:team/app:pull')));
    await assert.rejects(
      getManifest(registry.url, 'team/app', 'v1', { username: 'flux', password: 'wrong' }),
      /401/,
    );
  });

  test('serves HTTPS and can require a client certificate', async (t) => {
    const registry = await startOciRegistry({ tls: { requireClientCertificate: true } });
    t.after(() => registry.stop());
    assert.match(registry.url, /^https:/);
    const tls = registry.tls!;
    await assert.rejects(rawRequest('GET', `${registry.url}/v2/`), /self[- ]signed|certificate/i);
    await assert.rejects(rawRequest('GET', `${registry.url}/v2/`, { ca: tls.ca }));
    const identity = { ca: tls.ca, cert: tls.client.cert, key: tls.client.key };
    await pushArtifact(registry.url, 'secure', 'v1', { layers: [layer] }, identity);
    assert.equal((await getManifest(registry.url, 'secure', 'v1', identity)).manifest.schemaVersion, 2);
  });
});
