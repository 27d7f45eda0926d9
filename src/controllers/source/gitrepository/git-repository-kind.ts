import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Artifact } from '../../../api/index.ts';
import { ConditionReason } from '../../../api/meta/index.ts';
import { SourceCondition, SourceReason } from '../../../api/source/v1/index.ts';
import { createTarGz } from '../../../engines/artifact/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import { objectKey } from '../../../runtime/cache/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import type { Controller } from '../../../runtime/controller/index.ts';
import {
  checkout,
  commitMessage,
  type GitAuth,
  lsRemote,
  type ResolvedRef,
  shortMessage,
} from '../../../runtime/git/index.ts';
import type { KubeObject } from '../../../runtime/kube/index.ts';
import { TransientError } from '../../../runtime/reconcile/index.ts';
import { fetchFailed, markNewRevision, storeArtifact } from '../common/artifact-steps.ts';
import type { SourceEnv } from '../common/source-env.ts';
import type { SourceKind, SourceRun } from '../common/source-kind.ts';
import { archiveFiles } from './archive-files.ts';
import { authOptions, parseRepositoryUrl } from './auth-options.ts';
import { contentConfigChanged } from './content-config.ts';
import { authFailed, cloneFailed, listRemoteFailed } from './errors.ts';
import { copyIncludes, fetchIncludes } from './includes.ts';
import type { GitRepositoryObject } from './types.ts';
import { verifySource } from './verify.ts';

/** Included artifacts that differ from the last observed ones make the artifact outdated too. */
function markIncludesChanged(obj: GitRepositoryObject, includes: Artifact[]): void {
  const observed = obj.status?.includedArtifacts;
  const same =
    (observed ?? []).length === includes.length &&
    includes.every((a, i) => a.revision === observed?.[i].revision && a.digest === observed?.[i].digest);
  if (same) return;
  const text = 'included artifacts differ from last observed includes';
  if (observed) conditions.markTrue(obj, SourceCondition.ArtifactOutdated, 'IncludeChange', text);
  conditions.markReconciling(obj, ConditionReason.Progressing, `building artifact: ${text}`);
}

/** Records the spec fields the stored artifact was built with (absent fields stay absent). */
function recordObserved(obj: GitRepositoryObject, includes: Artifact[]): void {
  obj.status ??= {};
  const status = obj.status;
  const set = <K extends keyof typeof status>(key: K, value: (typeof status)[K] | undefined) => {
    if (value === undefined) delete status[key];
    else status[key] = value;
  };
  set('observedIgnore', obj.spec.ignore);
  set('observedRecurseSubmodules', obj.spec.recurseSubmodules || undefined);
  set('observedSparseCheckout', obj.spec.sparseCheckout?.length ? obj.spec.sparseCheckout : undefined);
  set('observedInclude', obj.spec.include?.length ? obj.spec.include : undefined);
  set('includedArtifacts', includes.length ? includes : undefined);
}

async function resolveRemote(obj: GitRepositoryObject, auth: GitAuth, run: SourceRun): Promise<ResolvedRef> {
  try {
    return await lsRemote(obj.spec.url, obj.spec.ref, { auth, timeoutMs: run.timeoutMs, signal: run.signal });
  } catch (e: unknown) {
    throw fetchFailed(obj, listRemoteFailed(obj.spec.url, e));
  }
}

/**
 * Flux's GitRepository: resolve the ref with one `ls-remote`; when the remote revision is the
 * stored artifact's and no content-shaping field changed, stop there (no clone, no status
 * write). Otherwise clone just that revision (shallow where the ref allows), verify signatures
 * when asked, copy included artifacts in, and store the filtered tree as `<commit>.tar.gz`.
 */
async function reconcileGitRepository(obj: GitRepositoryObject, run: SourceRun): Promise<void> {
  let url: URL;
  try {
    url = parseRepositoryUrl(obj.spec.url);
  } catch (e: unknown) {
    throw fetchFailed(obj, toError(e));
  }
  let auth: GitAuth;
  try {
    auth = await authOptions(obj, url, run);
  } catch (e: unknown) {
    throw fetchFailed(obj, authFailed(e));
  }
  const includes = fetchIncludes(obj, run);
  markIncludesChanged(obj, includes);
  conditions.remove(obj, SourceCondition.IncludeUnavailable);

  const resolved = await resolveRemote(obj, auth, run);
  const stored = obj.status?.artifact;
  if (stored?.revision === resolved.revision && !contentConfigChanged(obj, includes)) {
    run.log.debug(`no changes since last reconciliation, observed revision '${resolved.revision}'`);
    return;
  }
  markNewRevision(obj, resolved.revision);

  // git's cone mode, like Flux's client, takes plain directory names
  const sparseDirs = obj.spec.sparseCheckout?.map((d) => d.replace(/^\.\//, ''));
  const dir = await mkdtemp(join(tmpdir(), 'tsflux-gitrepository-'));
  try {
    try {
      await checkout(obj.spec.url, resolved, dir, {
        auth,
        timeoutMs: run.timeoutMs,
        signal: run.signal,
        recurseSubmodules: obj.spec.recurseSubmodules,
        sparseCheckout: sparseDirs,
      });
    } catch (e: unknown) {
      throw fetchFailed(obj, cloneFailed(obj.spec.url, e));
    }
    for (const d of sparseDirs ?? []) {
      if (!existsSync(join(dir, d)))
        throw fetchFailed(
          obj,
          new TransientError(
            SourceReason.GitOperationFailed,
            `sparse checkout dir '${d}' does not exist in repository: lstat ${d}: no such file or directory`,
          ),
        );
    }
    const message = await commitMessage(dir).catch(() => '');
    await verifySource(obj, run, dir, resolved);
    await copyIncludes(obj, run, dir, includes);
    await storeArtifact(run.env, obj, {
      file: `${resolved.commit}.tar.gz`,
      data: await createTarGz(await archiveFiles(dir, obj.spec.ignore)),
      revision: resolved.revision,
    });
    recordObserved(obj, includes);
    run.notifyMessage = `stored artifact for commit '${shortMessage(message)}'`;
  } finally {
    // a checkout can hold thousands of files: removed off the event loop
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Re-queues every GitRepository that includes a GitRepository whose artifact changed (or that
 * appeared or went away), so an includer follows its includes without waiting for its interval.
 * Status writes that leave the artifact as it was re-queue nobody.
 */
function watchIncluded(controller: Controller, env: SourceEnv): void {
  const informer = env.informerOf<GitRepositoryObject>('GitRepository');
  const artifactOf = (o: KubeObject) => {
    const a = (o as GitRepositoryObject).status?.artifact;
    return a ? `${a.revision} ${a.digest}` : '';
  };
  controller.watch(
    informer,
    (changed) => {
      const name = changed.metadata?.name;
      return informer
        .list(changed.metadata?.namespace)
        .filter((o) => o.spec?.include?.some((i) => i.repository.name === name))
        .map((o) => objectKey(o));
    },
    { update: (old, obj) => artifactOf(old) !== artifactOf(obj) },
  );
}

/** GitRepository plugged into the shared source reconcile loop. */
export const gitRepositoryKind: SourceKind<GitRepositoryObject> = {
  kind: 'GitRepository',
  plural: 'gitrepositories',
  conditions: [SourceCondition.IncludeUnavailable, SourceCondition.SourceVerified],
  reconcile: reconcileGitRepository,
  watches: watchIncluded,
};
