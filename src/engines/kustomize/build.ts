import { toError } from '../errors/index.ts';
import { FsError, joinPath, type VirtualFS } from '../fs/index.ts';
import { RegexSyntaxError } from '../regex/index.ts';
import { LabelSelectorError, type ResourceSelector, resourceMatcher } from '../selector/index.ts';
import { findUnprintable } from '../yaml/index.ts';
import { configFromCrdDefinitions } from './crd-config.ts';
import { type FieldSpec, specApplies } from './field-specs.ts';
import { type GeneratorArgs, type GeneratorOptions, generate } from './generators.ts';
import { contentHash } from './hash.ts';
import { applyJsonPatch, type JsonPatchOp } from './json6902.ts';
import { applyMergePatch } from './merge.ts';
import { fixNameReferences } from './name-references.ts';
import { BUILTIN_SCHEMA, type SchemaTable, schemaTableFromOpenApi } from './openapi-schema.ts';
import { applyReplacements, type Replacement } from './replacements.ts';
import { clone, describeId, groupVersion, type Resource, resId, type TransformerOrigin } from './resource.ts';
import { type KindOrder, legacySort } from './sort.ts';
import {
  emptyTransformerConfig,
  mergeTransformerConfig,
  type TransformerConfig,
} from './transformer-config.ts';
import {
  addAnnotations,
  addAtFieldSpecs,
  addLabels,
  addNameAffixes,
  type ImageRule,
  setImages,
  setNamespace,
  setReplicas,
} from './transformers.ts';
import {
  BuildError,
  type BuildOptions,
  type BuildResult,
  type Diagnostic,
  Fail,
  type FluxSpec,
  type KubeObject,
} from './types.ts';
import { type BoundVar, bindVars, resolveVars } from './vars.ts';
import { parseYamlDocuments, YamlError } from './yaml-parse.ts';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

const KNOWN_FIELDS = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'bases',
  'components',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'images',
  'replicas',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'replacements',
  'vars',
  'crds',
  'openapi',
  'sortOptions',
  'buildMetadata',
  'generators',
  'transformers',
  'validators',
  'configurations',
  'helmCharts',
  'helmGlobals',
  'helmChartInflationGenerator',
  'imageTags',
]);

interface Ctx {
  fs: VirtualFS;
  options: BuildOptions;
  diagnostics: Diagnostic[];
  sortOrder?: 'legacy' | 'fifo';
  /** The root kustomization's legacySortOptions, when it gives them. */
  kindOrder?: KindOrder;
  /** Legacy vars declared anywhere in the tree, each bound to its resource; resolved once at the end. */
  vars: BoundVar[];
  /** Field specs added by `configurations:` files so far. */
  config: TransformerConfig;
  /** The OpenAPI schema chosen by an `openapi:` field (one per build, see {@link chooseOpenApi}). */
  openapi?: { version?: string; custom?: SchemaTable };
}

/** Parsed documents by file text: warm builds of the same tree skip parsing (values are copied out). */
const parseCache = new Map<string, unknown[]>();
const PARSE_CACHE_LIMIT = 5000;

function parseCached(text: string, uniqueKeys = false): unknown[] {
  const key = uniqueKeys ? `unique\0${text}` : text;
  let docs = parseCache.get(key);
  if (docs === undefined) {
    docs = parseYamlDocuments(text, { uniqueKeys });
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
    parseCache.set(key, docs);
  }
  return clone(docs);
}

/**
 * Reads and parses a YAML file into its documents, failing with the file and line (and, with
 * `uniqueKeys`, on a mapping key given twice).
 */
function readYaml(ctx: Ctx, path: string, code = 'MalformedYaml', uniqueKeys = false): unknown[] {
  const text = ctx.fs.readFile(path);
  try {
    return parseCached(text, uniqueKeys);
  } catch (e) {
    if (e instanceof YamlError) throw new Fail(code, `malformed yaml: ${e.message}`, path, e.line);
    throw e;
  }
}

/**
 * kustomize's default load restrictor: a kustomization may read files only in or below its own
 * directory (other kustomization directories are fine). Flux turns this off (`loadRestrictor:
 * 'none'`), relying on the filesystem's root confinement instead.
 */
function restrictFile(ctx: Ctx, dir: string, path: string, file: string): void {
  if (ctx.options.loadRestrictor === 'none') return;
  if (dir === '' || path.startsWith(`${dir}/`)) return;
  throw new Fail('LoadRestricted', `security; file '${path}' is not in or below '${dir || '.'}'`, file);
}

function findKustomization(fs: VirtualFS, dir: string): string | undefined {
  const found = KUSTOMIZATION_FILES.filter((f) => fs.exists(joinPath(dir, f)));
  return found[0] === undefined ? undefined : joinPath(dir, found[0]);
}

/** Flux's generated kustomization: every YAML file below the directory, recursively. */
/**
 * Flux's generated kustomization: every YAML file below the directory, in walk order; a
 * subdirectory with its own kustomization is taken whole, as one resource, and not entered. Each
 * file must hold Kubernetes objects.
 */
function generatedKustomization(ctx: Ctx, dir: string): Record<string, any> {
  const fs = ctx.fs;
  const files: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const name of fs.readDir(d)) {
      const p = joinPath(d, name);
      if (fs.isDir(p)) {
        if (findKustomization(fs, p)) files.push(`./${rel}${name}`);
        else walk(p, `${rel}${name}/`);
      } else if (/\.ya?ml$/.test(name)) {
        for (const doc of readYaml(ctx, p)) {
          const o = doc as KubeObject;
          if (!o || typeof o !== 'object' || !o.kind || !o.apiVersion)
            throw new Fail('MalformedYaml', `failed to decode Kubernetes YAML from ${p}`, p);
        }
        files.push(`./${rel}${name}`);
      }
    }
  };
  walk(dir, '');
  return { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files };
}

