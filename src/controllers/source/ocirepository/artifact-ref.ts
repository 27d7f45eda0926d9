import { parseOciReference } from '../../../runtime/oci/index.ts';

/** The registry and repository of `spec.url`. */
export interface RepositoryUrl {
  host: string;
  repository: string;
}

/**
 * Parses `spec.url` as Flux does: it must start with `oci://` and name a repository without a tag
 * or digest (refs live in `spec.ref`). Throws with Flux's wording; the caller stalls with
 * `URLInvalid`.
 */
export function parseRepositoryUrl(url: string): RepositoryUrl {
  if (!url.startsWith('oci://')) throw new Error("URL must be in format 'oci://<domain>/<org>/<repo>'");
  const rest = url.slice('oci://'.length);
  const slash = rest.indexOf('/');
  const path = slash < 0 ? '' : rest.slice(slash + 1);
  const colon = path.indexOf(':');
  if (colon >= 0 && !path.includes('@'))
    throw new Error(`URL must not contain a tag; remove ':${path.slice(colon + 1)}'`);
  const parsed = parseOciReference(url, { allowRef: false });
  return { host: parsed.host, repository: parsed.repository };
}

/** Which artifact `spec.ref` asks for, after Flux's precedence: digest, then semver, then tag. */
export type ArtifactRef =
  | { type: 'digest'; digest: string }
  | { type: 'semver'; semver: string; filter?: string }
  | { type: 'tag'; tag: string };

/** `spec.ref` in precedence order; `latest` when nothing is set. */
export function selectArtifactRef(ref?: {
  digest?: string;
  semver?: string;
  semverFilter?: string;
  tag?: string;
}): ArtifactRef {
  if (ref?.digest) return { type: 'digest', digest: ref.digest };
  if (ref?.semver) return { type: 'semver', semver: ref.semver, filter: ref.semverFilter || undefined };
  return { type: 'tag', tag: ref?.tag || 'latest' };
}

/** `host/repo:tag` or `host/repo@sha256:…`, the reference as Flux prints it in messages. */
export function referenceString(repo: RepositoryUrl, ref: { tag?: string; digest?: string }): string {
  return ref.digest
    ? `${repo.host}/${repo.repository}@${ref.digest}`
    : `${repo.host}/${repo.repository}:${ref.tag}`;
}

/** Whether a digest in `spec.ref.digest` has a form a registry can be asked for. */
export function validDigest(digest: string): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(digest) || /^sha512:[0-9a-f]{128}$/.test(digest);
}
