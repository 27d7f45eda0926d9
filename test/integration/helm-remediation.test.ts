// The helm controller's state machine beyond install and upgrade, on the workload cluster, with a
// small chart of its own (a Deployment the API server rejects with a negative replica count, and
// a test hook Job): a forced upgrade of an in-sync release; a failed upgrade rolled back, then
// retries exhausted and Stalled, a reset request trying again, a fixed spec recovering; a failed
// install uninstalled then Stalled; RetryOnFailure retrying without remediation; test hooks that
// pass, fail (the test writes the Job's failed status, as kwok runs no test) and are ignored.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import type { KubeClient } from '../../src/runtime/kube/index.ts';
import { eventually, testWorkloadClient } from '../support/cluster.ts';
import {
  chartRelease,
  condition,
  deployRef,
  helm,
  hrRef,
  type Obj,
  waitReady,
  withChartRepository,
} from '../support/helm-release-harness.ts';
import { eventsOf } from '../support/source-controller.ts';

const CHART_FILES: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.0.0\nappVersion: "1.0"\n',
  'values.yaml': 'replicaCount: 1\ntest:\n  enabled: false\n  fail: false\n',
  'templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector: {matchLabels: {app: {{ .Release.Name }}}}
  template:
    metadata: {labels: {app: {{ .Release.Name }}}}
    spec:
      containers: [{name: app, image: "registry.example/demo:1.0"}]