/** Merges a Flux Kustomization's spec (targetNamespace, patches, images) into the root kustomization. */
function applyFluxSpec(k: Record<string, any>, spec: FluxSpec): void {
  if (spec.targetNamespace) k.namespace = spec.targetNamespace;
  if (spec.patches?.length) k.patches = [...(k.patches ?? []), ...spec.patches];
  if (spec.patchesStrategicMerge?.length)
    k.patchesStrategicMerge = [...(k.patchesStrategicMerge ?? []), ...spec.patchesStrategicMerge];
  if (spec.patchesJson6902?.length)
    k.patchesJson6902 = [
      ...(k.patchesJson6902 ?? []),
      ...spec.patchesJson6902.map((p) => ({ target: p.target, patch: JSON.stringify(p.patch) })),
    ];
  for (const image of spec.images ?? []) {
    k.images ??= [];
    const images: any[] = k.images;
    const i = images.findIndex((x) => x?.name === image.name);
    if (i >= 0) images[i] = image;
    else images.push(image);
  }
}

function isRemote(ref: string): boolean {
  return (
    /^[a-z]+:\/\//.test(ref) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(ref) ||
    ref.startsWith('git@')
  );
}

function loadKustomization(ctx: Ctx, dir: string, isRoot: boolean): { file: string; k: Record<string, any> } {
  const { file, k } = readKustomization(ctx, dir, isRoot);
  if (isRoot && ctx.options.flux) applyFluxSpec(k, ctx.options.flux);
  return { file, k };
}

const KNOWN_FIELDS_FOLDED = new Map([...KNOWN_FIELDS].map((f) => [f.toLowerCase(), f]));

function readKustomization(ctx: Ctx, dir: string, isRoot: boolean): { file: string; k: Record<string, any> } {
  const file = findKustomization(ctx.fs, dir);
  if (!file) {
    if (ctx.options.generateKustomization && isRoot)
      return { file: joinPath(dir, 'kustomization.yaml'), k: generatedKustomization(ctx, dir) };
    throw new Fail(
      'MissingKustomization',
      `unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${dir || '.'}'`,
      dir || '.',
    );
  }
  const docs = readYaml(ctx, file);
  const k = (docs[0] ?? {}) as Record<string, any>;
  if (typeof k !== 'object' || Array.isArray(k))
    throw new Fail('MalformedYaml', 'kustomization is not a map', file);
  for (const key of Object.keys(k)) {
    if (KNOWN_FIELDS.has(key)) continue;
    // kustomize decodes with encoding/json, which also takes a field name in another case
    const known = KNOWN_FIELDS_FOLDED.get(key.toLowerCase());
    if (!known) throw new Fail('UnknownField', `json: unknown field "${key}"`, file);
    if (!(known in k)) k[known] = k[key];
    delete k[key];
  }
  if (Object.keys(k).every((key) => key === 'apiVersion' || key === 'kind'))
    throw new Fail('EmptyKustomization', `kustomization.yaml is empty`, file);
  // kustomize refuses a kind it does not know and an apiVersion other than its kind's own
  const problems: string[] = [];
  const kind = k.kind || 'Kustomization';
  if (kind !== 'Kustomization' && kind !== 'Component')
    problems.push('kind should be Kustomization or Component');
  const required = `kustomize.config.k8s.io/${kind === 'Component' ? 'v1alpha1' : 'v1beta1'}`;
  if (k.apiVersion && k.apiVersion !== required)
    problems.push(`apiVersion for ${kind} should be ${required}`);
  if (problems.length > 0)
    throw new Fail(
      'InvalidKustomization',
      `failed to read kustomization file under ${dir || '.'}: ${problems.join('; ')}`,
      file,
    );
  if (k.helmCharts && !ctx.options.allowHelmCharts)
    throw new Fail('HelmChartsNotAllowed', 'helmCharts are not allowed in this build', file);
  return { file, k };
}

function loadResourceFile(ctx: Ctx, path: string): Resource[] {
  const out: Resource[] = [];
  // kustomize decodes resources strictly: a mapping key given twice is an error there
  for (const doc of readYaml(ctx, path, 'MalformedYaml', true)) {
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
      throw new Fail('MalformedYaml', `resource is not a map`, path);
    const obj = doc as KubeObject;
    const items =
      obj.kind === 'List' ||
      (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items))
        ? (obj.items ?? [])
        : [obj];
    for (const item of items) {
      if (!item?.kind)
        throw new Fail(
          'MalformedYaml',
          `missing kind in object ${JSON.stringify(item?.metadata ?? {})}`,
          path,
        );
      if (!item.metadata?.name)
        throw new Fail('MalformedYaml', `missing metadata.name in object of kind ${item.kind}`, path);
      out.push({ obj: item, previous: [], file: path });
    }
  }
  return out;
}

function addAll(target: Resource[], add: Resource[], file: string): void {
  const ids = new Set(target.map((t) => resId(t.obj)));
  for (const r of add) {
    const id = resId(r.obj);
    if (ids.has(id))
      throw new Fail(
        'ConflictingId',
        `may not add resource with an already registered id: ${describeId(r.obj)}`,
        r.file ?? file,
      );
    ids.add(id);
    target.push(r);
  }
}

