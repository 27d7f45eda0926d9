import {
  addToMaps,
  type FieldSpec,
  SELECTOR_LABEL_SPECS,
  specApplies,
  TEMPLATE_ANNOTATION_SPECS,
  TEMPLATE_LABEL_SPECS,
  visitPath,
} from './field-specs.ts';
import { CLUSTER_SCOPED, groupVersion, type Resource } from './resource.ts';
import { Fail } from './types.ts';

/** Remembers the current name and namespace before a transformer changes either. */
function remember(r: Resource): void {
  const name = r.obj.metadata?.name ?? '';
  const namespace = r.obj.metadata?.namespace ?? '';
  const last = r.previous[r.previous.length - 1];
  if (!last || last.name !== name || last.namespace !== namespace) r.previous.push({ name, namespace });
}

/** Sets metadata.namespace on namespaced objects, and the namespace of ServiceAccount subjects. */
export function setNamespace(resources: Resource[], namespace: string): void {
  for (const r of resources) {
    const o = r.obj;
    // only the core Namespace: a kind of that name in another group is an ordinary namespaced object
    const coreNamespace = o.kind === 'Namespace' && groupVersion(o.apiVersion).group === '';
    if (coreNamespace) {
      // kustomize renames Namespace objects to the namespace being set
      remember(r);
      o.metadata ??= {};
      o.metadata.name = namespace;
    } else if (o.kind === 'Namespace' || !CLUSTER_SCOPED.has(o.kind)) {
      remember(r);
      o.metadata ??= {};
      o.metadata.namespace = namespace;
    } else remember(r); // kustomize records the id of every object it passes, cluster-scoped ones too
    // kustomize's namespace field specs: the service of a CRD's conversion webhook (when it names
    // one) and of an APIService (created if missing)
    const { group } = groupVersion(o.apiVersion);
    const webhookService = o.spec?.conversion?.webhook?.clientConfig?.service;
    if (
      o.kind === 'CustomResourceDefinition' &&
      group === 'apiextensions.k8s.io' &&
      webhookService?.namespace !== undefined
    )
      webhookService.namespace = namespace;
    if (o.kind === 'APIService' && group === 'apiregistration.k8s.io') {
      o.spec ??= {};
      o.spec.service ??= {};
      o.spec.service.namespace = namespace;
    }
    if ((o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') && Array.isArray(o.subjects)) {
      for (const s of o.subjects) {
        // a subject naming some other namespace than its ServiceAccount had is left alone
        if (!s || typeof s !== 'object') continue;
        const sa = resources.find((x) => isSa(x, s.name));
        const known = !s.namespace || (sa !== undefined && hadNamespace(sa, s.namespace));
        // kustomize moves every subject named `default` (whatever its namespace was)
        if (s.name === 'default' || (known && sa !== undefined)) {
          s.namespace = namespace;
        }
      }
    }
  }
}

function hadNamespace(r: Resource, namespace: string): boolean {
  return r.obj.metadata?.namespace === namespace || r.previous.some((p) => p.namespace === namespace);
}

function isSa(r: Resource, name: string): boolean {
  return (
    r.obj.kind === 'ServiceAccount' &&
    (r.obj.metadata?.name === name || r.previous.some((p) => p.name === name))
  );
}

const NO_AFFIX_KINDS = new Set(['CustomResourceDefinition', 'Namespace', 'APIService']);

/** Whether configured `metadata/name` affix specs (none: the default) give an object the affix. */
function takesAffix(r: Resource, specs: FieldSpec[]): boolean {
  const names = specs.filter((s) => s.path === 'metadata/name');
  if (names.length === 0) return !NO_AFFIX_KINDS.has(r.obj.kind);
  return names.some((s) => specApplies(s, r.obj));
}

/**
 * Adds namePrefix and nameSuffix to every object but CRDs, Namespaces and APIServices, or, when
 * `configurations:` give `metadata/name` specs for them, to the kinds those name.
 */
export function addNameAffixes(
  resources: Resource[],
  prefix: string,
  suffix: string,
  specs: { prefix: FieldSpec[]; suffix: FieldSpec[] } = { prefix: [], suffix: [] },
): void {
  for (const r of resources) {
    r.obj.metadata ??= {};
    // prefix and suffix are two steps in kustomize, so the prefixed name is an id of its own
    if (prefix && takesAffix(r, specs.prefix)) {
      remember(r);
      r.obj.metadata.name = `${prefix}${r.obj.metadata.name ?? ''}`;
      r.prefixes = [...(r.prefixes ?? []), prefix];
    }
    if (suffix && takesAffix(r, specs.suffix)) {
      remember(r);
      r.obj.metadata.name = `${r.obj.metadata.name ?? ''}${suffix}`;
      r.suffixes = [...(r.suffixes ?? []), suffix];
    }
  }
}

/** Which places a label set goes: metadata only, plus templates, plus selectors. */
export interface LabelScope {
  selectors: boolean;
  templates: boolean;
  fields?: FieldSpec[];
}

/** Adds labels to metadata.labels and, per scope, to pod templates and selectors. */
export function addLabels(resources: Resource[], pairs: Record<string, string>, scope: LabelScope): void {
  const specs: FieldSpec[] = [{ path: 'metadata/labels', create: true }];
  if (scope.selectors || scope.templates) specs.push(...TEMPLATE_LABEL_SPECS);
  if (scope.selectors) specs.push(...SELECTOR_LABEL_SPECS);
  if (scope.fields) specs.push(...scope.fields);
  for (const r of resources) addToMaps(r.obj, specs, pairs);
}

/** Adds annotations to metadata.annotations and pod templates. */
export function addAnnotations(resources: Resource[], pairs: Record<string, string>): void {
  const specs: FieldSpec[] = [{ path: 'metadata/annotations', create: true }, ...TEMPLATE_ANNOTATION_SPECS];
  for (const r of resources) addToMaps(r.obj, specs, pairs);
}

/** Adds pairs at exactly the field specs given (a LabelTransformer/AnnotationsTransformer config). */
export function addAtFieldSpecs(
  resources: Resource[],
  pairs: Record<string, string>,
  specs: FieldSpec[],
): void {
  for (const r of resources) addToMaps(r.obj, specs, pairs);
}

/** One `images:` entry. */
export interface ImageRule {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

function splitImage(image: string): { name: string; tag: string } {
  const at = image.indexOf('@');
  if (at >= 0) return { name: image.slice(0, at), tag: image.slice(at) };
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon > slash) return { name: image.slice(0, colon), tag: image.slice(colon) };
  return { name: image, tag: '' };
}

function rewriteImage(image: string, rules: ImageRule[]): string {
  const { name, tag } = splitImage(image);
  const rule = rules.find((r) => r.name === name);
  if (!rule) return image;
  const newName = rule.newName ?? name;
  let newTag = tag;
  if (rule.digest && rule.newTag !== undefined) newTag = `:${rule.newTag}@${rule.digest}`;
  else if (rule.digest) newTag = `@${rule.digest}`;
  else if (rule.newTag !== undefined) newTag = `:${rule.newTag}`;
  return `${newName}${newTag}`;
}

function walkContainers(v: unknown, rules: ImageRule[]): void {
  if (Array.isArray(v)) {
    for (const x of v) walkContainers(x, rules);
    return;
  }
  if (v === null || typeof v !== 'object') return;
  for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
    if ((k === 'containers' || k === 'initContainers') && Array.isArray(child)) {
      for (const c of child) if (c && typeof c.image === 'string') c.image = rewriteImage(c.image, rules);
    } else walkContainers(child, rules);
  }
}

