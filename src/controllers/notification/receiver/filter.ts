import type { IncomingHttpHeaders } from 'node:http';
import { type BoolExpression, compileBool } from '../../../engines/cel/index.ts';
import type { KubeObject } from '../../../runtime/kube/index.ts';
import { toError } from '../../../runtime/reconcile/index.ts';

/** Decides, for one resource a Receiver names, whether its reconcile is requested. */
export type ResourceFilter = (resource: KubeObject, own?: string) => boolean;

/** A `resourceFilter` or per-resource `filter` that does not compile: the Receiver's spec is wrong. */
export function compileFilter(expr: string, what = 'resourceFilter'): BoolExpression {
  try {
    return compileBool(expr);
  } catch (e: unknown) {
    throw new Error(`invalid ${what} expression: ${toError(e).message}`);
  }
}

/** Whether a request says its body is JSON (Flux reads `req` only then). */
function isJson(headers: IncomingHttpHeaders): boolean {
  return (headers['content-type'] ?? '')
    .split(',')
    .some((t) => t.split(';')[0].trim().toLowerCase() === 'application/json');
}

/**
 * The filters of one call: the Receiver's `resourceFilter` and a resource's own `filter`, CEL
 * expressions over `res` (the resource's apiVersion, kind and metadata), `req` (the JSON body,
 * `{}` when the request is not JSON) and, for generic-oidc, `claims`; a reconcile is requested
 * only when both (when set) are true.
 */
export function callFilter(
  resourceFilter: string | undefined,
  headers: IncomingHttpHeaders,
  payload: Buffer,
  claims?: Record<string, unknown>,
): ResourceFilter {
  const top = resourceFilter ? compileFilter(resourceFilter) : undefined;
  let req: Record<string, unknown> = {};
  if (isJson(headers)) {
    try {
      req = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    } catch (e: unknown) {
      throw new Error(`failed to parse request body as JSON: ${toError(e).message}`);
    }
  }
  const own = new Map<string, BoolExpression>();
  return (resource, filter) => {
    const context: Record<string, unknown> = {
      res: { apiVersion: resource.apiVersion, kind: resource.kind, metadata: resource.metadata },
      req,
      ...(claims ? { claims } : {}),
    };
    if (top && !top(context)) return false;
    if (!filter) return true;
    const f = own.get(filter) ?? compileFilter(filter, 'filter');
    own.set(filter, f);
    return f(context);
  };
}
