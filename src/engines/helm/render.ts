import { toError } from '../errors/index.ts';
import { type FuncMap, Template } from '../gotemplate/index.ts';
import { sprigFuncs } from '../sprig/index.ts';
import { type Chart, type ChartFile, chartPath, isLibrary } from './chart.ts';
import { coalesceValues, deepCopy, isTable, type Values, type WarnFn } from './coalesce.ts';
import { isCompatibleRange, processDependencies } from './dependencies.ts';
import {
  bindSetFuncs,
  helmSerialisationFuncs,
  type LookupFn,
  USER_ERROR_END,
  USER_ERROR_START,
} from './funcs.ts';
import { pathMatchRegExp } from './glob.ts';
import { type Hook, type Manifest, sortManifests, splitManifests } from './manifests.ts';
import {
  Capabilities,
  chartObject,
  DEFAULT_API_VERSIONS,
  DEFAULT_KUBE_VERSION,
  Files,
  releaseObject,
} from './objects.ts';
import { validateValuesAgainstSchemas } from './schema.ts';

/** Options of {@link renderChart}: the release and the cluster the chart is rendered for. */
export interface RenderOptions {
  releaseName: string;
  namespace?: string;
  revision?: number;
  isUpgrade?: boolean;
  /** User values, already merged from -f files and --set flags (nulls delete chart defaults). */
  values?: Values;
  /** e.g. `1.35.0` or `v1.35.0`; defaults to Helm's built-in version. */
  kubeVersion?: string;
  /** Extra API versions (`--api-versions`), added to Helm's defaults. */
  apiVersions?: string[];
  /** Kubernetes lookups for `lookup`; offline rendering returns an empty map. */
  lookup?: LookupFn;
  /** Skips values.schema.json validation (`--skip-schema-validation`). */
  skipSchemaValidation?: boolean;
  warn?: WarnFn;
  /** Extra template functions, added over Sprig's and Helm's (for embedders and tests). */
  funcs?: FuncMap;
}

/** A CRD file of the chart or a subchart, with the path Helm prints for it. */
export interface CrdFile {
  path: string;
  data: Uint8Array;
}

/** The result of rendering: what a release records and what `helm template` prints. */
export interface RenderResult {
  manifests: Manifest[];
  hooks: Hook[];
  notes: string;
  crds: CrdFile[];
  /** The coalesced values the templates saw. */
  values: Values;
  /** The chart after dependency processing (disabled subcharts removed, aliases applied). */
  chart: Chart;
}

/** A copy of a chart deep enough that dependency processing cannot change the original. */
export function cloneChart(chart: Chart, parent?: Chart): Chart {
  const c: Chart = {
    ...chart,
    metadata: {
      ...chart.metadata,
      dependencies: chart.metadata.dependencies?.map((d) => ({ ...d, tags: d.tags ? [...d.tags] : d.tags })),
    },
    values: deepCopy(chart.values),
    parent,
  };
  c.dependencies = chart.dependencies.map((d) => cloneChart(d, c));
  return c;
}

/**
 * Renders a chart as `helm template` / `helm install` do: dependencies processed, values coalesced
 * and validated against every values.schema.json, all templates of the chart and its subcharts
 * parsed into one set (deepest paths first, so parent definitions win), each non-partial template
 * executed with `missingkey=zero` and `<no value>` removed, NOTES.txt set aside, documents split
 * into manifests and hooks and sorted in install order.
 */
export function renderChart(input: Chart, options: RenderOptions): RenderResult {
  const warn = options.warn ?? (() => {});
  const chart = cloneChart(input);
  const userValues = deepCopy(options.values ?? {});
  checkDependenciesPresent(chart);
  processDependencies(chart, userValues, warn);
  const caps = new Capabilities(options.kubeVersion ?? DEFAULT_KUBE_VERSION, [
    ...DEFAULT_API_VERSIONS,
    ...(options.apiVersions ?? []),
  ]);
  if (
    chart.metadata.kubeVersion &&
    !isCompatibleRange(chart.metadata.kubeVersion, caps.KubeVersion.String())
  ) {
    throw new Error(
      `chart requires kubeVersion: ${chart.metadata.kubeVersion} which is incompatible with Kubernetes ${caps.KubeVersion.String()}`,
    );
  }
  const values = coalesceValues(chart, userValues, warn);
  if (!options.skipSchemaValidation) validateValuesAgainstSchemas(chart, values);
  const top = {
    Release: releaseObject(
      options.releaseName,
      options.namespace ?? 'default',
      options.revision ?? 1,
      options.isUpgrade,
    ),
    Capabilities: caps,
  };
  const rendered = renderTemplates(chart, values, top, options.lookup ?? (() => ({})), options.funcs);
  let notes = '';
  const rootNotes = `${chart.metadata.name}/templates/NOTES.txt`;
  for (const [name, text] of [...rendered]) {
    if (name.endsWith('NOTES.txt')) {
      if (name === rootNotes) notes = text;
      rendered.delete(name);
    }
  }
  const { manifests, hooks } = sortManifests(rendered);
  return { manifests, hooks, notes, crds: collectCrds(chart), values, chart };
}