/**
 * Rewrites container images (name, tag, digest) in every container list of every object, and at
 * the extra field specs a transformer configuration gives (images outside container lists).
 */
export function setImages(resources: Resource[], rules: ImageRule[], specs: FieldSpec[] = []): void {
  for (const r of resources) {
    walkContainers(r.obj, rules);
    for (const spec of specs) {
      if (!specApplies(spec, r.obj)) continue;
      visitPath(r.obj, spec.path, false, (parent, key) => {
        if (typeof parent[key] === 'string') parent[key] = rewriteImage(parent[key], rules);
      });
    }
  }
}

const SCALABLE = new Set(['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet']);

/** Sets spec.replicas of the scalable objects named by `replicas:` entries. */
export function setReplicas(resources: Resource[], rules: { name: string; count: number }[]): void {
  for (const rule of rules) {
    let matched = false;
    for (const r of resources) {
      if (!SCALABLE.has(r.obj.kind)) continue;
      const names = [r.obj.metadata?.name, ...r.previous.map((p) => p.name)];
      if (!names.includes(rule.name)) continue;
      r.obj.spec ??= {};
      r.obj.spec.replicas = rule.count;
      matched = true;
    }
    if (!matched)
      throw new Fail(
        'ReplicasTargetNotFound',
        `resource with name ${rule.name} does not match a config with the following GVK [Deployment.[noVer].[noGrp] StatefulSet.[noVer].[noGrp] ReplicaSet.[noVer].[noGrp] ReplicationController.[noVer].[noGrp]]`,
      );
  }
}
