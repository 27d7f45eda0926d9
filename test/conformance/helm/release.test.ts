import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { loadChartFromDisk } from '../../../src/cli/commands/helm.ts';
import { toError } from '../../../src/engines/errors/index.ts';
import {
  decodeRelease,
  encodeRelease,
  type ReleaseRecord,
  releaseFromRender,
  releaseFromSecret,
  releaseToSecret,
  renderChart,
} from '../../../src/engines/helm/index.ts';
import { helmBinary } from '../../../src/toolchain/index.ts';
import { LOCAL_CHARTS } from './cases.ts';

// The release record Helm would store, produced offline by the real helm
// (`helm install --dry-run=client -o json`), compared with the record tsflux builds from its own
// render of the same chart. The live round trip through a cluster's Secret is the lead's test.
const run = promisify(execFile);
let helm: string | undefined;
let why: string | undefined;
try {
  helm = await helmBinary();
} catch (e: unknown) {
  why = `the helm oracle is unavailable: ${toError(e).message}`;
}

async function helmRelease(chart: string, set: string[]): Promise<ReleaseRecord> {
  const args = ['install', 'rel', chart, '--dry-run=client', '-o', 'json', '--namespace', 'ns'];
  for (const s of set) args.push('--set', s);
  const { stdout } = await run(helm!, args, { maxBuffer: 1 << 26 });
  return JSON.parse(stdout) as ReleaseRecord;
}

for (const [name, set] of [
  ['legacy-v1', []],
  ['umbrella', ['first.port=8080']],
] as const) {
  test(`release record of ${name} matches helm's`, { skip: helm ? false : why }, async () => {
    const want = await helmRelease(join(LOCAL_CHARTS, name), [...set]);
    const chart = await loadChartFromDisk(join(LOCAL_CHARTS, name));
    const config = set.length ? { first: { port: 8080n } } : {};
    const result = renderChart(chart, { releaseName: 'rel', namespace: 'ns', values: config as never });
    const got = releaseFromRender(result, { name: 'rel', namespace: 'ns', revision: 1, config: {} });
    assert.equal(got.name, want.name);
    assert.equal(got.namespace, want.namespace);
    assert.equal(got.version, want.version);
    assert.equal(got.apply_method, want.apply_method);
    assert.equal(got.manifest, want.manifest);
    assert.equal(got.info?.notes, want.info?.notes);
    assert.deepEqual(got.chart?.metadata, want.chart?.metadata);
    assert.deepEqual(got.chart?.values, JSON.parse(JSON.stringify(want.chart?.values)));
    const files = (r: ReleaseRecord, k: 'templates' | 'files') =>
      r.chart?.[k]?.map((f) => [f.name, f.data]).sort();
    assert.deepEqual(files(got, 'templates'), files(want, 'templates'));
    assert.deepEqual(files(got, 'files'), files(want, 'files'));
    assert.deepEqual(got.hooks, want.hooks);
  });
}

test("helm's own release JSON survives the storage codec unchanged", {
  skip: helm ? false : why,
}, async () => {
  const rel = await helmRelease(join(LOCAL_CHARTS, 'umbrella'), []);
  assert.deepEqual(await decodeRelease(await encodeRelease(rel)), rel);
  const secret = await releaseToSecret(rel);
  assert.equal(secret.metadata.name, 'sh.helm.release.v1.rel.v1');
  assert.equal(secret.metadata.labels.status, 'pending-install');
  assert.deepEqual(await releaseFromSecret(secret), rel);
});
