import { toError } from '../errors/index.ts';
import { Status, type StatusResult } from '../kstatus/index.ts';
import { type BoolExpression, compileBool } from './boolean.ts';

/**
 * CEL expressions that tell the health of the objects of one apiVersion (and kind, when set), as
 * Flux's `healthCheckExprs`: `current` must hold for the object to be healthy, `failed` marks it
 * failed, `inProgress` keeps it waiting.
 */
export interface HealthExpressions {
  apiVersion: string;
  kind?: string;
  current: string;
  inProgress?: string;
  failed?: string;
}

/** The shape of an object the expressions read: their variables are its top-level fields. */
interface Subject {
  apiVersion?: string;
  kind?: string;
  metadata?: { generation?: number };
  status?: unknown;
}

interface Compiled {
  source: HealthExpressions;
  current: BoolExpression;
  inProgress?: BoolExpression;
  failed?: BoolExpression;
}

/**
 * Health checks parsed once: {@link HealthChecks.statusOf} gives the status of an object by the
 * first check naming its apiVersion and kind, or undefined when none does (the caller then uses
 * kstatus).
 */
export interface HealthChecks {
  statusOf(obj: Subject): StatusResult | undefined;
}

/**
 * Parses every expression up front, so a typo fails before anything is applied or waited for:
 * `failed to parse health check expression '<expr>' for <apiVersion>/<kind>: <parser error>`.
 */
export function compileHealthChecks(checks: readonly HealthExpressions[] | undefined): HealthChecks {
  const compiled = (checks ?? []).map(
    (c): Compiled => ({
      source: c,
      current: compileOne(c, c.current),
      inProgress: c.inProgress ? compileOne(c, c.inProgress) : undefined,
      failed: c.failed ? compileOne(c, c.failed) : undefined,
    }),
  );
  return {
    statusOf(obj) {
      const check = compiled.find(
        (c) => c.source.apiVersion === obj.apiVersion && (!c.source.kind || c.source.kind === obj.kind),
      );
      return check && statusBy(obj, check);
    },
  };
}

function compileOne(check: HealthExpressions, expr: string): BoolExpression {
  try {
    return compileBool(expr);
  } catch (e: unknown) {
    // the parser's message goes on with a caret drawing on further lines: the first one says it
    const why = toError(e).message.split('\n')[0];
    throw new Error(
      `failed to parse health check expression '${expr}' for ${check.apiVersion}/${check.kind ?? '*'}: ${why}`,
    );
  }
}

// Flux's order: a generation not yet observed is InProgress; then `failed`, `inProgress` and
// `current`; none true, or a field not there yet (an evaluation error), keeps the check waiting
function statusBy(obj: Subject, check: Compiled): StatusResult {
  const observed = (obj.status as { observedGeneration?: number } | undefined)?.observedGeneration;
  if (observed !== undefined && observed !== obj.metadata?.generation)
    return { status: Status.InProgress, message: 'generation not observed yet' };
  const context = obj as Record<string, unknown>;
  const holds = (expr: BoolExpression | undefined) => {
    if (!expr) return false;
    try {
      return expr(context);
    } catch {
      return false;
    }
  };
  const { source } = check;
  if (holds(check.failed))
    return { status: Status.Failed, message: `health check expression '${source.failed}' is true` };
  if (holds(check.inProgress))
    return { status: Status.InProgress, message: `health check expression '${source.inProgress}' is true` };
  if (holds(check.current)) return { status: Status.Current, message: '' };
  return { status: Status.InProgress, message: `waiting for '${source.current}'` };
}
