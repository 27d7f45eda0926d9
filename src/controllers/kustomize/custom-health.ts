import type { CustomHealthCheck } from '../../api/meta/index.ts';
import { compileHealthChecks } from '../../engines/cel/index.ts';

/**
 * Parses every `spec.healthCheckExprs` expression up front, so a typo stalls the reconcile
 * before anything is applied (ssa's wait evaluates them, parsing them again).
 */
export function validateExpressions(checks: CustomHealthCheck[] | undefined): void {
  compileHealthChecks(checks);
}
