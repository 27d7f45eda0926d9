import { toError } from '../errors/index.ts';
import { readChartArchive } from './archive.ts';
import type { Chart, ChartFile, ChartMetadata, Dependency } from './chart.ts';
import { parseHelmignore } from './helmignore.ts';
import { parseValuesYaml, parseYaml } from './yaml-read.ts';

const text = (f: ChartFile) => new TextDecoder().decode(f.data);

/**
 * Builds a chart from its files (paths relative to the chart root), as Helm's loader does:
 * Chart.yaml (apiVersion v1 or v2), values.yaml, values.schema.json, requirements.yaml and
 * requirements.lock for v1 charts, Chart.lock, templates/, subcharts in charts/ (directories and
 * .tgz archives, names starting with `.` or `_` skipped); every other file (crds/ included) is
 * one of the chart's Files.
 */
export async function loadChart(files: ChartFile[]): Promise<Chart> {
  const chart: Chart = {
    metadata: undefined as unknown as ChartMetadata,
    values: {},
    templates: [],
    crds: [],
    files: [],
    dependencies: [],
  };
  const subcharts = new Map<string, ChartFile[]>();
  let requirements: ChartFile | undefined;
  for (const f of files) {
    const n = f.name;
    if (n === 'Chart.yaml') {
      const md = parseYaml(text(f));
      if (!md || typeof md !== 'object' || Array.isArray(md))
        throw new Error('cannot load Chart.yaml: invalid metadata');
      chart.metadata = normaliseMetadata(md as Record<string, unknown>);
    } else if (n === 'values.yaml') {
      try {
        chart.values = parseValuesYaml(text(f));
      } catch (e: unknown) {
        throw new Error(`cannot load values.yaml: cannot unmarshal yaml document: ${toError(e).message}`);
      }
    } else if (n === 'values.schema.json') {
      chart.schema = f.data;
    } else if (n === 'Chart.lock' || n === 'requirements.lock') {
      chart.lock = parseValuesYaml(text(f));
      if (n === 'requirements.lock') chart.files.push(f);
    } else if (n === 'requirements.yaml') {
      requirements = f;
      chart.files.push(f);
    } else if (n.startsWith('templates/')) {
      chart.templates.push(f);
    } else if (n.startsWith('charts/')) {
      if (n.endsWith('.prov')) {
        chart.files.push(f);
        continue;
      }
      const rest = n.slice('charts/'.length);
      const name = rest.split('/')[0];
      if (name === '' || name.startsWith('.') || name.startsWith('_')) continue;
      const list = subcharts.get(name) ?? [];
      list.push({ name: rest.slice(name.length + 1), data: f.data });
      subcharts.set(name, list);
    } else {
      chart.files.push(f);
    }
  }
  if (!chart.metadata) throw new Error('Chart.yaml file is missing');
  if (requirements) {
    const req = parseYaml(text(requirements)) as { dependencies?: Dependency[] } | null;
    if (req?.dependencies) chart.metadata.dependencies = req.dependencies.map((d) => ({ ...d }));
  }
  chart.crds = chart.files.filter((f) => f.name.startsWith('crds/') && /\.(ya?ml|json)$/.test(f.name));
  validateMetadata(chart.metadata);
  for (const [name, list] of [...subcharts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let sub: Chart;
    try {
      if (list.length === 1 && list[0].name === '' && /\.tgz$|\.tar\.gz$/.test(name)) {
        sub = await loadChart(await readChartArchive(list[0].data));
      } else {
        sub = await loadChart(list);
      }
    } catch (e: unknown) {
      throw new Error(`error unpacking subchart ${name} in ${chart.metadata.name}: ${toError(e).message}`);
    }
    sub.parent = chart;
    chart.dependencies.push(sub);
  }
  return chart;
}

/** Loads a chart archive (.tgz). */
export async function loadChartArchive(tgz: Uint8Array): Promise<Chart> {
  return loadChart(await readChartArchive(tgz));
}

/** A directory listing as the directory loader needs it (the engine never touches the disk itself). */
export interface DirectoryReader {
  /** Entries of a directory relative to the chart root ('' is the root). */
  list(dir: string): { name: string; isDirectory: boolean; isSymbolicLink?: boolean }[];
  read(path: string): Uint8Array;
}

/**
 * Collects a chart directory's files the way `helm template ./dir` does: `.helmignore` rules
 * applied (ignored directories are skipped whole), links refused by the caller's reader.
 */
export function filesFromDirectory(reader: DirectoryReader): ChartFile[] {
  let ignore = parseHelmignore('');
  const top = reader.list('');
  if (top.some((e) => e.name === '.helmignore' && !e.isDirectory)) {
    ignore = parseHelmignore(new TextDecoder().decode(reader.read('.helmignore')));
  }
  const out: ChartFile[] = [];
  const walk = (dir: string) => {
    const entries = reader.list(dir).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const rel = dir === '' ? e.name : `${dir}/${e.name}`;
      if (ignore.ignores(rel, e.isDirectory)) continue;
      if (e.isDirectory) walk(rel);
      else out.push({ name: rel, data: reader.read(rel) });
    }
  };
  walk('');
  return out;
}

function normaliseMetadata(md: Record<string, unknown>): ChartMetadata {
  const m = { ...md } as unknown as ChartMetadata;
  if (!m.apiVersion) m.apiVersion = 'v1';
  if (typeof (md as { version?: unknown }).version === 'number') m.version = String(md.version);
  return m;
}

const SEMVER = /^v?(\d+)(\.\d+)?(\.\d+)?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Helm's metadata validation, with its messages. */
export function validateMetadata(md: ChartMetadata): void {
  if (!md.apiVersion) throw new Error('validation: chart.metadata.apiVersion is required');
  if (!md.name) throw new Error('validation: chart.metadata.name is required');
  if (md.name.includes('/') || md.name.includes('\\') || md.name === '.' || md.name === '..')
    throw new Error(`validation: chart.metadata.name "${md.name}" is invalid`);
  if (!md.version) throw new Error('validation: chart.metadata.version is required');
  if (!SEMVER.test(md.version))
    throw new Error(`validation: chart.metadata.version "${md.version}" is invalid`);
  if (md.type && md.type !== 'application' && md.type !== 'library')
    throw new Error('validation: chart.metadata.type must be application or library');
  for (const d of md.dependencies ?? []) {
    if (!d?.name) throw new Error('validation: dependencies must have a name');
    if (d.alias !== undefined && !/^[a-zA-Z0-9_-]+$/.test(d.alias))
      throw new Error(`validation: dependency field has invalid alias: ${d.alias}`);
  }
}