/** Helm's CheckDependencies: every dependency Chart.yaml declares must be in charts/. */
function checkDependenciesPresent(chart: Chart): void {
  const missing = (chart.metadata.dependencies ?? [])
    .filter((r) => !chart.dependencies.some((d) => d.metadata.name === r.name))
    .map((r) => r.name);
  if (missing.length > 0) {
    throw new Error(
      `an error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`,
    );
  }
}

interface Renderable {
  text: string;
  data: Record<string, unknown>;
  basePath: string;
}

/** Helm's template order: deeper paths first, then reverse lexical order. */
function templateOrder(a: string, b: string): number {
  const ca = a.split('/').length;
  const cb = b.split('/').length;
  if (ca !== cb) return cb - ca;
  return a < b ? 1 : a > b ? -1 : 0;
}

function collectTemplates(
  chart: Chart,
  parentValues: Values,
  top: Record<string, unknown>,
  out: Map<string, Renderable>,
): Record<string, unknown> {
  const subcharts: Record<string, unknown> = {};
  const vals = chart.parent ? parentValues[chart.metadata.name] : parentValues;
  const data: Record<string, unknown> = {
    Chart: chartObject(chart),
    Files: new Files(chart.files),
    Release: top.Release,
    Capabilities: top.Capabilities,
    Values: isTable(vals) ? vals : {},
    Subcharts: subcharts,
  };
  for (const child of chart.dependencies) {
    subcharts[child.metadata.name] = collectTemplates(child, data.Values as Values, top, out);
  }
  const base = chartPath(chart);
  for (const t of chart.templates) {
    const fileBase = t.name.slice(t.name.lastIndexOf('/') + 1);
    if (isLibrary(chart) && !fileBase.startsWith('_')) continue;
    out.set(`${base}/${t.name}`, {
      text: new TextDecoder().decode(t.data),
      data,
      basePath: `${base}/templates`,
    });
  }
  return data;
}

/**
 * Parsed template sets of charts already rendered, keyed by the templates' names and texts (so a
 * chart loaded again, e.g. re-fetched, reuses them), least recently used dropped first. Trees are
 * immutable: a render clones a cached set and binds its own `include`/`tpl`/`lookup` to the clone.
 */
const parsedSets = new Map<string, Template>();
const PARSED_SET_LIMIT = 64;

function parsedSet(names: string[], all: Map<string, Renderable>, extra?: FuncMap): Template {
  const key = extra ? undefined : names.map((n) => `${n}\0${all.get(n)!.text}`).join('\0\0');
  const cached = key === undefined ? undefined : parsedSets.get(key);
  if (cached && key !== undefined) {
    parsedSets.delete(key);
    parsedSets.set(key, cached);
    return cached.clone();
  }
  const set = new Template('gotpl');
  set.option('missingkey=zero');
  set.funcs(sprigFuncs());
  set.funcs(helmSerialisationFuncs());
  // placeholders so parsing knows the names; every render binds real ones to its own copy
  set.funcs(bindSetFuncs(set, () => ({})));
  if (extra) set.funcs(extra);
  for (const name of names) {
    try {
      set.new(name).parse(all.get(name)!.text);
    } catch (e: unknown) {
      throw parseErrorAt(name, e);
    }
  }
  if (key !== undefined) {
    if (parsedSets.size >= PARSED_SET_LIMIT) parsedSets.delete(parsedSets.keys().next().value!);
    parsedSets.set(key, set);
  }
  return set.clone();
}

function renderTemplates(
  chart: Chart,
  values: Values,
  top: Record<string, unknown>,
  lookup: LookupFn,
  extra?: FuncMap,
): Map<string, string> {
  const all = new Map<string, Renderable>();
  collectTemplates(chart, values, top, all);
  const names = [...all.keys()].sort(templateOrder);
  const set = parsedSet(names, all, extra);
  set.funcs(bindSetFuncs(set, lookup));
  const out = new Map<string, string>();
  for (const name of names) {
    if (name.slice(name.lastIndexOf('/') + 1).startsWith('_')) continue;
    const r = all.get(name)!;
    r.data.Template = { Name: name, BasePath: r.basePath };
    let text: string;
    try {
      text = set.executeTemplate(name, r.data);
    } catch (e: unknown) {
      throw execErrorAt(name, e);
    }
    out.set(name, text.replaceAll('<no value>', ''));
  }
  return out;
}

