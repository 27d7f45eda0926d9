import type { ReleaseRecord } from '../../engines/helm/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import type { ResourceManager } from '../../runtime/ssa/index.ts';
import type { HelmReleaseObject } from './env.ts';
import { TestHookEvents } from './history.ts';
import { recordedHooks, runHooks } from './hooks.ts';
import { timeoutMs } from './names.ts';
import type { ReleaseStorage } from './storage.ts';

/** What a test run works with. */
export interface TestInput {
  obj: HelmReleaseObject;
  /** The stored revision under test (the latest, deployed). */
  release: ReleaseRecord;
  storage: ReleaseStorage;
  manager: ResourceManager;
  signal: AbortSignal;
}

/**
 * Tells whether `test.filters` let a test hook run, as Helm's `--filter name=` / `!name=`: an
 * excluded name never runs; when some names are included, only they run.
 */
export function testSelected(name: string, filters: { name: string; exclude?: boolean }[] = []): boolean {
  if (filters.some((f) => f.exclude && f.name === name)) return false;
  const included = filters.filter((f) => !f.exclude);
  return included.length === 0 || included.some((f) => f.name === name);
}

/**
 * Runs a release's tests as `helm test` does: its test hooks (`helm.sh/hook: test`) that
 * `test.filters` select, in weight order with their delete policies, each waited for until it
 * completes (`test.timeout`, else `spec.timeout`); the first failure stops the run. Their last
 * runs are stored in the revision whatever the outcome; the failure, if any, is returned.
 */
export async function runTests(input: TestInput): Promise<Error | undefined> {
  const { obj, release, storage, manager } = input;
  const owner = { name: release.name ?? '', namespace: release.namespace ?? '' };
  const timeout = timeoutMs(obj, obj.spec.test);
  const hooks = recordedHooks(release).filter((h) => testSelected(h.name, obj.spec.test?.filters));
  const hookRun = { manager, owner, timeoutMs: timeout, signal: input.signal };
  let failure: Error | undefined;
  try {
    for (const event of TestHookEvents) await runHooks(hooks, release.hooks ?? [], event, hookRun);
  } catch (e: unknown) {
    failure = toError(e);
  }
  await storage.update(release);
  return failure;
}
