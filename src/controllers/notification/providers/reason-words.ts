import type { FluxEvent } from '../../../runtime/events/index.ts';

/**
 * A CamelCase word split where the kind of character changes (upper, lower, digit, other), an
 * upper-case run giving its last letter to a following lower-case word:
 * `HealthCheckFailed` -> `Health Check Failed`, `HTTPServer2` -> `HTTP Server 2`.
 */
export function splitCamelCase(word: string): string[] {
  return word.match(/\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{Nd}+|[^\p{Lu}\p{Ll}\p{Nd}]+/gu) ?? [];
}

/**
 * The short name and description incident and commit-status services show for an event:
 * `kind/name` and the reason as lower-case words (`gitrepository/app`, `health check failed`).
 */
export function nameAndDescription(event: FluxEvent): { name: string; description: string } {
  const o = event.involvedObject;
  return {
    name: `${o.kind ?? ''}/${o.name ?? ''}`.toLowerCase(),
    description: splitCamelCase(event.reason).join(' ').toLowerCase(),
  };
}
