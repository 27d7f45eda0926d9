import { ImageAutomationReason, type ImageUpdateAutomationSpec } from '../../../api/image/v1/index.ts';
import { type LabelSelector, parseLabelSelector } from '../../../engines/selector/index.ts';
import { StallingError, toError } from '../../../runtime/reconcile/index.ts';
import type { ImageUpdateAutomationObject } from '../env.ts';

type Selector = NonNullable<ImageUpdateAutomationSpec['policySelector']>;

const OPERATORS: Record<string, (key: string, values: string[]) => string> = {
  In: (k, v) => `${k} in (${v.join(',')})`,
  NotIn: (k, v) => `${k} notin (${v.join(',')})`,
  Exists: (k) => k,
  DoesNotExist: (k) => `!${k}`,
};

/**
 * `spec.policySelector` (a Kubernetes LabelSelector: `matchLabels` and `matchExpressions`) as
 * the one selector engine reads it; no selector selects every policy of the namespace. A
 * selector that cannot work stalls with `InvalidPolicySelector`.
 */
export function policySelector(obj: ImageUpdateAutomationObject): LabelSelector {
  const s: Selector = obj.spec.policySelector ?? {};
  try {
    const terms = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
    for (const e of s.matchExpressions ?? []) {
      const op = OPERATORS[e.operator];
      if (!op) throw new Error(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
      terms.push(op(e.key, e.values ?? []));
    }
    return parseLabelSelector(terms.join(','));
  } catch (e: unknown) {
    throw new StallingError(
      ImageAutomationReason.InvalidPolicySelector,
      `failed to parse policy selector: ${toError(e).message}`,
    );
  }
}