/** Helm's rewrite of a Go parse error: `parse error at (file:line): message`. */
function parseErrorAt(name: string, e: unknown): Error {
  const msg = toError(e).message ?? String(e);
  const tokens = msg.split(': ');
  if (tokens.length === 1) return new Error(`parse error in (${name}): ${msg}`);
  return new Error(`parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`);
}

/**
 * Helm's rewrite of a Go exec error. Messages of `required` and `fail` become
 * `execution error at (file:line:col): message`; other errors are laid out one step per line:
 * the location, then `executing "name" at <expr>:`, then the cause, each indented further.
 */
function execErrorAt(name: string, e: unknown): Error {
  const msg = toError(e).message ?? String(e);
  const tokens = splitN(msg, ': ', 3);
  if (tokens.length !== 3) return new Error(`execution error in (${name}): ${msg}`);
  const user = new RegExp(`${USER_ERROR_START}([\\s\\S]*)${USER_ERROR_END}`).exec(tokens[2]);
  if (user) return new Error(`execution error at (${tokens[1]}): ${user[1]}`);
  return new Error(traceLines(msg));
}

function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

/**
 * Helm v4's layout of a template error chain: each template level as its location, then
 * `  executing "name" at <expr>:`, then `    message` (or `    error calling include:` followed by the
 * next level). A chain holding anything else (a function's own error, tpl's wrapper) is printed as
 * Go wrote it, as Helm does.
 */
function traceLines(msg: string): string {
  const out = traceBlocks(msg);
  return out ?? msg;
}

function traceBlocks(msg: string): string | undefined {
  const m = /^template: ([^:]+(?::\d+)+): (executing "[^"]*" at <.*?>): ([\s\S]*)$/.exec(msg);
  if (!m) return undefined;
  const [, loc, executing, rest] = m;
  const call = /^error calling (\w+): ([\s\S]*)$/.exec(rest);
  if (!call) return `${loc}\n  ${executing}:\n    ${rest}`;
  const head = `${loc}\n  ${executing}:\n    error calling ${call[1]}:`;
  const inner = call[2];
  const nested = traceBlocks(inner);
  if (nested !== undefined) return `${head}\n${nested}`;
  if (inner.startsWith('template: ') && !inner.includes(': executing "')) return `${head}\n${inner}`;
  return undefined;
}

function collectCrds(chart: Chart): CrdFile[] {
  const out: CrdFile[] = [];
  const walk = (c: Chart) => {
    for (const f of c.crds) out.push({ path: `${chartPath(c)}/${f.name}`, data: f.data });
    for (const d of c.dependencies) walk(d);
  };
  walk(chart);
  return out;
}

/** Options of {@link templateOutput}: the `helm template` flags that change what it prints. */
export interface TemplateOutputOptions {
  includeCrds?: boolean;
  skipTests?: boolean;
  /** `--no-hooks`: leave hooks out. */
  noHooks?: boolean;
}

/** What `helm template` prints for a render: manifests, then hooks, each under a `# Source:` line. */
export function templateOutput(result: RenderResult, options: TemplateOutputOptions = {}): string {
  let manifest = '';
  if (options.includeCrds) {
    for (const crd of result.crds)
      manifest += `---\n# Source: ${crd.path}\n${new TextDecoder().decode(crd.data)}\n`;
  }
  for (const m of result.manifests) manifest += `---\n# Source: ${m.name}\n${m.content}\n`;
  let out = `${manifest.trim()}\n`;
  if (!options.noHooks) {
    for (const h of result.hooks) {
      if (options.skipTests && h.events.includes('test')) continue;
      out += `---\n# Source: ${h.path}\n${h.manifest}\n`;
    }
  }
  return out;
}

/** Re-exported for callers that load charts themselves. */
export type { ChartFile };

/**
 * `helm template --show-only`: keeps the documents whose source path (without the chart name)
 * matches one of the patterns (Go's path.Match), in order of the patterns, each printed as
 * `---\n<document>\n`. A pattern matching nothing is an error, as in Helm.
 */
export function showOnly(output: string, patterns: string[]): string {
  const docs = splitManifests(output);
  let out = '';
  for (const p of patterns) {
    const re = pathMatchRegExp(p.replace(/\\/g, '/'));
    let found = false;
    for (const doc of docs) {
      const m = /# Source: [^/]+\/(.+)/.exec(doc);
      if (!m || !re.test(m[1])) continue;
      out += `---\n${doc}\n`;
      found = true;
    }
    if (!found) throw new Error(`could not find template ${p} in chart`);
  }
  return out;
}
