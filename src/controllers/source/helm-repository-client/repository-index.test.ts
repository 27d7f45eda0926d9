import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartDownloadUrl, parseRepositoryIndex, resolveChartVersion } from './repository-index.ts';

const INDEX = `apiVersion: v1
entries:
  podinfo:
  - name: podinfo
    version: 6.5.0
    urls: [podinfo-6.5.0.tgz]
    digest: abc
  - name: podinfo
    version: 6.6.0-rc.1
    urls: [https://charts.example/podinfo-6.6.0-rc.1.tgz]
  - name: podinfo
    version: 6.4.1
    urls: [podinfo-6.4.1.tgz]
  - name: podinfo
    version: not-a-version
    urls: [x.tgz]
generated: "2024-01-01T00:00:00Z"
`;

test('an index parses with invalid versions dropped and versions newest first', () => {
  const idx = parseRepositoryIndex(Buffer.from(INDEX));
  assert.deepEqual(
    idx.entries.podinfo.map((v) => v.version),
    ['6.6.0-rc.1', '6.5.0', '6.4.1'],
  );
});

test('versions resolve as Helm does: newest stable by default, pre-releases only when asked', () => {
  const idx = parseRepositoryIndex(Buffer.from(INDEX));
  assert.equal(resolveChartVersion(idx, 'podinfo').version, '6.5.0');
  assert.equal(resolveChartVersion(idx, 'podinfo', '6.4.x').version, '6.4.1');
  assert.equal(resolveChartVersion(idx, 'podinfo', '>=6.6.0-0').version, '6.6.0-rc.1');
  assert.equal(resolveChartVersion(idx, 'podinfo', '6.6.0-rc.1').version, '6.6.0-rc.1');
  assert.throws(
    () => resolveChartVersion(idx, 'podinfo', '>=7'),
    /no 'podinfo' chart with version matching '>=7' found/,
  );
  assert.throws(() => resolveChartVersion(idx, 'nginx'), /^Error: no chart name found$/);
});

test('chart URLs resolve against the repository URL', () => {
  const idx = parseRepositoryIndex(Buffer.from(INDEX));
  assert.equal(
    chartDownloadUrl('http://127.0.0.1:8080/charts', idx.entries.podinfo[1]),
    'http://127.0.0.1:8080/charts/podinfo-6.5.0.tgz',
  );
  assert.equal(
    chartDownloadUrl('http://127.0.0.1:8080/', idx.entries.podinfo[0]),
    'https://charts.example/podinfo-6.6.0-rc.1.tgz',
  );
});

test('malformed, versionless and oversized indexes are refused', () => {
  assert.throws(() => parseRepositoryIndex(Buffer.from('entries: {}\n')), /no API version specified/);
  assert.throws(() => parseRepositoryIndex(Buffer.alloc(0)), /^Error: empty index.yaml file$/);
  assert.throws(
    () => parseRepositoryIndex(Buffer.from('apiVersion: v1\nentries: [\n')),
    /failed to load index/,
  );
  assert.throws(
    () => parseRepositoryIndex(Buffer.from(INDEX), 100),
    /size of index exceeds the maximum of 100 bytes/,
  );
});