`,
  // a failing test never gets a node: the test marks its Job failed itself
  'templates/tests/test.yaml': `{{- if .Values.test.enabled }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-test
  annotations:
    "helm.sh/hook": test
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      {{- if .Values.test.fail }}
      nodeSelector: {demo.tsflux.io/nowhere: "true"}
      {{- end }}
      containers: [{name: test, image: "registry.example/demo-test:1.0"}]
{{- end }}
`,
};

/** The demo chart in a temp dir, removed when the test ends. */
function demoChart(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'demo-chart-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(CHART_FILES)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const demoRelease = (ns: string, name: string, spec: Record<string, unknown> = {}): Obj =>
  chartRelease(ns, name, { chart: 'demo', version: '*' }, spec);

async function setup(t: TestContext, prefix: string) {
  return withChartRepository(t, prefix, { charts: [demoChart(t)], kube: testWorkloadClient(t) });
}

// requestedAt with the same token as the request annotation, as `flux reconcile --force/--reset`
const request = (kube: KubeClient, ns: string, name: string, annotation: string, token: string) =>
  kube.mergePatch(hrRef(ns, name), {
    metadata: { annotations: { [annotation]: token, 'reconcile.fluxcd.io/requestedAt': token } },
  });

const helmHistory = async (t: TestContext, ns: string, name: string) =>
  (JSON.parse(await helm(t, ['history', name, '-n', ns, '-o', 'json'])) as any[]).map((r) => [
    r.revision,
    r.status,
    r.description,
  ]);

const waitStalled = (kube: KubeClient, ns: string, name: string, message: string) =>
  eventually(
    async () => {
      const o = await kube.get<Obj>(hrRef(ns, name));
      assert.equal(condition(o, 'Stalled')?.status, 'True', JSON.stringify(o.status?.conditions));
      assert.equal(condition(o, 'Stalled')?.reason, 'RetriesExceeded');
      assert.equal(condition(o, 'Stalled')?.message, message);
      return o;
    },
    { timeoutMs: 90_000, what: `${name} Stalled: ${message}` },
  );

test('forceAt re-upgrades an in-sync release; a failed upgrade is rolled back until retries run out; resetAt tries again', {
  timeout: 300_000,
}, async (t) => {
  const { kube, ns } = await setup(t, 'hrrollback');
  await kube.create(hrRef(ns), demoRelease(ns, 'demo', { upgrade: { remediation: { retries: 1 } } }));
  await waitReady(kube, ns, 'demo', 'True', 'InstallSucceeded');

  // in sync, forced: a one-off upgrade, the token recorded
  await request(kube, ns, 'demo', 'reconcile.fluxcd.io/forceAt', 'force-1');
  const forced = await eventually(
    async () => {
      const o = await kube.get<Obj>(hrRef(ns, 'demo'));
      assert.equal(o.status?.lastHandledForceAt, 'force-1');
      assert.equal(
        condition(o, 'Ready')?.message,
        `Helm upgrade succeeded for release ${ns}/demo.v2 with chart demo@1.0.0`,
      );
      return o;
    },
    { timeoutMs: 60_000, what: 'forced upgrade' },
  );
  assert.deepEqual(
    forced.status.history.map((h: any) => [h.version, h.status, h.action]),
    [
      [2, 'deployed', 'upgrade'],
      [1, 'superseded', 'install'],
    ],
  );

  // an upgrade the API server rejects: rolled back to v2, tried once more (retries: 1), rolled
  // back again as the last failure (remediateLastFailure follows retries > 0), then Stalled
  await kube.mergePatch(hrRef(ns, 'demo'), { spec: { values: { replicaCount: -1 } } });
  const stalled = await waitStalled(kube, ns, 'demo', 'Failed to upgrade after 2 attempt(s)');
  const remediated = condition(stalled, 'Remediated');
  assert.equal(remediated?.status, 'True');
  assert.equal(remediated?.reason, 'RollbackSucceeded');
  assert.equal(
    remediated?.message,
    `Helm rollback to previous release ${ns}/demo.v4 with chart demo@1.0.0 succeeded`,
  );
  assert.equal(condition(stalled, 'Ready')?.status, 'False');
  assert.equal(condition(stalled, 'Ready')?.reason, 'RollbackSucceeded');
  assert.equal(condition(stalled, 'Released')?.reason, 'UpgradeFailed');
  assert.equal(stalled.status.upgradeFailures, 2);
  assert.equal(stalled.status.failures, 2);
  assert.equal(stalled.status.lastAttemptedReleaseAction, 'upgrade');
  assert.deepEqual(
    stalled.status.history.map((h: any) => [h.version, h.status, h.action]),
    [
      [6, 'deployed', 'rollback'],
      [5, 'failed', 'upgrade'],
      [4, 'superseded', 'rollback'],
    ],
  );
  const history = await helmHistory(t, ns, 'demo');
  assert.deepEqual(
    history.map(([rev, status, description]) => [
      rev,
      status,
      /^Upgrade "demo" failed: /.test(description) ? 'failed upgrade' : description,
    ]),
    [
      [2, 'superseded', 'Upgrade complete'],
      [3, 'failed', 'failed upgrade'],
      [4, 'superseded', 'Rollback to 2'],
      [5, 'failed', 'failed upgrade'],
      [6, 'deployed', 'Rollback to 4'],
    ],
  );
  assert.equal((await kube.get<Obj>(deployRef(ns, 'demo'))).spec.replicas, 1, 'the rolled-back replicas');
  const events = await eventsOf(kube, ns, 'demo');
  assert.ok(
    events.includes(
      `Normal RollbackSucceeded: Helm rollback to previous release ${ns}/demo.v2 with chart demo@1.0.0 succeeded`,
    ),
    events.join('\n'),
  );
  assert.ok(
    events.some((e) => e.startsWith(`Warning UpgradeFailed: Helm upgrade failed for release ${ns}/demo`)),
  );

  // a reset request: the counts start again, two more attempts, each rolled back
  await request(kube, ns, 'demo', 'reconcile.fluxcd.io/resetAt', 'reset-1');
  await eventually(
    async () => {
      const o = await kube.get<Obj>(hrRef(ns, 'demo'));
      assert.equal(o.status?.lastHandledResetAt, 'reset-1');
      assert.equal(o.status?.history?.[0]?.version, 10);
      assert.equal(condition(o, 'Stalled')?.message, 'Failed to upgrade after 2 attempt(s)');
    },
    { timeoutMs: 90_000, what: 'retried after the reset' },
  );
  assert.deepEqual((await helmHistory(t, ns, 'demo')).at(-1), [10, 'deployed', 'Rollback to 8']);

  // a spec that works: a new attempt, Remediated and Stalled gone
  await kube.mergePatch(hrRef(ns, 'demo'), { spec: { values: { replicaCount: 2 } } });
  const fixed = await waitReady(kube, ns, 'demo', 'True', 'UpgradeSucceeded');
  assert.equal(condition(fixed, 'Remediated'), undefined);
  assert.equal(condition(fixed, 'Stalled'), undefined);
  assert.equal(fixed.status.upgradeFailures, undefined);
  assert.equal((await kube.get<Obj>(deployRef(ns, 'demo'))).spec.replicas, 2);
});

test('a failed install is uninstalled and tried again until Stalled; RetryOnFailure retries without remediation', {
  timeout: 240_000,
}, async (t) => {
  const { kube, ns } = await setup(t, 'hruninstall');
  await kube.create(
    hrRef(ns),
    demoRelease(ns, 'bad', { install: { remediation: { retries: 1 } }, values: { replicaCount: -1 } }),
  );
  await kube.create(
    hrRef(ns),
    demoRelease(ns, 'retry', {
      install: { strategy: { name: 'RetryOnFailure', retryInterval: '1s' } },
      values: { replicaCount: -1 },
    }),
  );

  const stalled = await waitStalled(kube, ns, 'bad', 'Failed to install after 2 attempt(s)');
  assert.equal(condition(stalled, 'Remediated')?.reason, 'UninstallSucceeded');
  assert.equal(
    condition(stalled, 'Remediated')?.message,
    `Helm uninstall remediation for release ${ns}/bad.v1 with chart demo@1.0.0 succeeded`,
  );
  assert.equal(condition(stalled, 'Released')?.reason, 'InstallFailed');
  assert.equal(condition(stalled, 'Ready')?.status, 'False');
  assert.equal(stalled.status.installFailures, 2);
  // the first failed revision went with the uninstall; the last failure is kept to debug
  assert.deepEqual(
    (await helmHistory(t, ns, 'bad')).map(([rev, status]) => [rev, status]),
    [[1, 'failed']],
  );
  const events = await eventsOf(kube, ns, 'bad');
  assert.ok(
    events.includes(
      `Normal UninstallSucceeded: Helm uninstall remediation for release ${ns}/bad.v1 with chart demo@1.0.0 succeeded`,
    ),
    events.join('\n'),
  );

  // RetryOnFailure: the install is tried again and again, never remediated nor stalled
  const retrying = await eventually(
    async () => {
      const o = await kube.get<Obj>(hrRef(ns, 'retry'));
      assert.ok((o.status?.installFailures ?? 0) >= 3, `installFailures: ${o.status?.installFailures}`);
      return o;
    },
    { timeoutMs: 60_000, what: 'install retried' },
  );
  assert.equal(condition(retrying, 'Remediated'), undefined);
  assert.equal(condition(retrying, 'Stalled'), undefined);
  assert.equal(condition(retrying, 'Ready')?.reason, 'InstallFailed');
  await kube.mergePatch(hrRef(ns, 'retry'), { spec: { values: { replicaCount: 1 } } });
  await waitReady(kube, ns, 'retry', 'True', 'InstallSucceeded');
});

test('test hooks: a passing test, a failing one (Ready False, Stalled), then its failures ignored', {
  timeout: 240_000,
}, async (t) => {
  const { kube, ns } = await setup(t, 'hrtest');
  await kube.create(
    hrRef(ns),
    demoRelease(ns, 'tested', {
      test: { enable: true, timeout: '90s' },
      values: { test: { enabled: true } },
    }),
  );
  const passed = await waitReady(kube, ns, 'tested', 'True', 'TestSucceeded');
  const message = `Helm test succeeded for release ${ns}/tested.v1 with chart demo@1.0.0: 1 test hook completed successfully`;
  assert.equal(condition(passed, 'TestSuccess')?.message, message);
  assert.equal(condition(passed, 'Ready')?.message, message);
  assert.equal(condition(passed, 'Released')?.reason, 'InstallSucceeded');
  assert.equal(passed.status.history[0].testHooks['tested-test'].phase, 'Succeeded');
  assert.ok(passed.status.history[0].testHooks['tested-test'].lastCompleted);
  const status = JSON.parse(await helm(t, ['status', 'tested', '-n', ns, '-o', 'json']));
  assert.equal(status.hooks.find((h: any) => h.name === 'tested-test')?.last_run?.phase, 'Succeeded');

  // a test that fails: the upgrade is released, its test fails, counted against the upgrade
  // (no retries): Stalled, Ready the test's failure
  await kube.mergePatch(hrRef(ns, 'tested'), { spec: { values: { test: { enabled: true, fail: true } } } });
  const jobRef = { group: 'batch', version: 'v1', resource: 'jobs', namespace: ns, name: 'tested-test' };
  // the Job controller started it (its pod waits for a node that never comes): it fails now
  await eventually(
    async () => {
      const job = await kube.get<Obj>(jobRef);
      assert.ok(job.spec.template.spec.nodeSelector, 'the failing test Job');
      assert.ok(job.status?.startTime, 'started');
    },
    { timeoutMs: 60_000, what: 'failing test Job started' },
  );
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const failedCondition = (type: string) => ({
    type,
    status: 'True',
    reason: 'BackoffLimitExceeded',
    message: 'Job has reached the specified backoff limit',
    lastProbeTime: now,
    lastTransitionTime: now,
  });
  await kube.patchStatus(jobRef, {
    status: {
      active: 0,
      failed: 1,
      conditions: [failedCondition('FailureTarget'), failedCondition('Failed')],
    },
  });
  const failed = await waitStalled(kube, ns, 'tested', 'Failed to upgrade after 1 attempt(s)');
  assert.equal(condition(failed, 'TestSuccess')?.status, 'False');
  assert.equal(condition(failed, 'TestSuccess')?.reason, 'TestFailed');
  assert.match(
    condition(failed, 'TestSuccess')?.message ?? '',
    new RegExp(`^Helm test failed for release ${ns}/tested\\.v2 with chart demo@1\\.0\\.0: `),
  );
  assert.equal(condition(failed, 'Ready')?.reason, 'TestFailed');
  assert.equal(condition(failed, 'Released')?.reason, 'UpgradeSucceeded');
  assert.equal(failed.status.upgradeFailures, 1);
  assert.equal(failed.status.history[0].testHooks['tested-test'].phase, 'Failed');
  const events = await eventsOf(kube, ns, 'tested');
  assert.ok(
    events.some((e) => e.startsWith('Warning TestFailed: Helm test failed for release')),
    events.join('\n'),
  );

  // failures ignored: the same release is Ready, TestSuccess keeps saying what happened
  await kube.mergePatch(hrRef(ns, 'tested'), { spec: { test: { ignoreFailures: true } } });
  const ignored = await waitReady(kube, ns, 'tested', 'True', 'UpgradeSucceeded');
  assert.equal(condition(ignored, 'TestSuccess')?.status, 'False');
  assert.equal(ignored.status.history[0].version, 2);
});
