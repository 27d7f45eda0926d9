// The chart source of a HelmRelease serving a bad chart: the HelmChart's status.artifact (written
// by the test, no source controller running) first advertises a digest its bytes do not have,
// then points at a tarball cut off halfway (the faulty front). The manager runs the helm
// controller as a real process behind the API proxy. Each time the HelmRelease must go Ready
// False ArtifactFailed with the reason, install or upgrade nothing (no write to a release Secret
// or to the chart's objects, counted on the proxy), and keep its history; when the good chart is
// served again, the upgrade happens. Both bad charts carry the same revision, which triggers no
// watch event: only the retry of the failed chart load, with a backoff, sees the second one.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { createTarGz } from '../../src/engines/artifact/index.ts';
import { eventually } from '../support/cluster.ts';
import { cmRef, type Obj, ready } from '../support/kustomize-harness.ts';
import { faultSetup } from './support/fault-setup.ts';
import { startFaultyFront } from './support/faulty-front.ts';
import { listenLoopback } from './support/loopback.ts';
import { startManagerProcess } from './support/manager-process.ts';

const chartRef = (ns: string, name?: string) => ({
  group: 'source.toolkit.fluxcd.io',
  version: 'v1',
  resource: 'helmcharts',
  namespace: ns,
  name,
});
const hrRef = (ns: string, name?: string) => ({
  group: 'helm.toolkit.fluxcd.io',
  version: 'v2',
  resource: 'helmreleases',
  namespace: ns,
  name,
});
const secretsRef = (ns: string) => ({ version: 'v1', resource: 'secrets', namespace: ns });

/** A one-template chart `demo` at `version`, whose ConfigMap records the version. */
const chart = (version: string) =>
  createTarGz([
    { path: 'demo/Chart.yaml', data: Buffer.from(`apiVersion: v2\nname: demo\nversion: ${version}\n`) },
    {
      path: 'demo/templates/cm.yaml',
      data: Buffer.from(
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  version: {{ .Chart.Version | quote }}\n',
      ),
    },
  ]);

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

