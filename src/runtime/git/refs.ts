import { toError } from '../../engines/errors/index.ts';
import {
  type Constraints,
  parseConstraints,
  parseFluxVersion,
  pickHighest,
  tryParse,
} from '../../engines/semver/index.ts';

/** A GitRepository's `spec.ref`. */
export interface GitRef {
  branch?: string;
  tag?: string;
  semver?: string;
  name?: string;
  commit?: string;
}

/** What a ref resolves to against a remote's advertised references. */
export interface ResolvedRef {
  /** The commit to check out. */
  commit: string;
  /** What to fetch from the remote (a full reference name, or the commit itself). */
  fetch: string;
  /** The revision string Flux records: `main@sha1:…`, `v1.2.3@sha1:…`, `sha1:…`. */
  revision: string;
  /** For a tag ref: the tag's name, and its tag object when annotated (for signature checks). */
  tag?: { name: string; object?: string };
}

/** A ref that cannot be resolved on the remote; the message is Flux's. */
export class RefNotFoundError extends Error {
  override name = 'RefNotFoundError';
}

/** Flux's default when `spec.ref` is empty. */
export const DEFAULT_BRANCH = 'master';

function revisionOf(ref: string | undefined, commit: string): string {
  return ref ? `${ref}@sha1:${commit}` : `sha1:${commit}`;
}

/**
 * Resolves a GitRepository ref against `git ls-remote` output (reference name -> object id, with
 * peeled `^{}` entries for annotated tags), in Flux's precedence: commit, then name, then semver,
 * then tag, then branch (default `master`).
 */
export function resolveRef(ref: GitRef | undefined, refs: Map<string, string>): ResolvedRef {
  const r = ref ?? {};
  const peeled = (name: string) => refs.get(`${name}^{}`) ?? refs.get(name);
  if (r.commit) {
    const commit = r.commit.toLowerCase();
    // with a branch, Flux fetches the branch and checks out the commit, and names the branch
    return {
      commit,
      fetch: r.branch ? `refs/heads/${r.branch}` : commit,
      revision: revisionOf(r.branch, commit),
    };
  }
  if (r.name) {
    const commit = peeled(r.name);
    if (!commit) throw new RefNotFoundError(`couldn't find remote ref "${r.name}"`);
    return { commit, fetch: r.name, revision: revisionOf(r.name, commit) };
  }
  if (r.semver) {
    let constraints: Constraints;
    try {
      constraints = parseConstraints(r.semver);
    } catch (e: unknown) {
      throw new RefNotFoundError(`semver parse error: ${toError(e).message}`);
    }
    // tags read as Flux reads them (strict SemVer, optional `v`); Flux orders equal versions
    // (differing in build metadata) by commit time, which ls-remote does not tell: the first wins
    const best = pickHighest(
      [...refs.keys()]
        .filter((k) => k.startsWith('refs/tags/') && !k.endsWith('^{}'))
        .map((k) => k.slice('refs/tags/'.length)),
      (tag) => tryParse(tag, parseFluxVersion),
      { constraints },
    );
    if (!best) throw new RefNotFoundError(`no match found for semver: ${r.semver}`);
    const tag = best.item;
    return {
      commit: peeled(`refs/tags/${tag}`)!,
      fetch: `refs/tags/${tag}`,
      revision: revisionOf(tag, peeled(`refs/tags/${tag}`)!),
      tag: tagOf(refs, tag),
    };
  }
  if (r.tag) {
    const commit = peeled(`refs/tags/${r.tag}`);
    if (!commit) throw new RefNotFoundError(`couldn't find remote ref "refs/tags/${r.tag}"`);
    return {
      commit,
      fetch: `refs/tags/${r.tag}`,
      revision: revisionOf(r.tag, commit),
      tag: tagOf(refs, r.tag),
    };
  }
  const branch = r.branch ?? DEFAULT_BRANCH;
  const commit = refs.get(`refs/heads/${branch}`);
  if (!commit) throw new RefNotFoundError(`couldn't find remote ref "refs/heads/${branch}"`);
  return { commit, fetch: `refs/heads/${branch}`, revision: revisionOf(branch, commit) };
}

/** A tag's name and, when it is annotated (it has a peeled `^{}` entry), its tag object. */
function tagOf(refs: Map<string, string>, name: string): { name: string; object?: string } {
  const full = `refs/tags/${name}`;
  return refs.has(`${full}^{}`) ? { name, object: refs.get(full) } : { name };
}

/** Parses `git ls-remote` output into a map of reference name -> object id. */
export function parseLsRemote(output: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of output.split('\n')) {
    const [sha, name] = line.split('\t');
    if (sha && name) refs.set(name.trim(), sha.trim());
  }
  return refs;
}
