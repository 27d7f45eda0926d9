import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { createTarGz, readTarGz } from '../../../engines/artifact/index.ts';
import { layerToArtifact } from './layer-content.ts';
import { contentConfigChanged, type OCIRepositoryObject } from './object.ts';

const file = (path: string, text = path) => ({ path, data: Buffer.from(text) });

/** A tar with one raw header: lets a test build entries the writer would never produce. */
function rawTar(name: string, type: string, linkTarget = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write('00000000000\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write(linkTarget, 157);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return gzipSync(Buffer.concat([h, Buffer.alloc(1024)]));
}

test('extract applies default exclusions, .sourceignore and spec.ignore, then repacks deterministically', async () => {
  const layer = await createTarGz([
    file('deploy/app.yaml'),
    file('deploy/secret.enc.yaml'),
    file('.github/workflows/ci.yaml'),
    file('docs/readme.md'),
    file('deploy/.sourceignore', '*.enc.yaml\n'),
  ]);
  const out = await layerToArtifact(layer, { operation: 'extract', ignore: 'docs/\n' });
  const paths = (await readTarGz(out)).map((e) => e.path);
  assert.deepEqual(paths, ['deploy/.sourceignore', 'deploy/app.yaml']);
  assert.deepEqual(await layerToArtifact(layer, { operation: 'extract', ignore: 'docs/\n' }), out);
});

test('copy stores the layer bytes untouched', async () => {
  const layer = Buffer.from('not even a tarball');
  assert.equal(await layerToArtifact(layer, { operation: 'copy' }), layer);
});

test('hostile layers are refused with the reason', async () => {
  await assert.rejects(
    () => layerToArtifact(rawTar('../escape.yaml', '0'), { operation: 'extract' }),
    /'\.\.'/,
  );
  await assert.rejects(
    () => layerToArtifact(rawTar('/etc/passwd', '0'), { operation: 'extract' }),
    /absolute path/,
  );
  await assert.rejects(
    () => layerToArtifact(rawTar('link', '2', '../../etc'), { operation: 'extract' }),
    /symlink.*outside the root/,
  );
  const big = await createTarGz([{ path: 'big.bin', data: Buffer.alloc(2048) }]);
  await assert.rejects(
    () => layerToArtifact(big, { operation: 'extract', maxBytes: 1024 }),
    /over the limit of 1024/,
  );
  await assert.rejects(
    () => layerToArtifact(Buffer.from('plain'), { operation: 'extract' }),
    /not valid gzip/,
  );
});

test('a changed ignore or layer selector invalidates the stored artifact', async () => {
  const obj = (spec: object, status: object) =>
    ({ spec: { interval: '1m', url: 'oci://r/app', ...spec }, status }) as unknown as OCIRepositoryObject;
  assert.equal(contentConfigChanged(obj({}, {})), false);
  assert.equal(contentConfigChanged(obj({ ignore: 'a' }, {})), true);
  assert.equal(contentConfigChanged(obj({ ignore: 'a' }, { observedIgnore: 'a' })), false);
  assert.equal(contentConfigChanged(obj({ layerSelector: {} }, {})), true);
  assert.equal(
    contentConfigChanged(
      obj({ layerSelector: { operation: 'copy' } }, { observedLayerSelector: { operation: 'copy' } }),
    ),
    false,
  );
  assert.equal(
    contentConfigChanged(
      obj({ layerSelector: { operation: 'copy' } }, { observedLayerSelector: { operation: 'extract' } }),
    ),
    true,
  );
});
