import { HelmReleaseCondition, HelmReleaseReason } from '../../api/helm/v2/index.ts';
import { ConditionReason, ConditionType, formatDuration, parseDuration } from '../../api/meta/index.ts';
import type { Chart, ReleaseRecord, Values } from '../../engines/helm/index.ts';
import * as conditions from '../../runtime/conditions/index.ts';
import { TransientError, toError, WaitingError } from '../../runtime/reconcile/index.ts';
import { ResourceManager } from '../../runtime/ssa/index.ts';
import { clusterCapabilities } from './capabilities.ts';
import { checkDrift } from './drift.ts';
import { FieldManager, type HelmEnv, HelmOwnerLabels, type HelmReleaseObject } from './env.ts';
import {
  previousSnapshot,
  recordSnapshot,
  releaseFullName,
  snapshotOf,
  truncateHistory,
  versionedChartName,
} from './history.ts';
import { releaseName, releaseNamespace, storageNamespace, timeoutMs } from './names.ts';
import { type ReadySummary, summarizeRelease } from './ready-summary.ts';
import { ActionError, performAction } from './release-action.ts';
import { releaseFailed, releaseSucceeded, remediationDone, testsDone } from './release-outcomes.ts';
import {
  type ActionKind,
  activeRemediation,
  failureCount,
  ignoresTestFailures,
  kindOf,
  type NextAction,
  planNext,
  retriesExhausted,
  retryIntervalMs,
} from './release-plan.ts';
import { latestRelease, observeRelease, type ReleaseAction, ReleaseState } from './release-state.ts';
import { shouldHandleForce } from './requests.ts';
import { performRollback } from './rollback.ts';
import { renderSpecChanged } from './spec-digests.ts';
import { ReleaseStorage } from './storage.ts';
import { runTests } from './test-action.ts';
import { desiredTarget, installedTarget, sameTarget, uninstallRelease } from './uninstall.ts';

/** What the release step needs from the run. */
export interface ReleaseRun {
  env: HelmEnv;
  signal: AbortSignal;
  report(): Promise<void>;
  chart: Chart;
  values: Values;
  configDigest: string;
}

/** What the release step leaves for the exit. */
export interface ReleaseDone {
  /** Ready True, as the release conditions summarize it (its reason and message). */
  ready?: { reason: string; message: string };
  /** Retries exhausted: Ready and Stalled as the step left them. */
  keepReady?: boolean;
}

/**
 * The release is not Ready after this run's actions (a failure that was remediated, or is
 * retried by `RetryOnFailure`): Ready False with the summarized reason and message, looked at
 * again after `requeueAfterMs`. Its events were recorded as the actions ran.
 */
export class ReleaseNotReady extends WaitingError {}

/**
 * An install or upgrade that failed before storing a revision (the chart did not render, the
 * storage refused it): retried at the next interval; its Warning event was recorded already.
 */
export class ReleaseActionFailed extends TransientError {}

// after a remediation with retries left, Flux requeues at once: the next attempt starts fresh
const RemediatedRequeueMs = 1_000;

// what the actions of one run share
interface Step {
  obj: HelmReleaseObject;
  run: ReleaseRun;
  storage: ReleaseStorage;
  name: string;
  manager: ResourceManager;
}

// the conditions helpers take any object with conditions; a HelmRelease is one
const c = (obj: HelmReleaseObject) => obj as Parameters<typeof conditions.get>[0];

/**
 * The release, observed then acted on in a loop, as Flux's state machine: the stored history
 * and the latest snapshot tell the state (absent, locked in `pending-*`, failed, out of sync,
 * untested, in sync), after the release of a previous target (another name or namespace) is
 * uninstalled; {@link planNext} picks the action (install, upgrade, test, rollback or uninstall
 * remediation, unlock; `forceAt` forces an install or upgrade once), which runs and records its
 * outcome (conditions Released, TestSuccess, Remediated, `status.history`, failure counts, the
 * events); then the state is observed again. Each kind of action runs once a run, and a
 * remediation ends it. Ready is the release conditions summarized (see {@link summarizeRelease}):
 * True ends the run as a success; False is retried soon after a remediation, after
 * `retryInterval` under `RetryOnFailure`. Retries exhausted: Stalled `RetriesExceeded` "Failed to
 * install after N attempt(s)", Ready left as the failure, until the chart, the values, the spec
 * or a `resetAt` request resets the counts. Drift detection is not part of it yet.
 */
