import { createHash } from 'node:crypto';

/** `sha256:<hex>` of some bytes: the digest format of Flux artifacts. */
export function sha256Digest(data: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/**
 * A Git revision as Flux writes it: `<ref>@sha1:<commit>` where ref is the branch or tag name
 * (`main@sha1:…`, `v1.2.3@sha1:…`) or a full reference name (`refs/pull/1/head@sha1:…`), and
 * `sha1:<commit>` for a bare commit. SHA-256 repositories use `sha256:`.
 */
export function gitRevision(ref: string | undefined, commit: string): string {
  const algo = commit.length === 64 ? 'sha256' : 'sha1';
  return ref ? `${ref}@${algo}:${commit}` : `${algo}:${commit}`;
}

/** An OCI revision as Flux writes it: `<tag>@sha256:<manifest digest>`, or the digest alone. */
export function ociRevision(tag: string | undefined, digest: string): string {
  return tag ? `${tag}@${digest}` : digest;
}

/** The parts of a revision string: the ref or tag before `@` (if any) and the `algo:hex` digest. */
export function parseRevision(
  revision: string,
): { ref?: string; algorithm: string; hex: string } | undefined {
  const at = revision.lastIndexOf('@');
  const ref = at > 0 ? revision.slice(0, at) : undefined;
  const digest = at > 0 ? revision.slice(at + 1) : revision;
  const m = /^(sha1|sha256|sha384|sha512):([0-9a-f]+)$/.exec(digest);
  if (!m) return undefined;
  return { ref, algorithm: m[1], hex: m[2] };
}
