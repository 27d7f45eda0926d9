import { parse } from '@marcbachmann/cel-js';

/** A CEL expression parsed once; it may give any value (a string, a list, a map...). */
export type ValueExpression = (context: Record<string, unknown>) => unknown;

/**
 * Parses a CEL expression whose result is used as a value rather than tested (the OIDC claim
 * variables of a generic-oidc Receiver), throwing the parser's error on a syntax error.
 */
export function compileValue(expr: string): ValueExpression {
  const program = parse(expr);
  return (context) => program(context);
}