export async function reconcileRelease(obj: HelmReleaseObject, run: ReleaseRun): Promise<ReleaseDone> {
  const { env } = run;
  obj.status ??= {};
  await leavePreviousTarget(env, obj);
  const storage = new ReleaseStorage(env.kube, storageNamespace(obj));
  obj.status.storageNamespace = storage.namespace;
  const step: Step = { obj, run, storage, name: releaseName(obj), manager: resourceManager(env, obj) };
  const desired = {
    chartName: run.chart.metadata.name,
    chartVersion: run.chart.metadata.version,
    configDigest: run.configDigest,
  };
  let force = shouldHandleForce(obj);
  const ran = new Set<ActionKind>();
  for (;;) {
    const history = await readHistory(step);
    let state = observeRelease(history, desired, {
      enabled: obj.spec.test?.enable === true,
      latest: obj.status.history?.[0],
      ignoreFailures: ignoresTestFailures(obj),
    });
    // new post-renderers or common metadata render other objects from the same chart and values
    // (their digests are recorded when the run ends Ready: a release made in this run has them)
    if (state === ReleaseState.InSync && !ran.has('release') && renderSpecChanged(obj))
      state = ReleaseState.OutOfSync;
    const plan = planNext(state, obj, history, force);
    force = false;
    if ('exhausted' in plan) return stall(obj, 'RetriesExceeded', exhaustedMessage(obj));
    if ('inSync' in plan) {
      const done = inSync(obj, history);
      await checkDrift(env, step.manager, obj, latestRelease(history) as ReleaseRecord);
      return done;
    }
    const kind = kindOf(plan.action);
    // the same kind twice would be the attempt this run already made: the next run makes it
    if (ran.has(kind)) throw notReady(obj, retryIntervalMs(obj, lastAction(obj)) ?? RemediatedRequeueMs);
    if (state === ReleaseState.Untested) remediatedInSync(obj);
    if (kind === 'remediate') truncateHistory(obj, ignoresTestFailures(obj));
    const target = plan.action === 'rollback' ? rollbackTarget(obj, history) : undefined;
    if (plan.action === 'rollback' && !target)
      return stall(
        obj,
        'MissingRollbackTarget',
        'Failed to perform remediation: missing target release for rollback: cannot remediate failed release',
      );
    await markRunning(step, plan.action);
    await act(step, plan.action, history, target);
    ran.add(kind);
    if (kind === 'remediate') {
      const remediation = activeRemediation(obj);
      if (remediation && retriesExhausted(obj, remediation.action))
        return stall(obj, 'RetriesExceeded', exhaustedMessage(obj));
      throw notReady(obj, RemediatedRequeueMs);
    }
  }
}

function resourceManager(env: HelmEnv, obj: HelmReleaseObject): ResourceManager {
  return new ResourceManager(env.kube, {
    fieldManager: FieldManager,
    mapper: env.mapper,
    owner: { name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace ?? '' },
    ownerLabels: HelmOwnerLabels,
    cache: env.ownedCache,
  });
}

async function readHistory(step: Step): Promise<ReleaseRecord[]> {
  try {
    return await step.storage.history(step.name);
  } catch (e: unknown) {
    throw new TransientError(
      HelmReleaseReason.GetLastReleaseFailed,
      `failed to get last release revision: ${toError(e).message}`,
      { cause: e },
    );
  }
}

const lastAction = (obj: HelmReleaseObject): ReleaseAction =>
  obj.status?.lastAttemptedReleaseAction ?? 'install';

function exhaustedMessage(obj: HelmReleaseObject): string {
  const action = lastAction(obj);
  return `Failed to ${action} after ${failureCount(obj, action)} attempt(s)`;
}

// Ready False as the release conditions say, to be retried after `requeueAfterMs`
function notReady(obj: HelmReleaseObject, requeueAfterMs: number): ReleaseNotReady {
  const summary: ReadySummary = summarizeRelease(obj) ?? {
    ready: false,
    reason: HelmReleaseReason.ReconciliationFailed,
    message: 'release reconciliation failed',
  };
  return new ReleaseNotReady(summary.reason, requeueAfterMs, summary.message);
}

