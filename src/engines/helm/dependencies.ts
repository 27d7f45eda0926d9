import { parseConstraints, parseVersion } from '../semver/index.ts';
import type { Chart, Dependency } from './chart.ts';
import {
  coalesceTables,
  coalesceValues,
  isTable,
  mergeChartValues,
  type Values,
  type WarnFn,
} from './coalesce.ts';

/**
 * Helm's dependency processing before rendering: matches Chart.yaml dependencies to the charts in
 * charts/ (by name and version range, renaming aliased copies), drops the ones disabled by `tags`
 * and `condition` (evaluated against the coalesced values), then imports child values into parents
 * (`import-values`, both the `exports.x` string form and the child/parent map form).
 */
export function processDependencies(chart: Chart, values: Values, warn: WarnFn = () => {}): void {
  processEnabled(chart, values, '', warn);
  processImportValuesRecursive(chart, warn);
}

/**
 * Helm's IsCompatibleRange: whether a version satisfies a Masterminds constraint; a version or a
 * constraint that does not parse (an empty constraint among them) is never compatible.
 */
export function isCompatibleRange(range: string | undefined, version: string): boolean {
  try {
    return parseConstraints(range ?? '').check(parseVersion(version));
  } catch {
    return false;
  }
}

function findAliased(charts: Chart[], dep: Dependency): Chart | undefined {
  for (const c of charts) {
    if (c.metadata.name !== dep.name) continue;
    if (!isCompatibleRange(dep.version, c.metadata.version)) continue;
    const copy: Chart = {
      ...c,
      metadata: { ...c.metadata, dependencies: c.metadata.dependencies?.map((d) => ({ ...d })) },
    };
    copy.dependencies = c.dependencies.map((d) => ({ ...d, parent: copy }));
    if (dep.alias) copy.metadata.name = dep.alias;
    return copy;
  }
  return undefined;
}

function pathValue(values: Values, path: string): { found: boolean; value?: unknown } {
  const parts = path.split('.');
  let cur: unknown = values;
  for (let i = 0; i < parts.length - 1; i++) {
    if (!isTable(cur) || !isTable(cur[parts[i]])) return { found: false };
    cur = cur[parts[i]];
  }
  const last = parts[parts.length - 1];
  if (!isTable(cur) || !(last in cur)) return { found: false };
  return { found: true, value: cur[last] };
}

function processEnabled(chart: Chart, values: Values, path: string, warn: WarnFn): void {
  const reqs = chart.metadata.dependencies;
  if (!reqs) return;
  const kept: Chart[] = [];
  for (const existing of chart.dependencies) {
    const declared = reqs.some(
      (r) =>
        r && existing.metadata.name === r.name && isCompatibleRange(r.version, existing.metadata.version),
    );
    if (!declared) kept.push(existing);
  }
  for (const req of reqs) {
    if (!req) continue;
    const dep = findAliased(chart.dependencies, req);
    if (dep) {
      dep.parent = chart;
      kept.push(dep);
    }
    if (req.alias) req.name = req.alias;
  }
  chart.dependencies = kept;
  for (const r of reqs) r.enabled = true;
  const cvals = coalesceValues(chart, values, warn);
  applyTags(reqs, cvals);
  applyConditions(reqs, cvals, path);
  const removed = new Set(reqs.filter((r) => !r.enabled).map((r) => r.name));
  const deps = chart.dependencies.filter((d) => !removed.has(d.metadata.name));
  const depMeta = reqs.filter((r) => !removed.has(r.name));
  for (const d of deps) processEnabled(d, cvals, `${path}${d.metadata.name}.`, warn);
  chart.metadata.dependencies = depMeta;
  chart.dependencies = deps;
}

function applyTags(reqs: Dependency[], cvals: Values): void {
  const tags = cvals.tags;
  if (!isTable(tags)) return;
  for (const r of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const k of r.tags ?? []) {
      const b = tags[k];
      if (typeof b === 'boolean') {
        if (b) hasTrue = true;
        else hasFalse = true;
      }
    }
    if (!hasTrue && hasFalse) r.enabled = false;
    else if (hasTrue || (!hasTrue && !hasFalse)) r.enabled = true;
  }
}

function applyConditions(reqs: Dependency[], cvals: Values, path: string): void {
  for (const r of reqs) {
    for (const c of (r.condition ?? '').trim().split(',')) {
      if (c.length === 0) continue;
      const { found, value } = pathValue(cvals, path + c);
      if (found && typeof value === 'boolean') {
        r.enabled = value;
        break;
      }
    }
  }
}

function processImportValuesRecursive(chart: Chart, warn: WarnFn): void {
  for (const d of chart.dependencies) processImportValuesRecursive(d, warn);
  processImportValues(chart, warn);
}

function pathToMap(path: string, data: Values): Values {
  if (path === '.') return data;
  let cur: Values = data;
  const parts = path.split('.');
  for (let i = parts.length - 1; i >= 0; i--) cur = { [parts[i]]: cur };
  return cur;
}

function table(values: Values, path: string): Values | undefined {
  const { found, value } = pathValue(values, path);
  return found && isTable(value) ? value : undefined;
}

function processImportValues(chart: Chart, warn: WarnFn): void {
  const reqs = chart.metadata.dependencies;
  if (!reqs) return;
  const cvals = mergeChartValues(chart, {}, warn);
  let b: Values = {};
  for (const r of reqs) {
    const out: unknown[] = [];
    for (const iv of r['import-values'] ?? []) {
      if (isTable(iv)) {
        const child = goSprint(iv.child);
        const parent = goSprint(iv.parent);
        out.push({ child, parent });
        const vv = table(cvals, `${r.name}.${child}`);
        if (!vv) continue;
        b = coalesceTables(b, pathToMap(parent, structuredClone(vv)), '', true, warn);
      } else if (typeof iv === 'string') {
        const child = `exports.${iv}`;
        out.push({ child, parent: '.' });
        const vm = table(cvals, `${r.name}.${child}`);
        if (!vm) continue;
        b = coalesceTables(b, structuredClone(vm), '', true, warn);
      }
    }
    if (r['import-values']) r['import-values'] = out;
  }
  chart.values = coalesceTables(structuredClone(cvals), b, '', true, warn);
}

function goSprint(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : String(v);
}
