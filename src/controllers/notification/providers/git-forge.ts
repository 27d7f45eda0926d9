import type { FluxEvent } from '../../../runtime/events/index.ts';
import type { ProviderConfig } from './notifier.ts';
import { callJson } from './post.ts';

/** A forge repository address split as Flux splits it: `scheme://host[:port]` and the path id. */
export interface GitAddress {
  /** `https://github.example.com`; an `ssh://` or scp-like address becomes `https://`. */
  host: string;
  /** The repository's path without the leading `/` or a trailing `.git`: `owner/repo`. */
  id: string;
}

/**
 * Parses a Provider's `address` (an HTTPS or SSH clone URL, or `git@host:owner/repo`) into the
 * forge's base URL and the repository id, as Flux does before calling the forge's API.
 */
export function parseGitAddress(address: string): GitAddress {
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(address);
  let url: URL;
  try {
    url = scp ? new URL(`https://${scp[1]}/${scp[2]}`) : new URL(address);
  } catch {
    throw new Error(`invalid git address '${address}'`);
  }
  const scheme = url.protocol === 'ssh:' ? 'https:' : url.protocol;
  const id = url.pathname.replace(/^\/+/, '').replace(/\.git$/, '');
  return { host: `${scheme}//${url.host}`, id };
}

/** The id's path segments, which must be `count` (`owner/repo` is two). */
export function repositorySegments(id: string, count: number): string[] {
  const parts = id.split('/');
  if (parts.length !== count) throw new Error(`invalid repository id "${id}"`);
  return parts;
}

/**
 * The commit hash of a source revision: `main@sha1:<hash>`, `<hash>` alone, `sha256:<hash>`, or
 * the legacy `main/<hash>`; anything else is refused as Flux refuses it.
 */
export function commitHash(revision: string): string {
  let hash = revision;
  if (revision.includes('@')) hash = revision.slice(revision.lastIndexOf('@') + 1);
  else if (revision.includes('/')) hash = `sha1:${revision.slice(revision.lastIndexOf('/') + 1)}`;
  const typed = /^(sha1|sha256):([0-9a-f]+)$/i.exec(hash);
  if (typed) return typed[2];
  if (/^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(hash)) return hash;
  throw new Error(`failed to extract commit hash from '${revision}' revision`);
}

/** The event's `revision` metadata (cleaned of its group prefix), which a commit status needs. */
export function eventRevision(event: FluxEvent): string {
  const revision = event.metadata?.revision;
  if (!revision) throw new Error('missing revision metadata');
  return revision;
}

/** A commit status as the forges take it: a key (Flux's id or `commitStatusExpr`), a state, text. */
export interface CommitStatus {
  key: string;
  state: string;
  name: string;
  description: string;
}

/** The requests of one forge API, bound to a delivery's signal: JSON in, JSON out. */
export type ForgeCall = <T = unknown>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  body?: unknown,
) => Promise<T>;

/**
 * A forge API client for one delivery: paths relative to `base`, the forge's auth `headers`, the
 * Provider's own headers, TLS and proxy, and {@link callJson}'s retries within `signal`.
 */
export function forgeCall(
  config: ProviderConfig,
  base: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): ForgeCall {
  return (method, path, body) =>
    callJson(`${base.replace(/\/+$/, '')}${path}`, body, {
      signal,
      method,
      headers: { Accept: 'application/json', ...config.headers, ...headers },
      transport: config.transport,
    });
}

/** The commit-status key, which the dispatcher computes (Flux's default or `commitStatusExpr`). */
export function commitStatusKey(config: ProviderConfig): string {
  if (!config.commitStatus) throw new Error('commit status cannot be empty');
  return config.commitStatus;
}

/** A required credential of a forge Provider, named as Flux names it in its error. */
export function requireToken(config: ProviderConfig, forge: string): string {
  if (!config.token) throw new Error(`${forge} token cannot be empty`);
  return config.token;
}

/** `encodeURIComponent` for each path segment a forge path takes from the Provider or the event. */
export const seg = (s: string | number) => encodeURIComponent(String(s));

/** A forge repository addressed as `<owner>/<repo>`, and how to call its API. */
export interface OwnerRepository {
  /** `/repos/<owner>/<repo>`, the prefix of every repository call (GitHub's and Gitea's APIs). */
  repo: string;
  client(signal: AbortSignal): ForgeCall;
}

/**
 * The `<owner>/<repo>` repository of a Provider's `address` on a forge whose API `api` describes
 * from the address's host (its base URL, and its auth headers for a token). The token is the
 * Provider's, or, without one, what `tokenFor` gets once per delivery (a GitHub App's
 * installation token).
 */
export function ownerRepository(
  config: ProviderConfig,
  forge: string,
  api: (host: string) => { base: string; headers: (token: string) => Record<string, string> },
  tokenFor?: (signal: AbortSignal) => Promise<string>,
): OwnerRepository {
  if (!tokenFor) requireToken(config, forge);
  const { host, id } = parseGitAddress(config.address);
  const [owner, repo] = repositorySegments(id, 2);
  const { base, headers } = api(host);
  return {
    repo: `/repos/${seg(owner)}/${seg(repo)}`,
    client: (signal) => {
      if (config.token) return forgeCall(config, base, headers(config.token), signal);
      let ready: Promise<ForgeCall> | undefined;
      return async <T = unknown>(...args: Parameters<ForgeCall>): Promise<T> => {
        ready ??= (tokenFor ?? (() => Promise.reject(new Error(`${forge} token cannot be empty`))))(
          signal,
        ).then((token) => forgeCall(config, base, headers(token), signal));
        return (await ready)<T>(...args);
      };
    },
  };
}
