import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageAutomationReason, type ImageRef } from '../../../api/image/v1/index.ts';
import {
  checkout,
  commitFiles,
  DEFAULT_BRANCH,
  type GitRef,
  lsRemote,
  pushRefspec,
  RefNotFoundError,
  type ResolvedRef,
} from '../../../runtime/git/index.ts';
import { StallingError, TransientError, toError } from '../../../runtime/reconcile/index.ts';
import type { ImageEnv, ImagePolicyObject, ImageUpdateAutomationObject } from '../env.ts';
import { type GitSource, gitSource } from './git-source.ts';
import { commitMessage } from './message.ts';
import { policySelector } from './policy-selector.ts';
import { updateFiles } from './update-files.ts';

/** What one run of an ImageUpdateAutomation learns, for the status and the push event. */
export interface AutomationRun {
  env: ImageEnv;
  signal: AbortSignal;
  source?: GitSource;
  /** Selected policies with a latest reference, by `namespace:name` (the markers' key). */
  policies?: Map<string, ImageRef>;
  /** Set when the run pushed a commit. */
  pushed?: { commit: string; branch: string; message: string };
}

const gitFailed = (what: string, e: unknown) =>
  new TransientError(ImageAutomationReason.GitOperationFailed, `${what}: ${toError(e).message}`, {
    cause: e,
  });

/** First step: the GitRepository and the ImagePolicies the automation applies. */
export async function loadInputs(obj: ImageUpdateAutomationObject, run: AutomationRun): Promise<void> {
  if ((obj.spec.update?.strategy ?? 'Setters') !== 'Setters')
    throw new StallingError(
      ImageAutomationReason.InvalidUpdateStrategy,
      `update strategy '${obj.spec.update?.strategy}' is not supported`,
    );
  if (!obj.spec.git?.commit?.author?.email)
    throw new StallingError(
      ImageAutomationReason.InvalidSourceConfiguration,
      'no commit author: spec.git.commit.author.email is required',
    );
  const selector = policySelector(obj);
  run.source = await gitSource(run.env, obj);
  const namespace = obj.metadata?.namespace ?? '';
  run.policies = new Map();
  const observed: Record<string, ImageRef> = {};
  for (const p of run.env.informerOf<ImagePolicyObject>('ImagePolicy').list(namespace)) {
    const latest = p.status?.latestRef;
    if (!latest || !selector.matches(p.metadata?.labels ?? {})) continue;
    run.policies.set(`${namespace}:${p.metadata?.name}`, latest);
    observed[p.metadata?.name ?? ''] = latest;
  }
  obj.status ??= {};
  obj.status.observedPolicies = observed;
}

// the branch to push to and the reference to build on: the push branch when it exists already
// (so successive runs stack on it), else the checkout reference
async function baseRef(
  obj: ImageUpdateAutomationObject,
  source: GitSource,
  signal: AbortSignal,
): Promise<{ pushBranch: string; resolved: ResolvedRef }> {
  const checkoutRef: GitRef | undefined = obj.spec.git?.checkout?.ref ?? source.repo.spec.ref;
  // a ref that names no tag, commit or version checks out a branch (git's default one when unset)
  const byBranch = !checkoutRef?.tag && !checkoutRef?.commit && !checkoutRef?.semver && !checkoutRef?.name;
  const checkoutBranch = checkoutRef?.branch ?? (byBranch ? DEFAULT_BRANCH : undefined);
  const pushBranch = obj.spec.git?.push?.branch || checkoutBranch;
  if (!pushBranch)
    throw new StallingError(
      ImageAutomationReason.InvalidSourceConfiguration,
      'no push branch: set spec.git.push.branch or check out a branch',
    );
  const remote = { auth: source.auth, timeoutMs: source.timeoutMs, signal };
  if (pushBranch !== checkoutBranch) {
    try {
      return { pushBranch, resolved: await lsRemote(source.url, { branch: pushBranch }, remote) };
    } catch (e: unknown) {
      if (!(e instanceof RefNotFoundError)) throw gitFailed('failed to list remote references', e);
    }
  }
  try {
    return { pushBranch, resolved: await lsRemote(source.url, checkoutRef, remote) };
  } catch (e: unknown) {
    throw gitFailed('failed to checkout source', e);
  }
}

