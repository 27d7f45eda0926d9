import { evaluate } from '@marcbachmann/cel-js';

/**
 * Evaluates a CEL expression that must give a boolean (Flux's readyExpr and health check
 * expressions); anything else is an error naming the expression.
 */
export function evaluateBool(expr: string, context: Record<string, unknown>): boolean {
  const value = evaluate(expr, context);
  if (typeof value !== 'boolean')
    throw new Error(`expression '${expr}' did not evaluate to a boolean, got ${typeof value}`);
  return value;
}
