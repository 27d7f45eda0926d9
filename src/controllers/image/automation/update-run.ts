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
  commitMessage as readHeadMessage,
} from '../../../runtime/git/index.ts';
import { StallingError, TransientError, toError } from '../../../runtime/reconcile/index.ts';
import type { ImageEnv, ImagePolicyObject, ImageUpdateAutomationObject } from '../env.ts';
import { type GitSource, gitSource } from './git-source.ts';
import { commitMessage, DefaultMessageTemplate } from './message.ts';
import { policySelector } from './policy-selector.ts';
import { ensurePullRequest, pullRequestConfig } from './pull-request.ts';
import { type PushGroup, pushGroups } from './push-branches.ts';
import { type CommitSigner, commitSigner } from './signing.ts';
import { updateFiles } from './update-files.ts';

/** One push of a run: the commit, where it went and its message (for the push event). */
export interface Push {
  commit: string;
  branch: string;
  message: string;
  /** `git.push.refspec`, when the commit was pushed there too. */
  refspec?: string;
}

/** What one run of an ImageUpdateAutomation learns, for the status and the push events. */
export interface AutomationRun {
  env: ImageEnv;
  signal: AbortSignal;
  source?: GitSource;
  /** Selected policies with a latest reference, by `namespace:name` (the markers' key). */
  policies?: Map<string, ImageRef>;
  /** The run's pushes, one per push branch that changed (a templated branch may make several). */
  pushes: Push[];
  /** Whether the policies or the spec changed since the last run (set by {@link loadInputs}). */
  syncNeeded?: boolean;
  /** Set when the run skipped the clone: nothing changed since the last one (Flux's shortcut). */
  unchanged?: boolean;
}

/**
 * Flux's summary of a push, the event's message: `pushed commit '<short sha>' to branch
 * '<branch>'`, the refspec when there was one, then the commit message.
 */
export function pushSummary(push: Push): string {
  const refspec = push.refspec ? ` and refspecs '${push.refspec}'` : '';
  const message = push.message ? `\n${push.message}` : '';
  return `pushed commit '${push.commit.slice(0, 7)}' to branch '${push.branch}'${refspec}${message}`;
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
  run.syncNeeded = policiesChanged(obj.status.observedPolicies, observed) || isNewGeneration(obj);
  obj.status.observedPolicies = observed;
}

const isNewGeneration = (obj: ImageUpdateAutomationObject) =>
  obj.status?.observedGeneration !== obj.metadata?.generation;

// whether the policies (their names and references) differ from those the last run observed
function policiesChanged(
  before: Record<string, ImageRef> | undefined,
  now: Record<string, ImageRef>,
): boolean {
  const names = Object.keys(now);
  if (!before || Object.keys(before).length !== names.length) return true;
  return names.some((n) => {
    const a = before[n];
    const b = now[n];
    return !a || a.name !== b.name || a.tag !== b.tag || (a.digest ?? '') !== (b.digest ?? '');
  });
}

/** The checkout reference and the branch to push to before any template is rendered. */
interface Target {
  checkoutBranch?: string;
  pushBranch: string;
  checkout: ResolvedRef;
}

// the checkout reference (`git.checkout.ref`, else the GitRepository's; git's default branch when
// it names nothing) resolved on the remote, and the push branch (`git.push.branch`, else the
// checkout branch)
async function target(
  obj: ImageUpdateAutomationObject,
  source: GitSource,
  signal: AbortSignal,
): Promise<Target> {
  const checkoutRef: GitRef | undefined = obj.spec.git?.checkout?.ref ?? source.repo.spec.ref;
  const byBranch = !checkoutRef?.tag && !checkoutRef?.commit && !checkoutRef?.semver && !checkoutRef?.name;
  const checkoutBranch = checkoutRef?.branch ?? (byBranch ? DEFAULT_BRANCH : undefined);
  const pushBranch = obj.spec.git?.push?.branch || checkoutBranch;
  if (!pushBranch)
    throw new StallingError(
      ImageAutomationReason.InvalidSourceConfiguration,
      'push spec not provided, and cannot be inferred from .spec.git.checkout.ref or GitRepository .spec.ref',
    );
  const remote = { auth: source.auth, timeoutMs: source.timeoutMs, signal };
  try {
    return { checkoutBranch, pushBranch, checkout: await lsRemote(source.url, checkoutRef, remote) };
  } catch (e: unknown) {
    throw gitFailed('failed to checkout source', e);
  }
}

