import { toError } from '../../../engines/errors/index.ts';
import { parseVersion, setMetadata, type Version } from '../../../engines/semver/index.ts';

/**
 * Sets SemVer build metadata on a chart version as Flux does (Masterminds' coercing parse, then
 * the canonical form with the metadata replaced): `6.0.0` + `4e5cbb7b97d0` is
 * `6.0.0+4e5cbb7b97d0`.
 */
export function setBuildMetadata(version: string, metadata: string): string {
  let v: Version;
  try {
    v = parseVersion(version);
  } catch (e: unknown) {
    throw new Error(`failed to parse version from chart metadata as SemVer: ${toError(e).message}`);
  }
  try {
    return setMetadata(v, metadata).toString();
  } catch (e: unknown) {
    throw new Error(`failed to set SemVer metadata on chart version: ${toError(e).message}`);
  }
}

/**
 * The build metadata of a chart packaged from a GitRepository or Bucket with
 * `reconcileStrategy: Revision`: the first 12 hex characters of the commit (of `main@sha1:<hex>`)
 * or of the bucket digest (`sha256:<hex>`).
 */
export function revisionMetadata(kind: string, revision: string): string {
  let rev = revision;
  if (kind === 'GitRepository') {
    const at = rev.lastIndexOf('@');
    rev = at >= 0 ? rev.slice(at + 1) : rev;
    rev = rev.replace(/^(sha1|sha256):/, '');
    if (/^[^/]+\/[0-9a-f]{40,64}$/.test(rev)) rev = rev.split('/')[1];
  } else if (/^sha256:[0-9a-f]{64}$/.test(rev)) rev = rev.slice('sha256:'.length);
  return rev.slice(0, 12);
}

/** Flux's version metadata: the revision (Revision strategy) and/or the generation (values files). */
export function versionMetadata(
  revisionMeta: string | undefined,
  valuesFiles: string[],
  generation: number,
): string {
  let meta = revisionMeta ?? '';
  if (valuesFiles.length > 0) meta = meta ? `${meta}.${generation}` : String(generation);
  return meta;
}
