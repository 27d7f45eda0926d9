import { createTarGz } from '../artifact/index.ts';
import type { ChartFile, ChartMetadata } from './chart.ts';
import { toYaml } from './yaml-emit.ts';

/** What {@link packageChartFiles} may change while packaging. */
export interface PackageOptions {
  /** Replaces `version` in Chart.yaml (e.g. with SemVer build metadata added). */
  version?: string;
  /** Replaces values.yaml with these values (written as sigs.k8s.io/yaml writes them). */
  values?: Record<string, unknown>;
}

/**
 * Packages a chart's files as `helm package` lays the archive out: every file under a `<name>/`
 * top directory, Chart.yaml written from the metadata (keys sorted, as Helm marshals it), and
 * values.yaml replaced when `values` is given. The archive is deterministic (sorted entries,
 * zeroed times), so the same chart always packages to the same bytes.
 */
export async function packageChartFiles(
  metadata: ChartMetadata,
  files: ChartFile[],
  options: PackageOptions = {},
): Promise<{ fileName: string; data: Buffer; metadata: ChartMetadata }> {
  const md: ChartMetadata = { ...metadata, version: options.version ?? metadata.version };
  const prefix = md.name;
  const out = [{ path: `${prefix}/Chart.yaml`, data: Buffer.from(toYaml(md)) }];
  let hasValues = false;
  for (const f of files) {
    if (f.name === 'Chart.yaml') continue;
    if (f.name === 'values.yaml') {
      hasValues = true;
      if (options.values) continue;
    }
    out.push({ path: `${prefix}/${f.name}`, data: Buffer.from(f.data) });
  }
  if (options.values && (hasValues || Object.keys(options.values).length > 0))
    out.push({ path: `${prefix}/values.yaml`, data: Buffer.from(toYaml(options.values)) });
  return { fileName: `${md.name}-${md.version}.tgz`, data: await createTarGz(out), metadata: md };
}
