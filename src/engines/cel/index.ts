export { type BoolExpression, compileBool, evaluateBool } from './boolean.ts';
export { compileHealthChecks, type HealthChecks, type HealthExpressions } from './health.ts';
export { compileValue, type ValueExpression } from './value.ts';
