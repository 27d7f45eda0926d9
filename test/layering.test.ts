// docs/architecture.md, "Layers": who may import whom, checked on every source file of the project.
// One test for every layer, so a rule cannot drift between copies; the self-test below shows each
// rule rejecting a deliberately wrong import.
import assert from 'node:assert/strict';
import { existsSync, globSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..');

/** The npm and node packages `api` may use: no I/O, no network (tests add the test runner). */
const apiPackages = new Set(['typebox', 'typebox/value', 'yaml', 'node:util']);
const testPackages = new Set(['node:test', 'node:assert/strict']);

/** The folders of `src/` each layer may import, besides its own folder (`src/`-relative prefixes). */
const mayImport: Record<string, readonly string[]> = {
  api: ['engines/errors'],
  engines: ['engines'],
  runtime: ['api', 'engines'],
  controllers: ['api', 'runtime', 'engines'],
  manager: ['api', 'runtime', 'engines', 'controllers'],
  cli: ['api', 'runtime', 'engines', 'manager', 'cluster', 'toolchain'],
  web: ['api', 'runtime', 'engines'],
  cluster: ['engines', 'runtime/kube', 'toolchain'],
  toolchain: [],
};

/**
 * Leaves: folders that import nothing of the project, so that every layer may import them (`api`
 * included) without a cycle. `engines/errors` holds the one `toError`.
 */
const leaves = ['engines/errors'];

/**
 * Types an engine may import from another layer: `import type` is erased, so the engine still
 * loads nothing of it. The one `KubeObject` type lives in `api/meta`.
 */
const engineTypeImports = ['api/meta'];

/**
 * Files outside code may import besides a folder's `index.ts`, each a light entry point that keeps
 * a process from loading what the index brings with it (every schema, every command).
 */
const entryPoints: Record<string, string> = {
  'api/kind-table.ts': "the kinds' names without their schemas, for processes that validate nothing",
  'manager/manager.ts': '`tsflux controller` runs the manager without the install manifests and every schema',
  'manager/options.ts': "the manager's flags, read by `tsflux controller` before anything else loads",
  'manager/controllers.ts': "the controllers' names and lazy setups, for `tsflux --help`",
  'manager/controller-names.ts': "which controller serves an API group, for the CLI's quick checks",
  'manager/heartbeat.ts': "the running controllers' heartbeats, read by `tsflux check` and the verbs",
  'cli/commands/helm.ts': 'each command is loaded when it runs; the Helm conformance suite calls this one',
};

// Inside the source controller (one controller, one folder per kind), a kind imports the shared
// folders and never another kind, with one exception: a HelmChart reads its HelmRepository's index.
// The controller's root files (setup, the list of kinds) wire every kind.
const sourceShared: Record<string, readonly string[] | 'every kind'> = {
  common: 'every kind',
  storage: 'every kind',
  'helm-repository-client': ['helmrepository', 'helmchart'],
};
const sourceKindUses: Record<string, readonly string[]> = { helmchart: ['helmrepository'] };

/** Every module specifier a file names (`import ... from`, `export ... from`, `import()`), and whether only types come from it. */
function importsOf(source: string): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)(\s+type\b)?[^'"]*?from\s+'([^']+)'/g))
    found.push({ specifier: m[2], typeOnly: m[1] !== undefined });
  for (const m of source.matchAll(/import\(\s*'([^']+)'\s*\)/g))
    found.push({ specifier: m[1], typeOnly: false });
  return found;
}

/** The layer of a `src/`-relative path: its first folder, or `engines/x`, `runtime/x`, `controllers/x`. */
function layerOf(path: string): string {
  const [top, sub] = path.split('/');
  return ['engines', 'runtime', 'controllers'].includes(top) && sub && !sub.endsWith('.ts')
    ? `${top}/${sub}`
    : top;
}

const under = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/**
 * The folder whose `index.ts` is the public face of a `src/`-relative path: the deepest folder
 * above it with an `index.ts`, or its layer's folder. Subfolders without an `index.ts` are internal.
 */
function unitOf(path: string): string {
  for (let dir = dirname(path); dir !== '.'; dir = dirname(dir)) {
    if (existsSync(join(root, 'src', dir, 'index.ts'))) return dir;
  }
  return path.split('/')[0];
}

/** What is wrong with `from` (a `src/`-relative path) importing `to`, by the layer rules. */
function layerProblem(from: string, to: string, typeOnly: boolean): string | undefined {
  const fromLayer = layerOf(from);
  if (leaves.includes(fromLayer) && !under(to, fromLayer))
    return `${fromLayer} is a leaf and imports nothing`;
  if (fromLayer.startsWith('engines/') && typeOnly && engineTypeImports.some((f) => under(to, f)))
    return undefined;
  if (under(to, fromLayer)) return sourceControllerProblem(from, to);
  const allowed = mayImport[fromLayer.split('/')[0]];
  if (!allowed) return `${fromLayer} is not a layer of docs/architecture.md`;
  if (fromLayer.startsWith('engines/') && under(to, 'engines')) return undefined;
  if (fromLayer.startsWith('runtime/') && under(to, 'runtime')) return undefined;
  if (allowed.some((folder) => under(to, folder))) return undefined;
  return `${fromLayer} may not import ${layerOf(to)}`;
}

function sourceControllerProblem(from: string, to: string): string | undefined {
  if (!under(from, 'controllers/source')) return undefined;
  const part = (p: string) => p.split('/')[2] ?? '';
  const [fromPart, toPart] = [part(from), part(to)];
  if (fromPart === toPart || fromPart.endsWith('.ts')) return undefined;
  const sharedWith = sourceShared[toPart];
  if (sharedWith === 'every kind' || sharedWith?.includes(fromPart)) return undefined;
  if (sourceKindUses[fromPart]?.includes(toPart)) return undefined;
  return `controllers/source/${fromPart} may not import controllers/source/${toPart}`;
}

/** The problems of one file (a root-relative path) whose text is `source`. */
function problemsOf(file: string, source: string): string[] {
  const problems: string[] = [];
  const inSrc = file.startsWith('src/');
  const isTest = file.endsWith('.test.ts');
  for (const { specifier, typeOnly } of importsOf(source)) {
    if (!specifier.startsWith('.')) {
      if (inSrc && layerOf(file.slice(4)) === 'api' && !apiPackages.has(specifier)) {
        if (!(isTest && testPackages.has(specifier))) problems.push(`${file}: api may not use ${specifier}`);
      }
      continue;
    }
    const target = relative(root, resolve(root, dirname(file), specifier));
    if (!target.startsWith('src/')) {
      // a unit test may use the shared test helpers; nothing else of src reaches outside it
      if (inSrc && !(isTest && under(target, 'test/support')))
        problems.push(`${file}: src may not import ${target}`);
      continue;
    }
    const to = target.slice(4);
    if (inSrc) {
      const problem = layerProblem(file.slice(4), to, typeOnly);
      if (problem) problems.push(`${file}: ${problem} (${specifier})`);
    }
    const unit = unitOf(to);
    const inside = inSrc && under(file.slice(4), unit);
    if (!inside && to !== `${unit}/index.ts` && !(to in entryPoints))
      problems.push(`${file}: imports ${target}, not ${unit}/index.ts`);
  }
  return problems;
}

test('every import of src, test, bench and scripts follows the layers of docs/architecture.md', () => {
  const files = globSync(['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'], { cwd: root });
  assert.ok(files.length > 500, `found only ${files.length} files`);
  const problems = files.flatMap((file) => problemsOf(file, readFileSync(join(root, file), 'utf8')));
  assert.deepEqual(problems, []);
});

test('the layering check rejects each kind of wrong import', () => {
  const wrong: [string, string][] = [
    ['src/api/meta/x.ts', "import { KubeClient } from '../../runtime/kube/index.ts';"],
    ['src/api/meta/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/api/meta/x.ts', "import { x } from '../../engines/kstatus/index.ts';"],
    ['src/engines/errors/x.ts', "import { x } from '../fs/index.ts';"],
    ['src/engines/kustomize/x.ts', "import { x } from '../../runtime/kube/index.ts';"],
    ['src/engines/sops/x.ts', "import { ObjectMeta } from '../../api/meta/index.ts';"],
    ['src/engines/sops/x.ts', "import type { KindVersion } from '../../api/crd/index.ts';"],
    ['src/runtime/git/x.ts', "import { x } from '../../manager/index.ts';"],
    ['src/runtime/ssa/x.ts', "export { x } from '../../controllers/source/index.ts';"],
    ['src/controllers/kustomize/x.ts', "const m = await import('../source/index.ts');"],
    [
      'src/controllers/source/bucket/x.ts',
      "import { x } from '../helm-repository-client/repository-index.ts';",
    ],
    ['src/controllers/source/common/x.ts', "import { x } from '../gitrepository/index.ts';"],
    ['src/cli/commands/x.ts', "import { x } from '../../controllers/source/index.ts';"],
    ['src/toolchain/x.ts', "import { x } from '../runtime/kube/index.ts';"],
    ['src/engines/sprig/x.ts', "import { x } from '../../../test/support/cluster.ts';"],
    [
      'src/engines/sprig/x.test.ts',
      "import { x } from '../../../test/conformance/gotemplate/typed-data.ts';",
    ],
    ['src/controllers/kustomize/x.ts', "import { x } from '../../api/source/v1/conditions.ts';"],
    ['test/support/x.ts', "import { x } from '../../src/runtime/kube/client.ts';"],
  ];
  for (const [file, source] of wrong) assert.equal(problemsOf(file, source).length, 1, `${file}: ${source}`);
  const right: [string, string][] = [
    ['src/runtime/ssa/x.ts', "import { x } from '../../engines/kstatus/index.ts';\nimport y from 'yaml';"],
    ['src/engines/sops/x.ts', "import type { KubeObject } from '../../api/meta/index.ts';"],
    ['src/api/conversion/x.ts', "import { toError } from '../../engines/errors/index.ts';"],
    ['src/controllers/source/helmchart/x.ts', "import { x } from '../helmrepository/index.ts';"],
    ['src/controllers/source/bucket/x.ts', "import { x } from '../common/source-kind.ts';"],
    ['src/manager/x.ts', "const m = await import('../controllers/kustomize/index.ts');"],
    ['test/support/x.ts', "import { x } from '../../src/runtime/kube/index.ts';"],
    ['src/engines/sprig/x.test.ts', "import { eventually } from '../../../test/support/cluster.ts';"],
  ];
  for (const [file, source] of right) assert.deepEqual(problemsOf(file, source), [], `${file}: ${source}`);
});
