import { goTime, type ReleaseRecord } from '../../engines/helm/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import { type ChangeSetEntry, ChangeSetError, type ResourceManager } from '../../runtime/ssa/index.ts';
import type { HelmReleaseObject } from './env.ts';
import { recordedHooks, runHooks } from './hooks.ts';
import { timeoutMs } from './names.ts';
import { manifestObjects, type ReleaseOwner } from './objects.ts';
import { ActionError, type ActionResult, cleanUp, isJob, pruneStale } from './release-action.ts';
import type { ReleaseStorage } from './storage.ts';

/** What a rollback works with. */
export interface RollbackInput {
  obj: HelmReleaseObject;
  /** The stored revisions of the release, oldest first (the last one is rolled back from). */
  history: ReleaseRecord[];
  /** The stored revision to roll back to. */
  target: ReleaseRecord;
  storage: ReleaseStorage;
  manager: ResourceManager;
  signal: AbortSignal;
}

/**
 * Rolls a release back as `helm rollback` does, applying server-side as `helm-controller`: a new
 * revision (the latest + 1) copying the target's chart, values, manifest and hooks, stored
 * `pending-rollback` ("Rollback to N"), the `pre-rollback` hooks, the target's manifest applied
 * (`rollback.force`), waited for unless `rollback.disableWait` (`disableWaitForJobs` leaves Jobs
 * out), the `post-rollback` hooks (none with `rollback.disableHooks`), then every deployed
 * revision superseded, the new one `deployed`, and what the rolled-back revision had beyond the
 * target pruned. On failure the new revision is `failed` ("Rollback "name" failed: ...") and
 * the rolled-back one superseded, as Helm records it; `rollback.cleanupOnFail` deletes what the
 * rollback created. (`recreate` has no effect, as since Flux 2.8.)
 */
export async function performRollback(input: RollbackInput): Promise<ActionResult> {
  const { obj, storage, manager, history, target } = input;
  const current = history.at(-1) as ReleaseRecord;
  const options = obj.spec.rollback;
  const timeout = timeoutMs(obj, options);
  const owner: ReleaseOwner = { name: target.name ?? '', namespace: target.namespace ?? '' };
  const release: ReleaseRecord = {
    ...structuredClone(target),
    version: (current.version ?? 0) + 1,
    info: {
      first_deployed: current.info?.first_deployed,
      last_deployed: goTime(new Date()),
      status: 'pending-rollback',
      description: `Rollback to ${target.version}`,
      ...(target.info?.notes ? { notes: target.info.notes } : {}),
    },
  };
  for (const h of release.hooks ?? []) h.last_run = { phase: '' };
  await storage.create(release);
  const info = release.info ?? {};
  let applied: ChangeSetEntry[] = [];
  try {
    const hooks = options?.disableHooks ? [] : recordedHooks(release);
    const hookRun = { manager, owner, timeoutMs: timeout, signal: input.signal };
    await runHooks(hooks, release.hooks ?? [], 'pre-rollback', hookRun);
    const objects = await manifestObjects(manager.mapper, release.manifest, owner);
    const { entries } = await manager
      .applyAll(objects, { force: options?.force === true, waitTimeoutMs: timeout })
      .catch((e: unknown) => {
        if (e instanceof ChangeSetError) applied = e.entries;
        throw e;
      });
    applied = entries;
    if (!options?.disableWait)
      await manager.waitForSet(options?.disableWaitForJobs ? objects.filter((o) => !isJob(o)) : objects, {
        timeoutMs: timeout,
        failFast: true,
        signal: input.signal,
        healthChecks: obj.spec.healthCheckExprs,
      });
    await runHooks(hooks, release.hooks ?? [], 'post-rollback', hookRun);
    for (const r of history.filter((h) => h.info?.status === 'deployed')) {
      r.info = { ...r.info, status: 'superseded' };
      await storage.update(r);
    }
    info.status = 'deployed';
    await storage.update(release);
    const pruned = await pruneStale(manager, current, objects, owner);
    await storage.prune([...history, release], obj.spec.maxHistory ?? 5);
    return { release, objects, changes: [...entries, ...pruned] };
  } catch (e: unknown) {
    let message = toError(e).message;
    if (options?.cleanupOnFail) message += await cleanUp(manager, applied);
    info.status = 'failed';
    info.description = `Rollback "${owner.name}" failed: ${message}`;
    current.info = { ...current.info, status: 'superseded' };
    try {
      await storage.update(current);
      await storage.update(release);
    } catch (err: unknown) {
      throw new ActionError(
        `${message}; and the release could not be marked failed: ${toError(err).message}`,
        release,
      );
    }
    throw new ActionError(message, release, { cause: e });
  }
}
