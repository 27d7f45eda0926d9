import type { Values } from './coalesce.ts';

/** One file of a chart: its path relative to the chart root (forward slashes) and its bytes. */
export interface ChartFile {
  name: string;
  data: Uint8Array;
}

/** A maintainer entry of Chart.yaml. */
export interface Maintainer {
  name?: string;
  email?: string;
  url?: string;
}

/** A dependency as Chart.yaml (v2) or requirements.yaml (v1) declares it. */
export interface Dependency {
  name: string;
  version?: string;
  repository?: string;
  condition?: string;
  tags?: string[];
  enabled?: boolean;
  'import-values'?: unknown[];
  alias?: string;
}

/** Chart.yaml, with Helm's JSON field names. */
export interface ChartMetadata {
  name: string;
  home?: string;
  sources?: string[];
  version: string;
  description?: string;
  keywords?: string[];
  maintainers?: Maintainer[];
  icon?: string;
  apiVersion?: string;
  condition?: string;
  tags?: string;
  appVersion?: string;
  deprecated?: boolean;
  annotations?: Record<string, string>;
  kubeVersion?: string;
  dependencies?: Dependency[];
  type?: string;
}

/**
 * A loaded chart: metadata, default values, optional JSON schema, templates, CRDs, other files and
 * subcharts. `raw` keeps every file as loaded (for `.Files` and for re-packaging).
 */
export interface Chart {
  metadata: ChartMetadata;
  /** Chart.lock or requirements.lock, parsed, when present. */
  lock?: Values;
  values: Values;
  /** The raw bytes of values.schema.json, when present. */
  schema?: Uint8Array;
  templates: ChartFile[];
  /** Files under crds/ (Helm treats them as CRDs only if they end in .yaml, .yml or .json). */
  crds: ChartFile[];
  /** Every file that is not Chart.yaml, values.yaml, a template or a subchart (what .Files sees). */
  files: ChartFile[];
  dependencies: Chart[];
  parent?: Chart;
}

/** The chart's name path from the root, joined as Helm builds template names: `a/charts/b`. */
export function chartPath(chart: Chart): string {
  return chart.parent ? `${chartPath(chart.parent)}/charts/${chart.metadata.name}` : chart.metadata.name;
}

/** Tells whether a chart is a library chart (its templates are only definitions). */
export function isLibrary(chart: Chart): boolean {
  return chart.metadata.type === 'library';
}
