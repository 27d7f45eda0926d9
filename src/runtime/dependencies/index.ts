/**
 * What the controllers with `dependsOn` share (Kustomization, HelmRelease): the evaluation of a
 * dependency's `readyExpr`.
 */
export { readyByExpression } from './ready-expr.ts';
