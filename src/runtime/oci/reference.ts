/** An OCI artifact reference: `host[:port]/repository[:tag][@digest]`. */
export interface OciReference {
  host: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/**
 * Parses `oci://host/repo[:tag][@sha256:…]` (the scheme is optional) as Flux's OCIRepository URL
 * and the `tsflux push/pull artifact` argument. A tag or digest in the URL is refused where the
 * caller passes `allowRef: false` (OCIRepository keeps refs in `spec.ref`).
 */
export function parseOciReference(input: string, options: { allowRef?: boolean } = {}): OciReference {
  const raw = input.replace(/^oci:\/\//, '');
  if (raw === input && /^[a-z]+:\/\//.test(input))
    throw new Error(`URL must be in format 'oci://<domain>/<org>/<repo>', got '${input}'`);
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`invalid digest '${digest}'`);
  }
  const slash = rest.indexOf('/');
  if (slash <= 0) throw new Error(`URL must be in format 'oci://<domain>/<org>/<repo>', got '${input}'`);
  const host = rest.slice(0, slash);
  let repository = rest.slice(slash + 1);
  let tag: string | undefined;
  const colon = repository.lastIndexOf(':');
  if (colon >= 0) {
    tag = repository.slice(colon + 1);
    repository = repository.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw new Error(`invalid tag '${tag}'`);
  }
  if (
    !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)
  ) {
    throw new Error(`invalid repository name '${repository}'`);
  }
  if ((tag || digest) && options.allowRef === false)
    throw new Error(`URL must not contain a tag or digest: '${input}'`);
  return { host, repository, tag, digest };
}

/**
 * Loopback and private (RFC 1918) registry addresses, which Go's registry clients (and so Flux)
 * may reach over plain HTTP after HTTPS fails.
 */
export function isLocalRegistryHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return (
    name === 'localhost' ||
    name === '::1' ||
    /^127\./.test(name) ||
    /^10\./.test(name) ||
    /^192\.168\./.test(name) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(name)
  );
}
