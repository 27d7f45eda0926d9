import { SourceReason } from '../../../api/source/v1/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import type { GitAuth } from '../../../runtime/git/index.ts';
import { StallingError, TransientError } from '../../../runtime/reconcile/index.ts';
import { readSecret } from '../common/secrets.ts';
import type { SourceRun } from '../common/source-kind.ts';
import type { GitRepositoryObject } from './types.ts';

/**
 * Parses `spec.url` as Flux does before anything else: an unparsable URL or a transport other than
 * HTTP(S)/SSH cannot work until the spec changes, so it stalls (`URLInvalid`) instead of retrying.
 */
export function parseRepositoryUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (e: unknown) {
    throw new StallingError(
      SourceReason.URLInvalid,
      `failed to parse url '${raw}': ${toError(e).message.toLowerCase()}`,
    );
  }
  if (!['http:', 'https:', 'ssh:'].includes(url.protocol))
    throw new StallingError(
      SourceReason.URLInvalid,
      `failed to configure authentication options: unsupported scheme '${url.protocol.slice(0, -1)}'`,
    );
  return url;
}

/**
 * Credentials of a GitRepository from `spec.secretRef` (HTTPS basic `username`/`password`,
 * `bearerToken`, `ca.crt` or legacy `caFile`, mTLS `tls.crt`/`tls.key`; SSH `identity`,
 * `known_hosts` and the key's `password`) and `spec.proxySecretRef` (`address`, `username`,
 * `password`). Every value is registered with the redactor by `readSecret`.
 */
export async function authOptions(obj: GitRepositoryObject, url: URL, run: SourceRun): Promise<GitAuth> {
  const namespace = obj.metadata?.namespace ?? '';
  const auth: GitAuth = {};
  const transport = url.protocol.slice(0, -1);
  const invalid = (what: string) =>
    new TransientError(
      SourceReason.AuthenticationFailed,
      `failed to configure authentication options: invalid '${transport}' auth option: ${what}`,
    );
  const secret = obj.spec.secretRef?.name
    ? await readSecret(run.env.kube, namespace, obj.spec.secretRef.name)
    : undefined;
  if (transport === 'ssh') {
    // as Flux's client: SSH needs a key and the host keys to trust, secret or not
    auth.identity = secret?.text('identity');
    auth.knownHosts = secret?.text('known_hosts');
    auth.identityPassword = secret?.text('password');
    if (!auth.identity) throw invalid("'identity' is required");
    if (!auth.knownHosts) throw invalid("'known_hosts' is required");
  } else if (secret) {
    auth.bearerToken = secret.text('bearerToken');
    auth.username = secret.text('username');
    auth.password = secret.text('password');
    if (auth.password && !auth.username) throw invalid("'password' requires 'username' to be set");
    auth.caFile = secret.text('ca.crt') ?? secret.text('caFile');
    // a client certificate is used only when both halves are there
    auth.certFile = secret.text('tls.crt');
    auth.keyFile = secret.text('tls.key');
  }
  if (obj.spec.proxySecretRef?.name) {
    const proxy = await readSecret(run.env.kube, namespace, obj.spec.proxySecretRef.name);
    const address = proxy.text('address');
    if (!address)
      throw new TransientError(
        SourceReason.AuthenticationFailed,
        `invalid proxy secret '${namespace}/${obj.spec.proxySecretRef.name}': key 'address' is missing`,
      );
    let proxyUrl: URL;
    try {
      proxyUrl = new URL(address);
    } catch {
      throw new TransientError(
        SourceReason.AuthenticationFailed,
        `invalid proxy secret '${namespace}/${obj.spec.proxySecretRef.name}': failed to parse address`,
      );
    }
    const user = proxy.text('username');
    if (user !== undefined) {
      proxyUrl.username = encodeURIComponent(user);
      proxyUrl.password = encodeURIComponent(proxy.text('password') ?? '');
    }
    auth.proxy = proxyUrl.toString();
  }
  return auth;
}