function loadEntry(ctx: Ctx, dir: string, entry: string, file: string, stack: string[]): Resource[] {
  if (isRemote(entry)) {
    throw new Fail('RemoteNotAllowed', `remote resource '${entry}' is not allowed in this build`, file);
  }
  let path: string;
  try {
    path = joinPath(dir, entry);
  } catch (e) {
    if (e instanceof FsError) throw new Fail('PathEscape', `path '${entry}' escapes the source root`, file);
    throw e;
  }
  if (!ctx.fs.exists(path))
    throw new Fail('MissingResource', `accumulating resources: '${entry}' does not exist`, file);
  if (ctx.fs.isDir(path)) return buildDir(ctx, path, stack, undefined, 'Kustomization');
  restrictFile(ctx, dir, path, file);
  return loadResourceFile(ctx, path);
}

// kustomize's selector (anchored RE2 patterns, label and annotation selector strings); one that
// does not compile fails the build with a diagnostic rather than an exception
function targetMatcher(target: ResourceSelector, file: string): (obj: KubeObject) => boolean {
  try {
    return resourceMatcher(target);
  } catch (e: unknown) {
    if (e instanceof RegexSyntaxError || e instanceof LabelSelectorError)
      throw new Fail('InvalidPatchTarget', `invalid patch target: ${e.message}`, file);
    throw e;
  }
}

/**
 * Whether a patch target selects a resource: kustomize tries its original name and namespace as
 * well as its current ones (each on its own), so an overlay may name what a base renamed.
 */
function selectedByAnyId(selects: (obj: KubeObject) => boolean, r: Resource): boolean {
  if (selects(r.obj)) return true;
  const original = r.previous[0];
  if (!original) return false;
  const meta = r.obj.metadata ?? {};
  for (const name of [original.name, meta.name])
    for (const namespace of [original.namespace, meta.namespace])
      if (selects({ ...r.obj, metadata: { ...meta, name, namespace } })) return true;
  return false;
}

function parsePatchText(text: string, file: string): unknown[] {
  try {
    return parseCached(text);
  } catch (e) {
    if (e instanceof YamlError)
      throw new Fail('MalformedYaml', `malformed patch: ${e.message}`, file, e.line);
    throw e;
  }
}

interface PatchOptions {
  allowNameChange?: boolean;
  allowKindChange?: boolean;
  /** The kinds of a custom OpenAPI schema, merged strategically by its merge keys. */
  schema?: SchemaTable;
}

function applyPatchToResource(r: Resource, patch: unknown, file: string, options: PatchOptions = {}): void {
  if (Array.isArray(patch)) {
    const before = { name: r.obj.metadata?.name ?? '', namespace: r.obj.metadata?.namespace ?? '' };
    try {
      r.obj = applyJsonPatch(r.obj, patch as JsonPatchOp[]) as KubeObject;
      // a JSON patch may rename: references to the old name follow, as after a prefix
      if ((r.obj.metadata?.name ?? '') !== before.name) r.previous.push(before);
    } catch (e) {
      throw new Fail(
        'PatchFailed',
        `unable to apply json patch to ${describeId(r.obj)}: ${toError(e).message}`,
        file,
      );
    }
    return;
  }
  const p = clone(patch) as KubeObject;
  if (p.$patch === 'delete') {
    r.deleted = true;
    return;
  }
  const name = r.obj.metadata?.name;
  const namespace = r.obj.metadata?.namespace;
  const kind = r.obj.kind;
  const apiVersion = r.obj.apiVersion;
  r.obj = applyMergePatch(r.obj, p, options.schema);
  // a patch keeps the target's identity unless its options allow a change
  r.obj.metadata ??= {};
  if (!options.allowKindChange) {
    r.obj.kind = kind;
    r.obj.apiVersion = apiVersion;
  }
  const renamed = options.allowNameChange && r.obj.metadata.name !== name;
  if (renamed || r.obj.kind !== kind || r.obj.apiVersion !== apiVersion)
    r.previous.push({ name: name ?? '', namespace: namespace ?? '', kind, apiVersion });
  if (!renamed && name !== undefined) r.obj.metadata.name = name;
  if (namespace !== undefined) r.obj.metadata.namespace = namespace;
}

/**
 * Every id an object has had, its current one first: an earlier id that recorded no kind had the
 * kind of the next one that did (only patches allowed to change kinds record them).
 */
function idsOf(r: Resource): { name?: string; namespace?: string; kind?: string; apiVersion?: string }[] {
  const current = { ...r.obj.metadata, kind: r.obj.kind, apiVersion: r.obj.apiVersion };
  const earlier = [...r.previous];
  let next = { kind: current.kind, apiVersion: current.apiVersion };
  for (let i = earlier.length - 1; i >= 0; i--) {
    if (earlier[i].kind !== undefined) next = { kind: earlier[i].kind, apiVersion: earlier[i].apiVersion };
    earlier[i] = { ...next, ...earlier[i] };
  }
  return [
    { name: current.name, namespace: current.namespace, kind: current.kind, apiVersion: current.apiVersion },
    ...earlier,
  ];
}

