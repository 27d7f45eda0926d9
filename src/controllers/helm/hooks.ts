import { goTime, type Hook, type ReleaseHook, type ReleaseRecord } from '../../engines/helm/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import type { ResourceManager } from '../../runtime/ssa/index.ts';
import { type ReleaseOwner, releaseObject } from './objects.ts';

/** Helm's hook delete policies. */
const BeforeHookCreation = 'before-hook-creation';
const HookSucceeded = 'hook-succeeded';
const HookFailed = 'hook-failed';

/** What running the hooks of one event needs. */
export interface HookRun {
  manager: ResourceManager;
  owner: ReleaseOwner;
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * Runs the hooks of one event (`pre-install`, `post-upgrade`...) as Helm does: in weight order,
 * then by name; each one deleted first (`before-hook-creation`, Helm's default policy), applied,
 * waited for until Current (a Job until it completes), then deleted when its policy says so for
 * its outcome. The release's hook records get their last run. The first failure stops the run:
 * "warning: Hook <event> <path> failed: <why>".
 */
export async function runHooks(
  hooks: Hook[],
  records: ReleaseHook[],
  event: string,
  run: HookRun,
): Promise<void> {
  const selected = hooks
    .filter((h) => h.events.includes(event))
    .sort((a, b) => a.weight - b.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const { manager } = run;
  for (const hook of selected) {
    const record = records.find((r) => r.path === hook.path && r.name === hook.name && r.kind === hook.kind);
    const policies = hook.deletePolicies.length > 0 ? hook.deletePolicies : [BeforeHookCreation];
    const obj = await releaseObject(manager.mapper, hook.manifest, run.owner, true);
    if (record) record.last_run = { started_at: goTime(new Date()), phase: 'Running' };
    try {
      if (policies.includes(BeforeHookCreation)) {
        await manager.deleteAll([obj], { inclusions: {} });
        await manager.waitForTermination([obj], { timeoutMs: run.timeoutMs, signal: run.signal });
      }
      await manager.applyStage([obj]);
      await manager.waitForSet([obj], { timeoutMs: run.timeoutMs, failFast: true, signal: run.signal });
    } catch (e: unknown) {
      if (record) record.last_run = { ...record.last_run, completed_at: goTime(new Date()), phase: 'Failed' };
      if (policies.includes(HookFailed)) await manager.deleteAll([obj], { inclusions: {} });
      throw new Error(`warning: Hook ${event} ${hook.path} failed: ${toError(e).message}`, { cause: e });
    }
    if (record)
      record.last_run = { ...record.last_run, completed_at: goTime(new Date()), phase: 'Succeeded' };
    if (policies.includes(HookSucceeded)) await manager.deleteAll([obj], { inclusions: {} });
  }
}

/** The hooks a stored revision recorded, in the shape {@link runHooks} takes. */
export function recordedHooks(rel: ReleaseRecord): Hook[] {
  return (rel.hooks ?? []).map((h) => ({
    name: h.name ?? '',
    kind: h.kind ?? '',
    path: h.path ?? '',
    manifest: h.manifest ?? '',
    events: h.events ?? [],
    weight: h.weight ?? 0,
    deletePolicies: h.delete_policies ?? [],
  }));
}