// Flux gives up: Stalled, Ready as the release conditions left it, no more attempts until the
// chart, the values, the spec or a reset request change the counts
function stall(obj: HelmReleaseObject, reason: string, message: string): ReleaseDone {
  const summary = summarizeRelease(obj);
  if (summary) {
    if (summary.ready) conditions.markTrue(c(obj), ConditionType.Ready, summary.reason, summary.message);
    else conditions.markFalse(c(obj), ConditionType.Ready, summary.reason, summary.message);
  }
  conditions.markTrue(c(obj), ConditionType.Stalled, reason, message);
  conditions.remove(c(obj), ConditionType.Reconciling);
  return { keepReady: true };
}

// in sync: the history keeps what a rollback may need, the status records the deployed
// revision (a release `helm` made is adopted as is), and Ready follows the release conditions
function inSync(obj: HelmReleaseObject, history: ReleaseRecord[]): ReleaseDone {
  truncateHistory(obj, ignoresTestFailures(obj));
  const latest = latestRelease(history) as ReleaseRecord;
  if (obj.status?.history?.[0]?.version !== latest.version) recordSnapshot(obj, latest);
  if (!conditions.isTrue(c(obj), HelmReleaseCondition.Released)) {
    const message = `Helm release ${releaseFullName(latest)} with chart ${versionedChartName(latest)} is in sync`;
    conditions.markTrue(c(obj), HelmReleaseCondition.Released, HelmReleaseReason.UpgradeSucceeded, message);
  }
  remediatedInSync(obj);
  const summary = summarizeRelease(obj);
  if (summary && !summary.ready)
    throw new ReleaseNotReady(summary.reason, parseDuration(obj.spec.interval), summary.message);
  return summary ? { ready: { reason: summary.reason, message: summary.message } } : {};
}

// the revision a remediation left matches the desired one (the spec went back to it): as Flux,
// Remediated gives way to Released, worded as the upgrade that would have made it
function remediatedInSync(obj: HelmReleaseObject): void {
  const latest = obj.status?.history?.[0];
  if (!latest || !conditions.isTrue(c(obj), HelmReleaseCondition.Remediated)) return;
  conditions.remove(c(obj), HelmReleaseCondition.Remediated);
  const name = `${latest.namespace}/${latest.name}.v${latest.version}`;
  conditions.markTrue(
    c(obj),
    HelmReleaseCondition.Released,
    HelmReleaseReason.UpgradeSucceeded,
    `Helm upgrade succeeded for release ${name} with chart ${latest.chartName}@${latest.chartVersion}`,
  );
}

// the stored revision of the snapshot a rollback goes back to
function rollbackTarget(obj: HelmReleaseObject, history: ReleaseRecord[]): ReleaseRecord | undefined {
  const previous = previousSnapshot(obj, ignoresTestFailures(obj));
  return previous && history.find((r) => r.version === previous.version && r.name === previous.name);
}

function actionTimeoutMs(obj: HelmReleaseObject, action: NextAction): number {
  const options = {
    install: obj.spec.install,
    upgrade: obj.spec.upgrade,
    test: obj.spec.test,
    rollback: obj.spec.rollback,
    uninstall: obj.spec.uninstall,
    unlock: undefined,
  }[action];
  return timeoutMs(obj, options);
}

// Reconciling (and Ready Unknown unless it is False) for as long as the action runs, written now
async function markRunning(step: Step, action: NextAction): Promise<void> {
  conditions.markReconciling(
    c(step.obj),
    ConditionReason.Progressing,
    `Running '${action}' action with timeout of ${formatDuration(actionTimeoutMs(step.obj, action))}`,
  );
  await step.run.report();
}

async function act(
  step: Step,
  action: NextAction,
  history: ReleaseRecord[],
  target: ReleaseRecord | undefined,
): Promise<void> {
  switch (action) {
    case 'install':
    case 'upgrade':
      return release(step, action, history);
    case 'test':
      return test(step, history);
    case 'rollback':
      return rollback(step, history, target as ReleaseRecord);
    case 'uninstall':
      return uninstall(step, history);
    case 'unlock':
      return unlock(step.storage, latestRelease(history) as ReleaseRecord);
  }
}