function applyPatch(
  ctx: Ctx,
  resources: Resource[],
  patch: unknown,
  target: ResourceSelector | undefined,
  file: string,
  options?: PatchOptions,
): void {
  if (target) {
    const selects = targetMatcher(target, file);
    const matched = resources.filter((r) => selectedByAnyId(selects, r));
    for (const r of matched)
      applyPatchToResource(r, patch, file, { ...options, schema: ctx.openapi?.custom });
    dropDeleted(resources);
    return;
  }
  if (Array.isArray(patch)) throw new Fail('PatchTargetNotFound', 'json patch requires a target', file);
  const p = patch as KubeObject;
  const gv = groupVersion(p.apiVersion);
  const matched = resources.filter((r) => {
    // the patch's kind, group, name and namespace must together equal one of the ids the object
    // has had (a patch without a namespace aims at objects without one)
    const ns = (x: string | undefined) => (x === 'default' ? '' : (x ?? ''));
    return idsOf(r).some(
      (id) =>
        id.kind === p.kind &&
        groupVersion(id.apiVersion).group === gv.group &&
        id.name === p.metadata?.name &&
        ns(id.namespace) === ns(p.metadata?.namespace),
    );
  });
  if (matched.length === 0)
    throw new Fail(
      'PatchTargetNotFound',
      `no resource matches strategic merge patch "${describeId(p)}"`,
      file,
    );
  // an untargeted patch names one object: kustomize refuses a name that several objects have had
  if (matched.length > 1)
    throw new Fail(
      'PatchTargetAmbiguous',
      `multiple matches for Id ${describeId(p)}; failed to find unique target for patch ${describeId(p)}`,
      file,
    );
  for (const r of matched) applyPatchToResource(r, p, file, { ...options, schema: ctx.openapi?.custom });
  dropDeleted(resources);
}

function dropDeleted(resources: Resource[]): void {
  for (let i = resources.length - 1; i >= 0; i--) if (resources[i].deleted) resources.splice(i, 1);
}

function patchContents(
  ctx: Ctx,
  dir: string,
  entry: { path?: string; patch?: string },
  file: string,
): unknown[] {
  if (entry.path !== undefined) {
    const path = joinPath(dir, entry.path);
    if (!ctx.fs.exists(path))
      throw new Fail('MissingResource', `patch file '${entry.path}' does not exist`, file);
    restrictFile(ctx, dir, path, file);
    return readYaml(ctx, path);
  }
  return parsePatchText(entry.patch ?? '', file);
}

function runGenerators(ctx: Ctx, dir: string, file: string, k: Record<string, any>, res: Resource[]): void {
  const opts = k.generatorOptions as GeneratorOptions | undefined;
  const gens: ['ConfigMap' | 'Secret', GeneratorArgs][] = [
    ...((k.configMapGenerator ?? []) as GeneratorArgs[]).map(
      (g) => ['ConfigMap', g] as ['ConfigMap', GeneratorArgs],
    ),
    ...((k.secretGenerator ?? []) as GeneratorArgs[]).map((g) => ['Secret', g] as ['Secret', GeneratorArgs]),
  ];
  for (const [kind, args] of gens) addGenerated(ctx, dir, file, kind, args, opts, k.namespace, res);
}

/**
 * Generates one ConfigMap or Secret and adds it to `res`, or merges it into (or replaces the data
 * of) the object of the same name there, as its behavior says.
 */
function addGenerated(
  ctx: Ctx,
  dir: string,
  file: string,
  kind: 'ConfigMap' | 'Secret',
  args: GeneratorArgs,
  opts: GeneratorOptions | undefined,
  namespace: string | undefined,
  res: Resource[],
  configName?: string,
): void {
  const gen = generate(ctx.fs, dir, file, kind, args, opts, (path) => restrictFile(ctx, dir, path, file));
  // a generator configured in `generators:` is named in the origin annotation by its metadata.name
  if (gen.generatedBy && configName !== undefined) gen.generatedBy.name = configName;
  if (namespace && !gen.obj.metadata.namespace) gen.obj.metadata.namespace = namespace;
  // kustomize looks the name up among every id an object has had, its current one included (so
  // an overlay may merge into `prefix-cm` as well as into `cm`); more than one match is ambiguous
  const matches = res.filter(
    (r) =>
      r.obj.kind === kind &&
      [...r.previous, { name: r.obj.metadata?.name, namespace: r.obj.metadata?.namespace ?? '' }].some(
        (id) => id.name === args.name && (!args.namespace || id.namespace === args.namespace),
      ),
  );
  if (matches.length > 1 && gen.behavior !== 'create')
    throw new Fail(
      'ConflictingId',
      `found multiple objects ${matches.map((r) => describeId(r.obj)).join(', ')} that could accept merge of ${describeId(gen.obj)}`,
      file,
    );
  const existing = matches[0];
  if (gen.behavior === 'create' && existing && sameOrigin(existing, args.namespace ?? namespace ?? ''))
    throw new Fail(
      'ConflictingId',
      `id ${describeId(gen.obj)} exists; behavior must be merge or replace`,
      file,
    );
  if (gen.behavior === 'create' || !existing) {
    if (gen.behavior !== 'create' && !existing)
      throw new Fail(
        'MissingResource',
        `id ${describeId(gen.obj)} does not exist; cannot merge or replace`,
        file,
      );
    addAll(res, [gen], file);
    return;
  }
  // the origin is the replacing generator's; a merge keeps the original's (if it has one)
  if (gen.behavior === 'replace' || (!existing.generatedBy && !existing.file)) {
    existing.generatedBy = gen.generatedBy;
    existing.file = gen.file;
  }
  if (gen.behavior === 'replace') {
    existing.obj.data = gen.obj.data;
    if (gen.obj.binaryData) existing.obj.binaryData = gen.obj.binaryData;
  } else {
    if (gen.obj.data) existing.obj.data = { ...existing.obj.data, ...gen.obj.data };
    if (gen.obj.binaryData) existing.obj.binaryData = { ...existing.obj.binaryData, ...gen.obj.binaryData };
  }
  for (const f of ['labels', 'annotations']) {
    if (gen.obj.metadata[f])
      existing.obj.metadata[f] = { ...existing.obj.metadata[f], ...gen.obj.metadata[f] };
  }
  // the hash suffix stays only if both the object merged into and the generator ask for it
  // (a plain ConfigMap from resources: keeps its name when a generator merges into it)
  existing.needsHash = Boolean(existing.needsHash && gen.needsHash);
}

