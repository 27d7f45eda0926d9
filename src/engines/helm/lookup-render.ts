import type { Chart } from './chart.ts';
import { deepCopy } from './coalesce.ts';
import type { LookupFn } from './funcs.ts';
import { type RenderOptions, type RenderResult, renderChart } from './render.ts';

/** One object (or, with an empty name, one list) a chart's `lookup` asked for. */
export interface LookupKey {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Answers the lookups of one render pass, in the order of `keys`: each answer is the object (or
 * `{items: [...]}` for an empty name) as Helm's `lookup` returns it, an empty map when it does not
 * exist. It may be asynchronous, as a cluster is; a rejection fails the render.
 */
export type LookupResolver = (keys: LookupKey[]) => Promise<Record<string, unknown>[]>;

/**
 * Render passes at most: each pass answers what the previous one asked, so a chart whose lookups
 * depend on other lookups' answers needs one pass per level; four covers every chart we know of
 * (one level is the common case), and a chart that keeps asking new keys cannot loop forever.
 */
export const MAX_LOOKUP_PASSES = 4;

const keyOf = (k: LookupKey) => JSON.stringify([k.apiVersion, k.kind, k.namespace, k.name]);

/**
 * {@link renderChart} with a `lookup` answered by an asynchronous resolver, without blocking the
 * event loop (templates run synchronously): each pass renders with a lookup that answers from
 * what was resolved so far and records every key it could not answer (returning an empty map for
 * it, as an offline render does); the recorded keys are resolved, and the chart is rendered
 * again, until a pass asks nothing new or {@link MAX_LOOKUP_PASSES} is reached. A pass that fails
 * while it asked new keys is tried again with their answers (a template may fail on the empty
 * map, e.g. `index` into a missing field); a pass that fails asking nothing new fails the render.
 */
export async function renderChartWithLookups(
  chart: Chart,
  options: Omit<RenderOptions, 'lookup'>,
  resolve: LookupResolver,
): Promise<RenderResult> {
  const answers = new Map<string, Record<string, unknown>>();
  for (let pass = 1; ; pass++) {
    const asked = new Map<string, LookupKey>();
    const lookup: LookupFn = (apiVersion, kind, namespace, name) => {
      const key = { apiVersion, kind, namespace, name };
      const known = answers.get(keyOf(key));
      if (known) return deepCopy(known); // a template may change what it got (`set`)
      asked.set(keyOf(key), key);
      return {};
    };
    let result: RenderResult | undefined;
    let failure: unknown;
    try {
      result = renderChart(chart, { ...options, lookup });
    } catch (e: unknown) {
      failure = e;
    }
    if (asked.size === 0 || pass === MAX_LOOKUP_PASSES) {
      if (result) return result;
      throw failure;
    }
    const keys = [...asked.values()];
    const found = await resolve(keys);
    for (const [i, k] of keys.entries()) answers.set(keyOf(k), found[i] ?? {});
  }
}