// an install or upgrade: a failure that stored a revision is recorded for the state machine to
// remediate; one that stored nothing (the chart did not render) is retried with backoff
async function release(step: Step, action: ReleaseAction, history: ReleaseRecord[]): Promise<void> {
  const { obj, run } = step;
  const status = obj.status ?? {};
  status.lastAttemptedReleaseAction = action;
  const started = performance.now();
  try {
    const result = await performAction(action, {
      obj,
      chart: run.chart,
      values: run.values,
      history,
      storage: step.storage,
      manager: step.manager,
      capabilities: await clusterCapabilities(run.env.kube, run.env.mapper),
      signal: run.signal,
    });
    releaseSucceeded(run.env, obj, action, result.release, result.objects);
  } catch (e: unknown) {
    const stored = e instanceof ActionError ? e.release : undefined;
    const names = {
      release: `${releaseNamespace(obj)}/${step.name}`,
      chart: `${run.chart.metadata.name}@${run.chart.metadata.version}`,
    };
    const message = releaseFailed(run.env, obj, action, e, names, stored);
    if (!stored) {
      const reason = action === 'install' ? HelmReleaseReason.InstallFailed : HelmReleaseReason.UpgradeFailed;
      throw new ReleaseActionFailed(reason, message, { cause: e });
    }
  } finally {
    status.lastAttemptedReleaseActionDuration = formatDuration(Math.round(performance.now() - started));
  }
}

async function test(step: Step, history: ReleaseRecord[]): Promise<void> {
  const latest = latestRelease(history) as ReleaseRecord;
  const failure = await runTests({
    obj: step.obj,
    release: latest,
    storage: step.storage,
    manager: step.manager,
    signal: step.run.signal,
  });
  testsDone(step.run.env, step.obj, latest, failure, activeRemediation(step.obj));
}

async function rollback(step: Step, history: ReleaseRecord[], target: ReleaseRecord): Promise<void> {
  const subject = snapshotOf(target);
  try {
    const result = await performRollback({
      obj: step.obj,
      history,
      target,
      storage: step.storage,
      manager: step.manager,
      signal: step.run.signal,
    });
    recordSnapshot(step.obj, result.release, 'rollback');
    remediationDone(step.run.env, step.obj, 'rollback', subject);
  } catch (e: unknown) {
    if (e instanceof ActionError && e.release) recordSnapshot(step.obj, e.release, 'rollback');
    remediationDone(step.run.env, step.obj, 'rollback', subject, e);
  }
}

// the remediation of a failed install (or of an upgrade with the `uninstall` strategy)
async function uninstall(step: Step, history: ReleaseRecord[]): Promise<void> {
  const { obj, run } = step;
  const subject = snapshotOf(latestRelease(history) as ReleaseRecord);
  try {
    const removed = await uninstallRelease(run.env, obj, desiredTarget(obj), { quiet: true });
    if (removed) recordSnapshot(obj, removed);
    remediationDone(run.env, obj, 'uninstall', subject);
  } catch (e: unknown) {
    remediationDone(run.env, obj, 'uninstall', subject, e);
  }
}

// a changed releaseName, targetNamespace or storageNamespace makes a new release elsewhere: the
// one made before is uninstalled first, as Flux does, so nothing it made is left behind
async function leavePreviousTarget(env: HelmEnv, obj: HelmReleaseObject): Promise<void> {
  const installed = installedTarget(obj);
  if (!installed || sameTarget(installed, desiredTarget(obj))) return;
  try {
    await uninstallRelease(env, obj, installed);
  } catch (e: unknown) {
    throw new TransientError(
      HelmReleaseReason.UninstallFailed,
      `failed to uninstall release ${installed.namespace}/${installed.name} of the previous target: ${toError(e).message}`,
      { cause: e },
    );
  }
  if (obj.status) delete obj.status.history;
}

// a revision left in pending-* by a writer that died can never finish: Helm refuses any action
// on it, so it is marked failed (as Flux does) and the release moves on
async function unlock(storage: ReleaseStorage, latest: ReleaseRecord): Promise<void> {
  const from = latest.info?.status;
  latest.info = {
    ...latest.info,
    status: 'failed',
    description: `Release unlocked from stale '${from}' state`,
  };
  await storage.update(latest);
}