test('chart source serving a digest mismatch or a truncated chart: ArtifactFailed, nothing installed or upgraded, history kept', {
  timeout: 180_000,
}, async (t) => {
  const { kube, ns, proxy } = await faultSetup(t, 'fault-helm');
  // the chart artifacts, served by path, behind the faulty front
  const files = new Map<string, Buffer>();
  const origin = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (body) res.writeHead(200, { 'content-length': String(body.length) }).end(body);
    else res.writeHead(404).end();
  });
  const front = await startFaultyFront(t, `http://127.0.0.1:${await listenLoopback(t, origin)}`);
  /** Serves `data` and writes it as the HelmChart's artifact (creating the HelmChart once). */
  const publish = async (version: string, data: Buffer, digest = sha256(data)) => {
    const path = `/helmchart/${ns}/demo/demo-${version}-${sha256(data).slice(7, 19)}.tgz`;
    files.set(path, data);
    await kube
      .create(chartRef(ns), {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'HelmChart',
        metadata: { name: 'demo', namespace: ns },
        spec: { chart: 'demo', sourceRef: { kind: 'HelmRepository', name: 'none' }, interval: '1h' },
      })
      .catch((e: unknown) => assert.match(String(e), /already exists/));
    await kube.patchStatus(chartRef(ns, 'demo'), {
      status: {
        observedGeneration: 1,
        observedChartName: 'demo',
        artifact: {
          path: path.slice(1),
          url: `${front.url}${path}`,
          revision: version,
          digest,
          size: data.length,
          lastUpdateTime: now(),
        },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Succeeded',
            message: 'packaged',
            lastTransitionTime: now(),
          },
        ],
      },
    });
  };
  await publish('1.0.0', await chart('1.0.0'));
  const m = startManagerProcess(t, { kubeconfig: proxy.kubeconfig, namespace: ns, controllers: 'helm' });
  await kube.create(hrRef(ns), {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'demo', namespace: ns },
    spec: {
      interval: '1h',
      chartRef: { kind: 'HelmChart', name: 'demo' },
      install: { disableWait: true },
      upgrade: { disableWait: true },
    },
  });
  const installed = await eventually(
    async () => {
      const o = await kube.get<Obj>(hrRef(ns, 'demo'));
      assert.equal(ready(o)?.reason, 'InstallSucceeded', JSON.stringify(ready(o)));
      return o;
    },
    { what: 'installed', timeoutMs: 60_000 },
  );
  /** The release Secrets, by name, with their resourceVersions. */
  const releases = async () =>
    (await kube.list<Obj>(secretsRef(ns))).items
      .filter((s) => s.metadata?.name?.startsWith('sh.helm.release.v1.demo.'))
      .map((s) => `${s.metadata?.name}@${s.metadata?.resourceVersion}`)
      .sort();
  const releasesBefore = await releases();
  assert.equal(releasesBefore.length, 1);
  const cmBefore = (await kube.get<Obj>(cmRef(ns, 'demo'))).metadata?.resourceVersion;
  /** Writes to release Secrets or to the chart's ConfigMap (anything but a dry run). */
  const writes = () =>
    proxy.seen.filter(
      (r) =>
        (r.path.startsWith(`/api/v1/namespaces/${ns}/secrets`) ||
          r.path.startsWith(`/api/v1/namespaces/${ns}/configmaps`)) &&
        r.method !== 'GET' &&
        !r.query.has('dryRun'),
    ).length;
  const writesBefore = writes();

  const good = await chart('1.0.1');
  const cases: [string, () => Promise<void>, RegExp][] = [
    [
      'digest mismatch',
      () => publish('1.0.1', good, `sha256:${'0'.repeat(64)}`),
      /computed digest doesn't match/,
    ],
    [
      'truncated tarball',
      async () => {
        front.mode = 'truncate';
        await publish('1.0.1', good);
      },
      /^failed to download artifact from http:\/\/[^ ]+\.tgz: (terminated|unexpected EOF)$/,
    ],
  ];
  for (const [what, fault, message] of cases) {
    const started = Date.now();
    await fault();
    const failed = await eventually(
      async () => {
        const o = await kube.get<Obj>(hrRef(ns, 'demo'));
        assert.equal(ready(o)?.status, 'False', `${what}: ${JSON.stringify(ready(o))}`);
        assert.equal(ready(o)?.reason, 'ArtifactFailed');
        assert.match(ready(o)?.message, message);
        return o;
      },
      { what: `ArtifactFailed (${what})`, timeoutMs: 60_000 },
    );
    t.diagnostic(`${what}: ${ready(failed)?.message} (${Date.now() - started} ms)`);
    assert.deepEqual(failed.status.history, installed.status.history, `${what}: the history changed`);
    assert.equal(failed.status.lastAttemptedRevision, installed.status.lastAttemptedRevision);
    assert.deepEqual(await releases(), releasesBefore, `${what}: a release Secret changed`);
    assert.equal((await kube.get<Obj>(cmRef(ns, 'demo'))).metadata?.resourceVersion, cmBefore);
    assert.equal(writes(), writesBefore, `${what}: a write reached the API server`);
  }

  // the good chart is served again: upgraded to 1.0.1, release 2
  front.mode = 'pass';
  await publish('1.0.1', good);
  await eventually(
    async () => {
      const o = await kube.get<Obj>(hrRef(ns, 'demo'));
      assert.equal(ready(o)?.reason, 'UpgradeSucceeded', JSON.stringify(ready(o)));
      assert.equal(o.status.history.length, 2);
    },
    { what: 'upgraded after recovery', timeoutMs: 60_000 },
  );
  assert.equal((await kube.get<Obj>(cmRef(ns, 'demo'))).data.version, '1.0.1');
  assert.equal((await releases()).length, 2);
  assert.equal(m.child.exitCode, null, `the manager exited: ${m.stderr().slice(-2000)}`);
});
