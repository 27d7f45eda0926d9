import type { KubeObject } from './types.ts';

/**
 * A resource inside a build: the object plus what kustomize remembers about it: the names it
 * had before prefixes, suffixes and hashes (so references can be fixed up), where it came from,
 * and, for generated ConfigMaps and Secrets, whether a content hash is still to be appended.
 */
export interface Resource {
  obj: KubeObject;
  /**
   * Every earlier name, oldest first, with the namespace it had then (and its kind and apiVersion
   * when a patch allowed to change them recorded them).
   */
  previous: { name: string; namespace: string; kind?: string; apiVersion?: string }[];
  /**
   * The name prefixes and suffixes added to it, innermost kustomization first: a reference is
   * resolved to the candidate renamed like the referrer, as kustomize decides between two
   * objects that had the same name.
   */
  prefixes?: string[];
  suffixes?: string[];
  file?: string;
  needsHash?: boolean;
  behavior?: 'create' | 'merge' | 'replace';
  /** Set by a `$patch: delete` patch; the resource is dropped right after. */
  deleted?: boolean;
  /**
   * The root-relative file that configured a generated object, the generator's kind, and its
   * metadata.name when it was configured in `generators:` (the origin annotation names it).
   */
  generatedBy?: { file: string; kind: string; name?: string };
  /** The transformers that ran over the object, in order (buildMetadata: transformerAnnotations). */
  transformations?: TransformerOrigin[];
}

/**
 * A transformer as kustomize's transformer annotation names it: the root-relative file that
 * configured it (a kustomization file for the built-in fields) and the config's identity.
 */
export interface TransformerOrigin {
  file: string;
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
}

/** Group and version of an apiVersion (`apps/v1` -> apps, v1; `v1` -> '', v1). */
export function groupVersion(apiVersion: string | undefined): { group: string; version: string } {
  const av = apiVersion ?? '';
  const i = av.indexOf('/');
  return i < 0 ? { group: '', version: av } : { group: av.slice(0, i), version: av.slice(i + 1) };
}

/** The kinds that live outside namespaces (namespace transformers leave them alone). */
export const CLUSTER_SCOPED = new Set([
  'APIService',
  'CSIDriver',
  'CSINode',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
  'StorageClass',
  'SubjectAccessReview',
  'TokenReview',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

/** A resource's identity for conflicts and patch matching: group, version, kind, namespace, name. */
export function resId(obj: KubeObject): string {
  const { group, version } = groupVersion(obj.apiVersion);
  const ns = CLUSTER_SCOPED.has(obj.kind) ? '' : (obj.metadata?.namespace ?? '');
  return `${group}/${version}/${obj.kind}|${ns}|${obj.metadata?.name ?? ''}`;
}

/** A human id like kustomize prints in errors: `Kind.version.group/name.namespace`. */
export function describeId(obj: KubeObject): string {
  const { group, version } = groupVersion(obj.apiVersion);
  const gvk = [obj.kind, version, group].filter(Boolean).join('.');
  const ns = obj.metadata?.namespace ? `.${obj.metadata.namespace}` : '';
  return `${gvk}/${obj.metadata?.name ?? ''}${ns}`;
}

/** Deep copy of JSON-like data (plain objects, arrays, scalars). */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(clone) as T;
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = clone((v as Record<string, unknown>)[k]);
  return out as T;
}
