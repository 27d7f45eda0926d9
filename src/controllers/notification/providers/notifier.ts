import type { FluxEvent } from '../../../runtime/events/index.ts';
import type { GitHubApp } from './github-app.ts';
import type { Transport } from './http.ts';

/** What a Provider resolves to once its Secret is read: where and how to deliver. */
export interface ProviderConfig {
  /** `spec.address`, or the Secret's `address` (which wins, as in Flux). */
  address: string;
  token?: string;
  username?: string;
  password?: string;
  channel?: string;
  /** The Secret's `headers` (a YAML map), sent with every request. */
  headers: Record<string, string>;
  /** The Provider's `certSecretRef` TLS and proxy; unset, the system's CAs and no proxy. */
  transport?: Transport;
  /** The Provider's UID: the comment providers key their comment with it. */
  providerUid?: string;
  /** What a commit-status provider names its status (Flux's default key, or `commitStatusExpr`). */
  commitStatus?: string;
  /** A GitHub App from the Secret's `githubApp*` keys: the github types' credentials without a `token`. */
  githubApp?: GitHubApp;
  /** The Alert delivering the event: `otel` names its service after it. */
  alert?: { name: string; namespace: string; uid: string };
}

/**
 * One Provider type's delivery of one event; throws when the service refused it. What it resolves
 * to (a service's answer) is not read: resolving means delivered.
 */
export interface Notifier {
  post(event: FluxEvent, signal: AbortSignal): Promise<unknown>;
}

/** `kind/name.namespace`, as Flux's chat providers title an event. */
export function objectTitle(event: FluxEvent): string {
  const o = event.involvedObject;
  return `${(o.kind ?? '').toLowerCase()}/${o.name ?? ''}.${o.namespace ?? ''}`;
}

/** The event's metadata as sorted pairs, so a payload is the same for the same event. */
export function sortedMetadata(event: FluxEvent): [string, string][] {
  return Object.entries(event.metadata ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The event's time as RFC 3339 to the second (`2026-01-01T00:00:00Z`), the form Flux's Go
 * notifiers send; an unreadable timestamp is sent as it came.
 */
export function rfc3339Seconds(timestamp: string): string {
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? timestamp : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
