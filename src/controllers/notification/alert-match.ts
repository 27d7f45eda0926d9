import type { AlertSpec } from '../../api/notification/v1beta3/index.ts';
import { compileRegex, type Regex } from '../../engines/regex/index.ts';
import type { FluxEvent } from '../../runtime/events/index.ts';

type EventSource = AlertSpec['eventSources'][number];

/** The labels of an event's object, when a wildcard source with `matchLabels` needs them. */
export type LabelsOf = (kind: string, namespace: string, name: string) => Record<string, string> | undefined;

/**
 * Whether an event is one an Alert's source names: same kind, same namespace (the Alert's when the
 * source gives none), and the same name, or `*` and (with `matchLabels`) an object whose labels
 * include them all.
 */
export function sourceMatches(
  source: EventSource,
  alertNamespace: string,
  event: FluxEvent,
  labelsOf: LabelsOf,
): boolean {
  const o = event.involvedObject;
  if (o.kind !== source.kind || o.namespace !== (source.namespace ?? alertNamespace)) return false;
  if (source.name !== '*') return o.name === source.name;
  if (!source.matchLabels || !Object.keys(source.matchLabels).length) return true;
  const labels = labelsOf(o.kind ?? '', o.namespace ?? '', o.name ?? '') ?? {};
  return Object.entries(source.matchLabels).every(([k, v]) => labels[k] === v);
}

/** `info` Alerts take every event; `error` Alerts only errors. */
export const severityMatches = (alertSeverity: string | undefined, event: FluxEvent) =>
  (alertSeverity ?? 'info') === 'info' || event.severity === alertSeverity;

/** Compiled `inclusionList`/`exclusionList` patterns (Go RE2 syntax, linear time); bad ones reported. */
export function compilePatterns(
  patterns: string[] | undefined,
  onError: (pattern: string, e: unknown) => void,
) {
  const out: Regex[] = [];
  for (const p of patterns ?? []) {
    try {
      out.push(compileRegex(p));
    } catch (e: unknown) {
      onError(p, e);
    }
  }
  return out;
}

/**
 * Whether the message passes an Alert's lists: with an inclusion list, one pattern must match;
 * no exclusion pattern may match.
 */
export function messagePasses(
  message: string,
  include: Regex[],
  exclude: Regex[],
  hasInclusionList: boolean,
) {
  if (hasInclusionList && !include.some((r) => r.test(message))) return false;
  return !exclude.some((r) => r.test(message));
}
