import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { toError } from '../../engines/errors/index.ts';
import {
  type Chart,
  filesFromDirectory,
  loadChart,
  loadChartArchive,
  mergeMaps,
  parseSetFlag,
  parseValuesYaml,
  renderChart,
  showOnly,
  templateOutput,
  type Values,
} from '../../engines/helm/index.ts';
import { CliError, type Command } from '../command.ts';

/** Loads a chart from a directory (applying .helmignore, refusing symlinks) or a .tgz file on disk. */
export async function loadChartFromDisk(path: string): Promise<Chart> {
  const st = statSync(path);
  if (!st.isDirectory()) return loadChartArchive(readFileSync(path));
  return loadChart(
    filesFromDirectory({
      list(dir) {
        return readdirSync(join(path, dir), { withFileTypes: true }).map((e) => {
          const full = join(path, dir, e.name);
          const isLink = e.isSymbolicLink();
          // Helm follows symlinks inside a chart directory; resolve them to what they point at
          const isDirectory = isLink ? statSync(full).isDirectory() : e.isDirectory();
          return { name: e.name, isDirectory, isSymbolicLink: isLink };
        });
      },
      read(rel) {
        return readFileSync(join(path, rel));
      },
    }),
  );
}

/** Options of {@link helmTemplate}, mirroring `helm template` flags. */
export interface HelmTemplateArgs {
  releaseName: string;
  chartPath: string;
  valueFiles?: string[];
  set?: string[];
  setString?: string[];
  setFile?: string[];
  setJson?: string[];
  setLiteral?: string[];
  namespace?: string;
  kubeVersion?: string;
  apiVersions?: string[];
  includeCrds?: boolean;
  skipTests?: boolean;
  noHooks?: boolean;
  skipSchemaValidation?: boolean;
  /** `--show-only` patterns (template paths without the chart name, globs allowed). */
  showOnly?: string[];
}

/** Merges user values as Helm does: -f files in order, then --set-json, --set, --set-string, --set-file, --set-literal. */
export function userValuesFromFlags(args: HelmTemplateArgs): Values {
  let values: Values = {};
  for (const f of args.valueFiles ?? []) {
    let parsed: Values;
    try {
      parsed = parseValuesYaml(readFileSync(f, 'utf8'));
    } catch (e: unknown) {
      throw new Error(`failed to parse ${f}: ${toError(e).message}`);
    }
    values = mergeMaps(values, parsed);
  }
  for (const s of args.setJson ?? []) parseSetFlag(s, values, 'json');
  for (const s of args.set ?? []) parseSetFlag(s, values, 'typed');
  for (const s of args.setString ?? []) parseSetFlag(s, values, 'string');
  for (const s of args.setFile ?? []) parseSetFlag(s, values, 'file', (p) => readFileSync(p, 'utf8'));
  for (const s of args.setLiteral ?? []) parseSetFlag(s, values, 'literal');
  return values;
}

/**
 * Fails as `helm template` does when CHART is not on disk: a path (absolute or starting with `.`)
 * is "not found"; anything else helm would look up in a chart repository, which this offline
 * command cannot do, so it says what helm says about that reference.
 */
export function locateChart(name: string): string {
  if (existsSync(name)) return name;
  if (isAbsolute(name) || name.startsWith('.')) throw new Error(`path "${name}" not found`);
  const [repo, chart] = name.split('/', 2);
  if (!chart) throw new Error(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${name}`);
  throw new Error(`repo ${repo} not found`);
}

/** Renders a chart on disk exactly as `helm template` prints it. */
export async function helmTemplate(args: HelmTemplateArgs): Promise<string> {
  const chart = await loadChartFromDisk(locateChart(args.chartPath));
  const result = renderChart(chart, {
    releaseName: args.releaseName,
    namespace: args.namespace,
    values: userValuesFromFlags(args),
    kubeVersion: args.kubeVersion,
    apiVersions: args.apiVersions,
    skipSchemaValidation: args.skipSchemaValidation,
  });
  const out = templateOutput(result, {
    includeCrds: args.includeCrds,
    skipTests: args.skipTests,
    noHooks: args.noHooks,
  });
  return args.showOnly?.length ? showOnly(out, args.showOnly) : out;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);

const template: Command = {
  name: 'template',
  summary: 'render a chart locally and print the manifests, as `helm template` does',
  usage: 'NAME CHART [flags]',
  flags: {
    values: { type: 'string', short: 'f', multiple: true, help: 'values file (repeatable, later wins)' },
    set: { type: 'string', multiple: true, help: 'set values (key=value, comma separated, typed)' },
    'set-string': { type: 'string', multiple: true, help: 'set string values' },
    'set-file': { type: 'string', multiple: true, help: 'set values from files (key=path)' },
    'set-json': { type: 'string', multiple: true, help: 'set JSON values (key=json)' },
    'set-literal': { type: 'string', multiple: true, help: 'set a literal string value (key=value)' },
    namespace: { type: 'string', short: 'n', help: 'release namespace', default: 'default' },
    'kube-version': { type: 'string', help: 'Kubernetes version for .Capabilities' },
    'api-versions': {
      type: 'string',
      short: 'a',
      multiple: true,
      help: 'extra API versions for .Capabilities',
    },
    'include-crds': { type: 'boolean', help: 'include CRDs in the output' },
    'skip-tests': { type: 'boolean', help: 'leave test hooks out' },
    'no-hooks': { type: 'boolean', help: 'leave hooks out' },
    'show-only': {
      type: 'string',
      short: 's',
      multiple: true,
      help: 'only print these templates (globs allowed)',
    },
    'skip-schema-validation': { type: 'boolean', help: 'do not validate values against values.schema.json' },
  },
  async run(inv) {
    if (inv.args.length !== 2) throw new CliError('expected NAME and CHART', 2);
    let out: string;
    try {
      out = await helmTemplate({
        releaseName: inv.args[0],
        chartPath: inv.args[1],
        valueFiles: list(inv.flags.values),
        set: list(inv.flags.set),
        setString: list(inv.flags['set-string']),
        setFile: list(inv.flags['set-file']),
        setJson: list(inv.flags['set-json']),
        setLiteral: list(inv.flags['set-literal']),
        namespace: inv.flags.namespace as string | undefined,
        kubeVersion: inv.flags['kube-version'] as string | undefined,
        apiVersions: list(inv.flags['api-versions']),
        includeCrds: inv.flags['include-crds'] === true,
        skipTests: inv.flags['skip-tests'] === true,
        noHooks: inv.flags['no-hooks'] === true,
        skipSchemaValidation: inv.flags['skip-schema-validation'] === true,
        showOnly: list(inv.flags['show-only']),
      });
    } catch (e: unknown) {
      // Helm's errors span lines (schema violations, template traces): print them whole, as helm does
      process.stderr.write(`Error: ${toError(e).message.replace(/\n+$/, '')}\n`);
      return 1;
    }
    process.stdout.write(out);
    return 0;
  },
};

/** `tsflux helm`: Helm's chart rendering, offline. */
export const helmCommand: Command = {
  name: 'helm',
  summary: 'render Helm charts offline (helm template)',
  subcommands: [template],
};
