import type { ImagePolicySpec } from '../../../api/image/v1/index.ts';
import { compileRegex } from '../../../engines/regex/index.ts';
import { parseConstraints, parseFluxVersion, pickHighest, tryParse } from '../../../engines/semver/index.ts';
import { toError } from '../../../runtime/reconcile/index.ts';

/** A policy that cannot work as written (a bad range or pattern); the message is the reason. */
export class InvalidPolicyError extends Error {
  override name = 'InvalidPolicyError';
}

type Policy = ImagePolicySpec['policy'];

/**
 * `filterTags`: the tags the pattern matches (anywhere, RE2), each under the value `extract`
 * expands from its first match (`$1`, `${name}`), or under itself without `extract`. A later tag
 * with the same extracted value replaces an earlier one, as Flux's map does.
 */
export function filterTags(
  tags: Iterable<string>,
  filter: ImagePolicySpec['filterTags'],
): Map<string, string> {
  const out = new Map<string, string>();
  if (!filter?.pattern) {
    for (const t of tags) out.set(t, t);
    return out;
  }
  let re: ReturnType<typeof compileRegex>;
  try {
    re = compileRegex(filter.pattern);
  } catch (e: unknown) {
    throw new InvalidPolicyError(
      `invalid regular expression pattern '${filter.pattern}': ${toError(e).message}`,
    );
  }
  for (const t of tags) {
    const m = re.exec(t);
    if (!m) continue;
    out.set(filter.extract ? re.expand(filter.extract, m) : t, t);
  }
  return out;
}

/** A tag read as the numerical policy reads it (Go's ParseFloat of a decimal), or undefined. */
export function numericValue(tag: string): number | undefined {
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(tag) ? Number(tag) : undefined;
}

// the candidate value a policy ranks highest, or an error message
function latestValue(values: string[], policy: Policy): string {
  if (values.length === 0) throw new Error('version list argument cannot be empty');
  if (policy.semver) {
    let constraints: ReturnType<typeof parseConstraints>;
    try {
      constraints = parseConstraints(policy.semver.range);
    } catch (e: unknown) {
      throw new InvalidPolicyError(`invalid semver range '${policy.semver.range}': ${toError(e).message}`);
    }
    const best = pickHighest(values, (v) => tryParse(v, parseFluxVersion), { constraints });
    if (!best) throw new Error('unable to determine latest version from provided list');
    return best.item;
  }
  if (policy.numerical) {
    const numbers = values.map((v) => {
      const n = numericValue(v);
      if (n === undefined) throw new Error(`failed to parse invalid numeric value '${v}'`);
      return n;
    });
    const desc = policy.numerical.order === 'desc';
    let best = 0;
    for (let i = 1; i < values.length; i++)
      if (desc ? numbers[i] < numbers[best] : numbers[i] > numbers[best]) best = i;
    return values[best];
  }
  if (policy.alphabetical) {
    const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return policy.alphabetical.order === 'desc' ? sorted[0] : sorted[sorted.length - 1];
  }
  throw new InvalidPolicyError('no policy given: set one of semver, alphabetical or numerical');
}

/**
 * The tag an ImagePolicy selects among a repository's tags: `filterTags` first, then the policy
 * over the extracted values (semver: the highest version in the range, tags read as Flux reads
 * versions, with an optional `v`; alphabetical and numerical: the last in `order`, `asc` by
 * default). Throws {@link InvalidPolicyError} for a spec that cannot work, an Error when no tag
 * qualifies.
 */
export function selectTag(
  tags: Iterable<string>,
  spec: Pick<ImagePolicySpec, 'policy' | 'filterTags'>,
): string {
  const candidates = filterTags(tags, spec.filterTags);
  return candidates.get(latestValue([...candidates.keys()], spec.policy)) as string;
}
