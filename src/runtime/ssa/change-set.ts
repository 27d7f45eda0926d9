import type { KubeObject } from '../kube/index.ts';
import { formatObject, groupOf } from './objects.ts';

/** What an apply or a prune did to one object, in Flux's words. */
export const ApplyAction = {
  Created: 'created',
  Configured: 'configured',
  Unchanged: 'unchanged',
  Deleted: 'deleted',
  Skipped: 'skipped',
  Unknown: 'unknown',
} as const;
export type ApplyAction = (typeof ApplyAction)[keyof typeof ApplyAction];

/** One object's line in a change set: its identity, version and the action taken. */
export interface ChangeSetEntry {
  /** `Kind/namespace/name` as Flux prints it. */
  subject: string;
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  action: ApplyAction;
}

/** Builds the change set entry of an object. */
export function changeSetEntry(obj: KubeObject, action: ApplyAction): ChangeSetEntry {
  const apiVersion = obj.apiVersion ?? '';
  return {
    subject: formatObject(obj),
    group: groupOf(obj),
    version: apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion,
    kind: obj.kind ?? '',
    namespace: obj.metadata?.namespace ?? '',
    name: obj.metadata?.name ?? '',
    action,
  };
}

/** One entry as Flux logs it: `Deployment/apps/podinfo configured`. */
export function formatEntry(entry: ChangeSetEntry): string {
  return `${entry.subject} ${entry.action}`;
}

/** A whole change set as Flux writes it in events: one entry a line. */
export function formatChangeSet(entries: ChangeSetEntry[]): string {
  return entries.map(formatEntry).join('\n');
}

/** Tells whether an action changed the cluster (what Flux reports in its events). */
export function hasChanged(action: ApplyAction): boolean {
  return (
    action === ApplyAction.Created || action === ApplyAction.Configured || action === ApplyAction.Deleted
  );
}

/** A change set as Flux logs it after an apply: `{ "Deployment/apps/podinfo": "configured" }`. */
export function changeSetToMap(entries: ChangeSetEntry[]): Record<string, ApplyAction> {
  return Object.fromEntries(entries.map((e) => [e.subject, e.action]));
}
