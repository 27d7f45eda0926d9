import { evaluateBool } from '../../engines/cel/index.ts';
import { StallingError, toError } from '../reconcile/index.ts';

/**
 * Evaluates a `dependsOn` entry's `readyExpr` as Flux does, with the depending object as `self`
 * and the dependency as `dep`. An expression that does not compile or evaluate to a bool cannot
 * work until the spec changes: a StallingError `InvalidCELExpression` naming the dependency `id`
 * (`namespace/name`).
 */
export function readyByExpression(expr: string, self: unknown, dep: unknown, id: string): boolean {
  try {
    return evaluateBool(expr, { self, dep });
  } catch (e: unknown) {
    throw new StallingError(
      'InvalidCELExpression',
      `invalid readyExpr for dependency '${id}': ${toError(e).message}`,
      { cause: e },
    );
  }
}
