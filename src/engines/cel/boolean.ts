import { evaluate, parse } from '@marcbachmann/cel-js';

/** A CEL expression parsed once, evaluated many times; it must give a boolean. */
export type BoolExpression = (context: Record<string, unknown>) => boolean;

/**
 * Evaluates a CEL expression that must give a boolean (Flux's `readyExpr` and health check
 * expressions); anything else is an error naming the expression.
 */
export function evaluateBool(expr: string, context: Record<string, unknown>): boolean {
  return asBool(expr, evaluate(expr, context));
}

/**
 * Parses a CEL expression up front (throwing the parser's error on a syntax error), so that a
 * wait evaluating it on every watch event does not parse it again each time.
 */
export function compileBool(expr: string): BoolExpression {
  const program = parse(expr);
  return (context) => asBool(expr, program(context));
}

function asBool(expr: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new Error(`expression '${expr}' did not evaluate to a boolean, got ${typeof value}`);
  return value;
}
