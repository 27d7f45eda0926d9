import type { Artifact } from '../../../api/index.ts';
import type { GitRepositoryObject } from './types.ts';

/**
 * Whether a spec field that shapes the artifact's content differs from what the stored artifact
 * was built with (Flux's `gitContentConfigChanged`): ignore rules, submodules, sparse checkout,
 * includes and their artifacts, or a verification still to be done. When none did and the remote
 * revision is the stored one, the reconcile stops after `ls-remote`.
 */
export function contentConfigChanged(obj: GitRepositoryObject, includes: Artifact[]): boolean {
  const { spec } = obj;
  const status = obj.status ?? {};
  if ((spec.ignore ?? undefined) !== (status.observedIgnore ?? undefined)) return true;
  if (!!spec.recurseSubmodules !== !!status.observedRecurseSubmodules) return true;
  if (!sameJson(spec.sparseCheckout ?? [], status.observedSparseCheckout ?? [])) return true;
  if (requiresVerification(obj)) return true;
  const wanted = spec.include ?? [];
  if (!sameJson(wanted.map(normalInclude), (status.observedInclude ?? []).map(normalInclude))) return true;
  const observed = status.includedArtifacts ?? [];
  if (includes.length !== wanted.length || observed.length !== wanted.length) return true;
  return includes.some((a, i) => a.revision !== observed[i].revision || a.digest !== observed[i].digest);
}

/**
 * Whether verification must run again (Flux's `requiresVerification`): verify is set and no mode
 * was observed yet, or the observed mode did not cover what the current mode asks (a tag-only
 * verification when HEAD is wanted, or the reverse).
 */
export function requiresVerification(obj: GitRepositoryObject): boolean {
  if (!obj.spec.verify) return false;
  const observed = obj.status?.sourceVerificationMode;
  if (!observed) return true;
  const mode = verificationMode(obj);
  if (observed === 'Tag' && (mode === 'HEAD' || mode === 'TagAndHEAD')) return true;
  if (observed === 'HEAD' && (mode === 'Tag' || mode === 'TagAndHEAD')) return true;
  return false;
}

/** `spec.verify.mode` normalised (`head` is an accepted legacy spelling of `HEAD`). */
export function verificationMode(obj: GitRepositoryObject): 'HEAD' | 'Tag' | 'TagAndHEAD' {
  const mode = obj.spec.verify?.mode ?? 'HEAD';
  return mode === 'head' ? 'HEAD' : mode;
}

function normalInclude(i: { repository: { name: string }; fromPath?: string; toPath?: string }) {
  return { name: i.repository.name, fromPath: i.fromPath ?? '', toPath: i.toPath ?? '' };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