// the reference a push branch builds on: the branch itself when it exists already (so runs
// stack on it), else the checkout reference; after a refused push (`retry`), the branch's new head
async function baseOf(
  branch: string,
  t: Target,
  source: GitSource,
  signal: AbortSignal,
  retry: boolean,
): Promise<{ resolved: ResolvedRef; existed: boolean }> {
  if (branch === t.checkoutBranch && !retry) return { resolved: t.checkout, existed: true };
  const remote = { auth: source.auth, timeoutMs: source.timeoutMs, signal };
  try {
    return { resolved: await lsRemote(source.url, { branch }, remote), existed: true };
  } catch (e: unknown) {
    if (!(e instanceof RefNotFoundError)) throw gitFailed('failed to checkout source', e);
  }
  return { resolved: t.checkout, existed: false };
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

/** What one push group's attempt did: its push, or the head of the branch it left alone. */
interface GroupOutcome {
  push?: Push;
  /** The branch's head when nothing was pushed (the checkout's head for a new branch). */
  head: string;
  /** Whether the branch existed before the run. */
  existed: boolean;
  /** The head's message, when nothing was pushed to a branch ahead of the checkout. */
  message?: string;
}

/**
 * Second step: clone the source, apply the setters under `update.path`, and when a file changed,
 * commit (signed with `git.commit.signingKey` when set) with `git.commit.author` and the rendered
 * message and push to the push branch (and `git.push.refspec`, when set). A templated push branch
 * splits the policies into groups, one commit and push per branch. Nothing is committed when
 * nothing changed. A push refused because the branch moved meanwhile is done again on the new
 * head (cloned afresh, the setters applied again), a few times at most. After a push to a branch
 * other than the checkout branch, a pull request is opened when the automation asks for one.
 */
export async function updateRepository(obj: ImageUpdateAutomationObject, run: AutomationRun): Promise<void> {
  const source = run.source as GitSource;
  const t = await target(obj, source, run.signal);
  const lastRevision = obj.status?.observedSourceRevision;
  obj.status ??= {};
  obj.status.lastAutomationRunTime = new Date(Math.floor(Date.now() / 1000) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
  // Flux's shortcut: with the push branch the checkout branch and no refspec, a run whose
  // policies, spec and checkout head are those of the last run has nothing to do
  const switchBranch = t.pushBranch !== t.checkoutBranch || obj.spec.git?.push?.refspec;
  if (!run.syncNeeded && !switchBranch && lastRevision === t.checkout.revision) {
    run.unchanged = true;
    return;
  }
  const groups = pushGroups(obj, t.pushBranch, run.policies ?? new Map());
  const pullRequests = await pullRequestConfig(run.env, obj, source.url);
  let signer: CommitSigner | undefined;
  try {
    signer = await commitSigner(run.env, obj);
  } catch (e: unknown) {
    throw new TransientError(
      ImageAutomationReason.SourceManagerFailed,
      `failed configuring source manager: ${toError(e).message}`,
      { cause: e },
    );
  }
  obj.status.observedSourceRevision = t.checkout.revision;
  try {
    for (const group of groups) {
      const outcome = await withPushRetries(run, (retry) => updateGroup(obj, run, t, group, signer, retry));
      if (outcome.push) {
        run.pushes.push(outcome.push);
        obj.status.lastPushCommit = outcome.push.commit;
        obj.status.lastPushTime = obj.status.lastAutomationRunTime;
        if (group.branch === t.checkoutBranch)
          obj.status.observedSourceRevision = `${group.branch}@sha1:${outcome.push.commit}`;
      }
      // a branch ahead of the checkout gets a request, also when an earlier run pushed it
      const ahead = outcome.push || (outcome.existed && outcome.head !== t.checkout.commit);
      if (pullRequests && t.checkoutBranch && group.branch !== t.checkoutBranch && ahead) {
        const message = outcome.push?.message ?? outcome.message ?? '';
        const pr = await ensurePullRequest(pullRequests, {
          head: group.branch,
          base: t.checkoutBranch,
          message,
        });
        if (pr.created)
          run.env.automationRecorder.event(
            obj,
            'Normal',
            'Succeeded',
            `opened pull request '${pr.url}' from branch '${group.branch}' to '${t.checkoutBranch}'`,
          );
      }
    }
  } finally {
    await signer?.dispose();
  }
}

// runs one group's attempt again while its push is refused because the branch moved
async function withPushRetries<T>(run: AutomationRun, attempt: (retry: boolean) => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n > 1);
    } catch (e: unknown) {
      if (!(e instanceof BranchMoved)) throw e;
      if (n >= PushAttempts) throw gitFailed('failed to update source', e);
      run.env.logger.info('push refused, the branch moved: trying again on its new head', { attempt: n });
    }
  }
}

async function updateGroup(
  obj: ImageUpdateAutomationObject,
  run: AutomationRun,
  t: Target,
  group: PushGroup,
  signer: CommitSigner | undefined,
  retry: boolean,
): Promise<GroupOutcome> {
  const source = run.source as GitSource;
  const { resolved, existed } = await baseOf(group.branch, t, source, run.signal, retry);
  const dir = await mkdtemp(join(tmpdir(), 'tsflux-image-automation-'));
  const remote = { auth: source.auth, timeoutMs: source.timeoutMs, signal: run.signal };
  try {
    let head: string;
    try {
      head = await checkout(source.url, resolved, dir, remote);
    } catch (e: unknown) {
      throw gitFailed('failed to checkout source', e);
    }
    const result = await updateFiles(dir, obj.spec.update?.path, (p) => group.policies.get(p));
    if (result.changes.length === 0) {
      const ahead = existed && head !== t.checkout.commit;
      return { head, existed, message: ahead ? await commitMessageOf(dir) : undefined };
    }
    const message = commitMessage(obj, result);
    const author = obj.spec.git?.commit.author ?? { email: '' }; // checked by loadInputs
    let commit: string;
    try {
      commit = await commitFiles(
        dir,
        Object.keys(result.fileChanges),
        message,
        { name: author.name || author.email, email: author.email },
        { signing: signer, signal: run.signal, branch: group.branch },
      );
    } catch (e: unknown) {
      throw gitFailed('failed to update source', e);
    }
    const push = obj.spec.git?.push;
    try {
      await pushRefspec(dir, source.url, `HEAD:refs/heads/${group.branch}`, {
        ...remote,
        pushOptions: push?.options,
      });
      if (push?.refspec)
        await pushRefspec(dir, source.url, push.refspec, { ...remote, pushOptions: push.options });
    } catch (e: unknown) {
      const why = toError(e).message;
      if (branchMoved(why)) throw new BranchMoved(why, { cause: e });
      throw gitFailed('failed to update source', e);
    }
    return { head: commit, existed, push: { commit, branch: group.branch, message, refspec: push?.refspec } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// the message of a work tree's head commit, for a request about a branch pushed earlier
async function commitMessageOf(dir: string): Promise<string> {
  try {
    return (await readHeadMessage(dir)).trim();
  } catch {
    return DefaultMessageTemplate;
  }
}
