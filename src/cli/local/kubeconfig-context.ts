import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse, stringify } from 'yaml';

type Named = { name: string; [k: string]: unknown };
interface RawConfig {
  apiVersion?: string;
  kind?: string;
  clusters?: Named[];
  users?: Named[];
  contexts?: Named[];
  'current-context'?: string;
  [k: string]: unknown;
}

/** What {@link mergeContext} did to the kubeconfig. */
export interface MergedContext {
  /** The context is now the current one (the file was new, had none, or already used it). */
  current: boolean;
  /** The current context left in place, when it is another one. */
  kept?: string;
}

/**
 * Writes the local cluster's access into the user's kubeconfig as context `name` (cluster `name`,
 * user `name-admin`), replacing entries of those names and keeping everything else, so `tsflux`
 * and `kubectl` in another shell find the cluster without an export, as flux users expect. It
 * becomes the current context only where that takes nothing away: a new file, a file without a
 * current context, or one whose current context is already `name`.
 */
export function mergeContext(target: string, source: string, name = 'tsflux'): MergedContext {
  const src = parse(readFileSync(source, 'utf8')) as RawConfig;
  const ctx = src.contexts?.find((c) => c.name === src['current-context']);
  const ref = (ctx?.context ?? {}) as { cluster?: string; user?: string };
  const cluster = src.clusters?.find((c) => c.name === ref.cluster);
  const user = src.users?.find((u) => u.name === ref.user);
  if (!cluster || !user) throw new Error(`kubeconfig '${source}' has no complete current context`);
  const dst: RawConfig = existsSync(target)
    ? ((parse(readFileSync(target, 'utf8')) as RawConfig | null) ?? {})
    : {};
  const put = (list: Named[] | undefined, entry: Named) => [
    ...(list ?? []).filter((e) => e.name !== entry.name),
    entry,
  ];
  dst.apiVersion ??= 'v1';
  dst.kind ??= 'Config';
  dst.clusters = put(dst.clusters, { ...cluster, name });
  dst.users = put(dst.users, { ...user, name: `${name}-admin` });
  dst.contexts = put(dst.contexts, { name, context: { cluster: name, user: `${name}-admin` } });
  const previous = dst['current-context'];
  const current = !previous || previous === name;
  if (current) dst['current-context'] = name;
  mkdirSync(dirname(target), { recursive: true });
  // credentials: readable by the user alone, as kubectl writes it
  writeFileSync(target, stringify(dst), { mode: 0o600 });
  return current ? { current } : { current, kept: previous };
}