/** How many times a run tries, when its push is refused because the branch moved meanwhile. */
const PushAttempts = 3;

/** A push refused because the remote branch is no longer where the clone found it. */
class BranchMoved extends Error {
  override name = 'BranchMoved';
}

// git's words for a refused fast-forward, or a ref that changed under the push
const branchMoved = (message: string) =>
  /\[rejected\]|fetch first|non-fast-forward|failed to update ref|cannot lock ref/i.test(message);

/**
 * Second step: clone the source at its base, apply the setters under `update.path`, and when a
 * file changed, commit with `git.commit.author` and the rendered message and push to the push
 * branch (and `git.push.refspec`, when set). Nothing is committed when nothing changed. A push
 * refused because the branch moved meanwhile is done again on the new head (cloned afresh, the
 * setters applied again), a few times at most.
 */
export async function updateRepository(obj: ImageUpdateAutomationObject, run: AutomationRun): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await updateOnce(obj, run, run.source as GitSource);
    } catch (e: unknown) {
      if (!(e instanceof BranchMoved)) throw e;
      if (attempt >= PushAttempts) throw gitFailed('failed to push', e);
      run.env.logger.info('push refused, the branch moved: trying again on its new head', { attempt });
    }
  }
}

async function updateOnce(
  obj: ImageUpdateAutomationObject,
  run: AutomationRun,
  source: GitSource,
): Promise<void> {
  const { pushBranch, resolved } = await baseRef(obj, source, run.signal);
  const dir = await mkdtemp(join(tmpdir(), 'tsflux-image-automation-'));
  const remote = { auth: source.auth, timeoutMs: source.timeoutMs, signal: run.signal };
  try {
    let head: string;
    try {
      head = await checkout(source.url, resolved, dir, remote);
    } catch (e: unknown) {
      throw gitFailed('failed to checkout source', e);
    }
    const policies = run.policies ?? new Map<string, ImageRef>();
    const result = await updateFiles(dir, obj.spec.update?.path, (p) => policies.get(p));
    obj.status ??= {};
    obj.status.lastAutomationRunTime = new Date(Math.floor(Date.now() / 1000) * 1000)
      .toISOString()
      .replace('.000Z', 'Z');
    if (result.changes.length === 0) {
      obj.status.observedSourceRevision = `${pushBranch}@sha1:${head}`;
      return;
    }
    const message = commitMessage(obj, result);
    const author = obj.spec.git?.commit.author ?? { email: '' }; // checked by loadInputs
    let commit: string;
    try {
      commit = await commitFiles(dir, Object.keys(result.fileChanges), message, {
        name: author.name || author.email,
        email: author.email,
      });
    } catch (e: unknown) {
      throw gitFailed('failed to commit changes', e);
    }
    const push = obj.spec.git?.push;
    try {
      await pushRefspec(dir, source.url, `HEAD:refs/heads/${pushBranch}`, {
        ...remote,
        pushOptions: push?.options,
      });
      if (push?.refspec)
        await pushRefspec(dir, source.url, push.refspec, { ...remote, pushOptions: push.options });
    } catch (e: unknown) {
      const message = toError(e).message;
      if (branchMoved(message)) throw new BranchMoved(message, { cause: e });
      throw gitFailed('failed to push', e);
    }
    obj.status.lastPushCommit = commit;
    obj.status.lastPushTime = obj.status.lastAutomationRunTime;
    obj.status.observedSourceRevision = `${pushBranch}@sha1:${commit}`;
    run.pushed = { commit, branch: pushBranch, message };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
