import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReleaseRecord } from '../../engines/helm/index.ts';
import { actionFor, observeRelease, ReleaseState } from './release-state.ts';
import { configDigest } from './values.ts';

const rel = (
  version: number,
  status: string,
  chartVersion = '1.0.0',
  config?: Record<string, unknown>,
): ReleaseRecord => ({
  name: 'web',
  version,
  info: { status },
  chart: { metadata: { name: 'podinfo', version: chartVersion } },
  ...(config ? { config } : {}),
});
const desired = (chartVersion = '1.0.0', values: Record<string, unknown> = {}) => ({
  chartName: 'podinfo',
  chartVersion,
  configDigest: configDigest(values),
});

test('observe: absent, in sync, out of sync on chart or values, failed, locked', () => {
  assert.equal(observeRelease([], desired()), ReleaseState.Absent);
  assert.equal(observeRelease([rel(1, 'uninstalled')], desired()), ReleaseState.Absent);
  assert.equal(observeRelease([rel(1, 'deployed')], desired()), ReleaseState.InSync);
  assert.equal(observeRelease([rel(1, 'deployed')], desired('1.1.0')), ReleaseState.OutOfSync);
  assert.equal(
    observeRelease([rel(1, 'deployed', '1.0.0', { replicaCount: 2 })], desired('1.0.0', { replicaCount: 3 })),
    ReleaseState.OutOfSync,
  );
  assert.equal(
    observeRelease([rel(1, 'deployed', '1.0.0', { replicaCount: 2 })], desired('1.0.0', { replicaCount: 2 })),
    ReleaseState.InSync,
  );
  assert.equal(observeRelease([rel(1, 'deployed'), rel(2, 'failed')], desired()), ReleaseState.Failed);
  assert.equal(observeRelease([rel(1, 'pending-install')], desired()), ReleaseState.Locked);
});

test('act: install what is absent or never deployed, upgrade the rest, nothing in sync', () => {
  assert.equal(actionFor(ReleaseState.Absent, []), 'install');
  assert.equal(actionFor(ReleaseState.InSync, [rel(1, 'deployed')]), undefined);
  assert.equal(actionFor(ReleaseState.OutOfSync, [rel(1, 'deployed')]), 'upgrade');
  assert.equal(actionFor(ReleaseState.Failed, [rel(1, 'failed')]), 'install');
  assert.equal(actionFor(ReleaseState.Failed, [rel(1, 'superseded'), rel(2, 'failed')]), 'upgrade');
});

test('observe with tests: untested until the latest snapshot has results; failed tests count unless ignored', () => {
  const deployed = [rel(1, 'deployed')];
  const snapshot = (version: number, testHooks?: Record<string, { phase: string }>) => ({
    name: 'web',
    namespace: 'apps',
    version,
    status: 'deployed',
    chartName: 'podinfo',
    chartVersion: '1.0.0',
    configDigest: '',
    firstDeployed: '',
    lastDeployed: '',
    digest: '',
    ...(testHooks ? { testHooks } : {}),
  });
  const tests = (latest: ReturnType<typeof snapshot>, ignoreFailures = false) => ({
    enabled: true,
    latest,
    ignoreFailures,
  });
  assert.equal(observeRelease(deployed, desired(), tests(snapshot(1))), ReleaseState.Untested);
  // results of another revision do not count
  assert.equal(observeRelease(deployed, desired(), tests(snapshot(0, {}))), ReleaseState.Untested);
  assert.equal(observeRelease(deployed, desired(), tests(snapshot(1, {}))), ReleaseState.InSync);
  const failed = snapshot(1, { t: { phase: 'Failed' } });
  assert.equal(observeRelease(deployed, desired(), tests(failed)), ReleaseState.Failed);
  assert.equal(observeRelease(deployed, desired(), tests(failed, true)), ReleaseState.InSync);
  assert.equal(
    observeRelease(deployed, desired(), { enabled: false, latest: snapshot(1), ignoreFailures: false }),
    ReleaseState.InSync,
  );
});