/** Whether an object started out in the given namespace (its first id, before any transformer). */
function sameOrigin(r: Resource, namespace: string): boolean {
  const first = r.previous[0]?.namespace ?? r.obj.metadata?.namespace ?? '';
  return (first || 'default') === (namespace || 'default');
}

function labelsOf(entry: any): Record<string, string> {
  return Object.fromEntries(Object.entries(entry ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/**
 * The configurations of a `generators:` or `transformers:` entry: an inline YAML text, a file of
 * them, or a kustomization directory whose output they are; with the file they came from.
 */
function pluginConfigs(
  ctx: Ctx,
  dir: string,
  entry: string,
  file: string,
  stack: string[],
  what: 'generator' | 'transformer',
): { configs: KubeObject[]; path: string } {
  if (entry.includes('\n')) return { configs: parsePatchText(entry, file) as KubeObject[], path: file };
  const path = joinPath(dir, entry);
  if (!ctx.fs.exists(path)) throw new Fail('MissingResource', `${what} '${entry}' does not exist`, file);
  if (!ctx.fs.isDir(path)) restrictFile(ctx, dir, path, file);
  const configs = ctx.fs.isDir(path)
    ? buildDir(ctx, path, stack, undefined).map((r) => r.obj)
    : (readYaml(ctx, path) as KubeObject[]);
  return { configs, path };
}

/** Runs one built-in generator configured in `generators:` (files it reads are relative to `dir`). */
function runGeneratorConfig(ctx: Ctx, dir: string, res: Resource[], cfg: any, file: string): void {
  switch (cfg?.kind) {
    case 'ConfigMapGenerator':
    case 'SecretGenerator': {
      // the generator's own fields name what it makes; its metadata only when they do not
      const args: GeneratorArgs = {
        name: cfg.name ?? cfg.metadata?.name,
        namespace: cfg.namespace ?? cfg.metadata?.namespace,
        behavior: cfg.behavior,
        files: cfg.files,
        literals: cfg.literals,
        envs: cfg.envs,
        env: cfg.env,
        type: cfg.type,
        options: cfg.options,
      };
      const kind = cfg.kind === 'ConfigMapGenerator' ? 'ConfigMap' : 'Secret';
      addGenerated(ctx, dir, file, kind, args, undefined, undefined, res, cfg.metadata?.name);
      return;
    }
    case 'IAMPolicyGenerator': {
      // GKE workload identity: a ServiceAccount annotated with the Google service account it acts as
      const ksa = cfg.kubernetesService ?? {};
      const gsa = cfg.serviceAccount ?? {};
      const obj: KubeObject = {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          annotations: {
            'iam.gke.io/gcp-service-account': `${gsa.name}@${gsa.projectId}.iam.gserviceaccount.com`,
          },
          name: ksa.name,
          ...(ksa.namespace ? { namespace: ksa.namespace } : {}),
        },
      };
      addAll(res, [{ obj, previous: [], file }], file);
      return;
    }
    default:
      throw new Fail('UnsupportedGenerator', `unsupported generator kind '${cfg?.kind}'`, file);
  }
}

function runTransformerConfig(ctx: Ctx, dir: string, res: Resource[], cfg: KubeObject, file: string): void {
  const specs = (cfg.fieldSpecs ?? []) as FieldSpec[];
  switch (cfg.kind) {
    case 'LabelTransformer':
      addAtFieldSpecs(res, labelsOf(cfg.labels), specs);
      return;
    case 'AnnotationsTransformer':
      addAtFieldSpecs(res, labelsOf(cfg.annotations), specs);
      return;
    case 'NamespaceTransformer':
      setNamespace(res, cfg.metadata?.namespace ?? '');
      return;
    case 'PrefixSuffixTransformer':
    case 'PrefixTransformer':
    case 'SuffixTransformer': {
      // field specs given: only the kinds they list (at metadata/name) are renamed
      const named = specs.filter((f) => f.path === 'metadata/name');
      const targets = named.length ? res.filter((r) => named.some((f) => specApplies(f, r.obj))) : res;
      addNameAffixes(targets, cfg.prefix ?? '', cfg.suffix ?? '');
      return;
    }
    case 'ImageTagTransformer':
      setImages(res, [cfg.imageTag as ImageRule]);
      return;
    case 'ReplacementTransformer':
      applyReplacements(res, loadReplacements(ctx, dir, (cfg.replacements ?? []) as any[], file), file);
      return;
    case 'PatchTransformer':
    case 'PatchStrategicMergeTransformer':
    case 'PatchJson6902Transformer': {
      for (const p of parsePatchText(cfg.patch ?? '', file)) applyPatch(ctx, res, p, cfg.target, file);
      return;
    }
    default:
      throw new Fail('UnsupportedTransformer', `unsupported transformer kind '${cfg.kind}'`, file);
  }
}

/**
 * `crds:` files hold OpenAPI definitions (not CustomResourceDefinition objects). They are checked
 * for shape; custom resources still merge as JSON merge patches.
 */
/** A `crds:` file: OpenAPI definitions whose marked fields join this build's field specs. */
function loadCrdFile(ctx: Ctx, dir: string, entry: string, file: string): void {
  const path = joinPath(dir, entry);
  if (!ctx.fs.exists(path)) throw new Fail('MissingResource', `crd file '${entry}' does not exist`, file);
  restrictFile(ctx, dir, path, file);
  for (const doc of readYaml(ctx, path)) {
    if (!doc || typeof doc !== 'object' || Array.isArray(doc) || 'kind' in doc)
      throw new Fail('InvalidCrds', `unable to parse open API definition from '${entry}'`, file);
    mergeTransformerConfig(ctx.config, configFromCrdDefinitions(doc as Record<string, unknown>));
  }
}

function loadReplacements(ctx: Ctx, dir: string, entries: any[], file: string): Replacement[] {
  const out: Replacement[] = [];
  for (const e of entries) {
    if (e?.path !== undefined) {
      const path = joinPath(dir, e.path);
      if (!ctx.fs.exists(path))
        throw new Fail('MissingResource', `replacement file '${e.path}' does not exist`, file);
      restrictFile(ctx, dir, path, file);
      for (const doc of readYaml(ctx, path)) out.push(...(Array.isArray(doc) ? doc : [doc]));
    } else out.push(e);
  }
  return out;
}

/**
 * Builds one kustomization directory: its resources (files and nested kustomizations), its
 * components (applied to what came before them), generators, then the built-in transformers in
 * kustomize's order, then the `transformers:` entries.
 */
/** The one OpenAPI version kustomize has built in (its default). */
const BUILTIN_OPENAPI_VERSION = 'v1.21.2';

/**
 * The `openapi:` field, as kustomize keeps it: one schema for the whole build, chosen by the root
 * kustomization when it names one, else by the first kustomization of the tree (in build order)
 * that does; a schema file is read (and must exist) wherever it is named. A custom schema gives
 * its kinds strategic merge with its merge keys.
 */
function chooseOpenApi(ctx: Ctx, dir: string, file: string, k: Record<string, any>, isRoot: boolean): void {
  const field = (k.openapi ?? {}) as { path?: string; version?: string };
  let custom: SchemaTable | undefined;
  if (field.path !== undefined) {
    const path = joinPath(dir, String(field.path));
    if (!ctx.fs.exists(path)) throw new Fail('MissingResource', `'${path}' doesn't exist`, file);
    restrictFile(ctx, dir, path, file);
    custom = schemaTableFromOpenApi(readYaml(ctx, path)[0], BUILTIN_SCHEMA);
  }
  if (ctx.openapi && !isRoot) return;
  if (custom) {
    if (field.version !== undefined)
      throw new Fail(
        'InvalidKustomization',
        'builtin version and custom schema provided, cannot use both',
        file,
      );
    ctx.openapi = { custom };
    return;
  }
  if (!field.version) return;
  if (field.version !== BUILTIN_OPENAPI_VERSION)
    throw new Fail('InvalidKustomization', 'the specified OpenAPI version is not built in', file);
  ctx.openapi = { version: field.version };
}

function buildDir(
  ctx: Ctx,
  dir: string,
  stack: string[],
  inherited: Resource[] | undefined,
  expectedKind: 'Kustomization' | 'Component' = 'Kustomization',
): Resource[] {
  if (stack.includes(dir))
    throw new Fail(
      'Cycle',
      `cycle detected: ${[...stack, dir].map((d) => relativeTo(stack[0] ?? '', d) || '.').join(' -> ')}`,
      dir || '.',
    );
  const inner = [...stack, dir];
  const { file, k } = loadKustomization(ctx, dir, stack.length === 0);
  chooseOpenApi(ctx, dir, file, k, stack.length === 0);
  const kind = k.kind ?? 'Kustomization';
  // a Component directory built directly (the root of the build) builds like a Kustomization
  const componentAsRoot = stack.length === 0 && kind === 'Component';
  if (kind !== expectedKind && !componentAsRoot) {
    if (expectedKind === 'Component')
      throw new Fail('WrongKind', `expected kind 'Component' for path '${dir}' but got '${kind}'`, file);
    throw new Fail('WrongKind', `'${dir}' must resolve to a file: its kind is '${kind}'`, file);
  }
  const res: Resource[] = inherited ?? [];
  for (const entry of [...(k.resources ?? []), ...(k.bases ?? [])] as string[]) {
    addAll(res, loadEntry(ctx, dir, String(entry), file, inner), file);
  }
  let current = res;
  for (const crd of (k.crds ?? []) as string[]) loadCrdFile(ctx, dir, crd, file);
  // this kustomization's generators run before its components, which then see their output
  runGenerators(ctx, dir, file, k, current);
  for (const g of (k.generators ?? []) as string[]) {
    const { configs, path } = pluginConfigs(ctx, dir, String(g), file, inner, 'generator');
    for (const cfg of configs) runGeneratorConfig(ctx, dir, current, cfg, path);
  }
  for (const c of (k.components ?? []) as string[]) {
    const path = joinPath(dir, c);
    if (!ctx.fs.isDir(path)) throw new Fail('MissingResource', `component '${c}' does not exist`, file);
    current = buildDir(ctx, path, inner, current, 'Component');
  }
  // kustomize notes each built-in transformer (one per patch, label set, image...) on every object
  // present after it ran; its own kind names it
  const ran = (kind: string, times = 1) => {
    for (let i = 0; i < times; i++) noteTransformer(current, { file, apiVersion: 'builtin', kind });
  };
  for (const entry of (k.patchesStrategicMerge ?? []) as unknown[]) {
    if (typeof entry === 'object' && entry !== null) {
      applyPatch(ctx, current, entry, undefined, file);
      continue;
    }
    const path = joinPath(dir, String(entry));
    const isFile = ctx.fs.exists(path) && !String(entry).includes('\n');
    if (isFile) restrictFile(ctx, dir, path, file);
    const docs = isFile ? readYaml(ctx, path) : parsePatchText(String(entry), file);
    for (const p of docs) applyPatch(ctx, current, p, undefined, file);
  }
  if (k.patchesStrategicMerge?.length) ran('PatchStrategicMergeTransformer');
  for (const entry of (k.patches ?? []) as any[]) {
    for (const p of patchContents(ctx, dir, entry, file))
      applyPatch(ctx, current, p, entry.target, file, entry.options);
    ran('PatchTransformer');
  }
  for (const entry of (k.configurations ?? []) as string[]) {
    const path = joinPath(dir, String(entry));
    if (!ctx.fs.exists(path))
      throw new Fail('MissingResource', `configuration file '${entry}' does not exist`, file);
    restrictFile(ctx, dir, path, file);
    for (const doc of readYaml(ctx, path)) mergeTransformerConfig(ctx.config, doc);
  }
  const config = ctx.config;
  if (k.namespace) {
    setNamespace(current, k.namespace);
    ran('NamespaceTransformer');
  }
  if (k.namePrefix || k.nameSuffix)
    addNameAffixes(current, k.namePrefix ?? '', k.nameSuffix ?? '', {
      prefix: ctx.config.namePrefix,
      suffix: ctx.config.nameSuffix,
    });
  if (k.namePrefix) ran('PrefixTransformer');
  if (k.nameSuffix) ran('SuffixTransformer');
  if (k.commonLabels) {
    addLabels(current, labelsOf(k.commonLabels), { selectors: true, templates: true });
    addAtFieldSpecs(current, labelsOf(k.commonLabels), config.commonLabels);
  }
  for (const l of (k.labels ?? []) as any[]) {
    addLabels(current, labelsOf(l.pairs), {
      selectors: Boolean(l.includeSelectors),
      templates: Boolean(l.includeTemplates),
      fields: l.fields,
    });
    const extra = l.includeSelectors ? config.commonLabels : l.includeTemplates ? config.templateLabels : [];
    addAtFieldSpecs(current, labelsOf(l.pairs), [...config.labels, ...extra]);
  }
  // one transformer per labels: entry, plus one for commonLabels whenever either is set
  const labelSets = Array.isArray(k.labels) ? k.labels.length : 0;
  if (labelSets > 0 || (k.commonLabels && Object.keys(k.commonLabels).length > 0))
    ran('LabelTransformer', labelSets + 1);
  if (k.commonAnnotations) {
    addAnnotations(current, labelsOf(k.commonAnnotations));
    addAtFieldSpecs(current, labelsOf(k.commonAnnotations), config.commonAnnotations);
    if (Object.keys(k.commonAnnotations).length > 0) ran('AnnotationsTransformer');
  }
  for (const entry of (k.patchesJson6902 ?? []) as any[]) {
    for (const p of patchContents(ctx, dir, entry, file)) applyPatch(ctx, current, p, entry.target, file);
    ran('PatchJson6902Transformer');
  }
  if (k.replicas) setReplicas(current, k.replicas);
  if (Array.isArray(k.replicas)) ran('ReplicaCountTransformer', k.replicas.length);
  if (k.images) setImages(current, k.images, config.images);
  if (Array.isArray(k.images)) ran('ImageTagTransformer', k.images.length);
  if (k.replacements) applyReplacements(current, loadReplacements(ctx, dir, k.replacements, file), file);
  if (k.replacements?.length) ran('ReplacementTransformer');
  for (const t of (k.transformers ?? []) as string[]) {
    const { configs, path } = pluginConfigs(ctx, dir, String(t), file, inner, 'transformer');
    for (const cfg of configs) {
      runTransformerConfig(ctx, dir, current, cfg, path);
      const { apiVersion, kind, metadata } = cfg;
      noteTransformer(current, {
        file: path,
        apiVersion,
        kind,
        name: metadata?.name,
        namespace: metadata?.namespace,
      });
    }
  }
  if (Array.isArray(k.vars)) bindVars(current, k.vars, file, ctx.vars);
  if (k.sortOptions && stack.length === 0) {
    const { order, legacySortOptions } = k.sortOptions;
    if (order !== 'fifo' && order !== 'legacy')
      throw new Fail(
        'InvalidSortOptions',
        "the field 'sortOptions.order' must be one of [fifo, legacy]",
        file,
      );
    if (order === 'fifo' && legacySortOptions)
      throw new Fail(
        'InvalidSortOptions',
        "the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'",
        file,
      );
    ctx.sortOrder = order;
    if (legacySortOptions) ctx.kindOrder = legacySortOptions;
  }
  if (Array.isArray(k.buildMetadata)) addBuildMetadata(current, dir, k.buildMetadata);
  // as kustomize does at every level: references follow renames among this level's objects only,
  // so two branches of a diamond each keep pointing at their own copy
  fixNameReferences(current, ctx.config.nameReference);
  return current;
}

/** The version kubectl's embedded kustomize reports in `app.kubernetes.io/managed-by`. */
const MANAGED_BY = 'kustomize-(devel)';

function relativeTo(dir: string, path: string): string {
  const from = dir === '' ? [] : dir.split('/');
  const to = path.split('/');
  let i = 0;
  while (i < from.length && i < to.length && from[i] === to[i]) i++;
  return [...from.slice(i).map(() => '..'), ...to.slice(i)].join('/');
}

/** Records that a transformer ran over each of `resources` (for the transformer annotation). */
function noteTransformer(resources: Resource[], by: TransformerOrigin): void {
  for (const r of resources) {
    r.transformations ??= [];
    r.transformations.push(by);
  }
}

/** The transformer annotation's value: kustomize's YAML list of what configured each transformer. */
function transformationsAnnotation(dir: string, list: TransformerOrigin[]): string {
  return list
    .map((t) => {
      let entry = `- configuredIn: ${relativeTo(dir, t.file)}\n  configuredBy:\n    apiVersion: ${t.apiVersion}\n    kind: ${t.kind}\n`;
      if (t.name) entry += `    name: ${t.name}\n`;
      if (t.namespace) entry += `    namespace: ${t.namespace}\n`;
      return entry;
    })
    .join('');
}

/**
 * buildMetadata: origin annotations (where each object came from), transformer annotations (what
 * transformed it) and the managed-by label.
 */
function addBuildMetadata(resources: Resource[], dir: string, what: string[]): void {
  for (const r of resources) {
    r.obj.metadata ??= {};
    const meta = r.obj.metadata;
    if (what.includes('originAnnotations')) {
      let origin: string | undefined;
      if (r.generatedBy) {
        const { file, kind, name } = r.generatedBy;
        origin = `configuredIn: ${relativeTo(dir, file)}\nconfiguredBy:\n  apiVersion: builtin\n  kind: ${kind}\n`;
        if (name !== undefined) origin += `  name: ${name}\n`;
      } else if (r.file) origin = `path: ${relativeTo(dir, r.file)}\n`;
      if (origin && meta.annotations?.['config.kubernetes.io/origin'] === undefined)
        meta.annotations = { ...meta.annotations, 'config.kubernetes.io/origin': origin };
    }
    if (what.includes('transformerAnnotations') && r.transformations?.length)
      meta.annotations = {
        ...meta.annotations,
        'alpha.config.kubernetes.io/transformations': transformationsAnnotation(dir, r.transformations),
      };
    if (what.includes('managedByLabel'))
      meta.labels = { ...meta.labels, 'app.kubernetes.io/managed-by': MANAGED_BY };
  }
}

/**
 * Objects annotated `config.kubernetes.io/local-config` (any value but "false") take part in the
 * whole build, as replacement or var sources among others, and are left out of its output only.
 */
function dropLocalConfigs(resources: Resource[]): void {
  for (let i = resources.length - 1; i >= 0; i--) {
    const local = resources[i].obj.metadata?.annotations?.['config.kubernetes.io/local-config'];
    if (local !== undefined && local !== 'false') resources.splice(i, 1);
  }
}

/**
 * kustomize rewrites every object's annotations as a map of strings when it clears its own build
 * annotations at the end, so `port: 8080` comes out as `port: "8080"`.
 */
function stringifyAnnotations(obj: KubeObject): void {
  const annotations = obj.metadata?.annotations;
  if (!annotations || typeof annotations !== 'object') return;
  for (const [k, v] of Object.entries(annotations))
    if (typeof v === 'number' || typeof v === 'boolean') annotations[k] = String(v);
}

/**
 * kustomize refuses a RoleBinding whose ServiceAccount subject has a `namespace` key that is not
 * a string (`namespace:` left blank), when it looks for what the binding may refer to.
 */
function checkSubjectNamespaces(resources: Resource[]): void {
  for (const r of resources) {
    if (r.obj.kind !== 'RoleBinding' || !Array.isArray(r.obj.subjects)) continue;
    for (const s of r.obj.subjects)
      if (s?.kind === 'ServiceAccount' && s && 'namespace' in s && typeof s.namespace !== 'string')
        throw new Fail(
          'InvalidInput',
          `invalid input: namespace is blank for resource ${describeId(r.obj)}`,
          r.file,
        );
  }
}

function finish(resources: Resource[], config: TransformerConfig): void {
  checkSubjectNamespaces(resources);
  for (const r of resources) {
    if (!r.needsHash) continue;
    r.previous.push({ name: r.obj.metadata.name, namespace: r.obj.metadata.namespace ?? '' });
    r.obj.metadata.name = `${r.obj.metadata.name}-${contentHash(r.obj)}`;
    r.needsHash = false;
  }
  fixNameReferences(resources, config.nameReference);
}

/**
 * Builds the kustomization in `dir` of the filesystem, like `kubectl kustomize DIR`: resources,
 * bases, components, generators and transformers, hashed generator names, fixed-up name
 * references, and kustomize's output order. Never throws for bad input: problems come back as
 * diagnostics (with no resources when any is an error).
 */
export function build(fs: VirtualFS, dir: string, options: BuildOptions = {}): BuildResult {
  const ctx: Ctx = { fs, options, diagnostics: [], vars: [], config: emptyTransformerConfig() };
  try {
    const root = joinPath('', dir);
    if (!fs.isDir(root)) throw new Fail('MissingKustomization', `'${dir}' is not a directory`, dir);
    const res = buildDir(ctx, root, [], undefined);
    finish(res, ctx.config);
    resolveVars(res, ctx.vars, ctx.config.varReference);
    dropLocalConfigs(res);
    for (const r of res) stringifyAnnotations(r.obj);
    const ordered = ctx.sortOrder === 'fifo' ? res : legacySort(res, ctx.kindOrder);
    for (const r of ordered) {
      if (findUnprintable(r.obj) !== undefined)
        throw new Fail(
          'UnprintableValue',
          `yaml: control characters are not allowed in ${describeId(r.obj)}`,
          r.file,
        );
    }
    return { resources: ordered.map((r) => r.obj), diagnostics: ctx.diagnostics };
  } catch (e) {
    if (e instanceof Fail) return { resources: [], diagnostics: [...ctx.diagnostics, e.diagnostic] };
    if (e instanceof FsError)
      return {
        resources: [],
        diagnostics: [
          ...ctx.diagnostics,
          { severity: 'error', code: 'FileError', message: e.message, file: e.path },
        ],
      };
    throw e;
  }
}

/** build(), throwing BuildError when any diagnostic is an error. */
export function buildOrThrow(fs: VirtualFS, dir: string, options?: BuildOptions): KubeObject[] {
  const r = build(fs, dir, options);
  if (r.diagnostics.some((d) => d.severity === 'error')) throw new BuildError(r.diagnostics);
  return r.resources;
}
