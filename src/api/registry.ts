/**
 * The registry of every Flux kind tsflux serves: for each group and kind, its plural, scope,
 * storage version and all served versions with their schemas. The runtime, the CLI and the
 * controllers look kinds up here instead of hard-coding API strings.
 */

import type { KindVersion } from './crd/index.ts';
import {
  applyDefaults,
  componentOf,
  type FieldError,
  toOpenAPISchema,
  validateAgainstSchema,
} from './crd/index.ts';
import { HelmReleaseDefinition } from './helm/v2/index.ts';
import {
  ImagePolicyDefinition,
  ImageRepositoryDefinition,
  ImageUpdateAutomationDefinition,
} from './image/v1/index.ts';
import { KustomizationDefinition } from './kustomize/v1/index.ts';
import { legacyKindVersions } from './legacy.ts';
import { ReceiverDefinition } from './notification/v1/index.ts';
import { AlertDefinition, ProviderDefinition } from './notification/v1beta3/index.ts';
import {
  BucketDefinition,
  ExternalArtifactDefinition,
  GitRepositoryDefinition,
  HelmChartDefinition,
  HelmRepositoryDefinition,
  OCIRepositoryDefinition,
} from './source/v1/index.ts';
import { ArtifactGeneratorDefinition } from './source-extensions/v1beta1/index.ts';

/** The storage version of every kind, in the order Flux's components list them. */
export const storageKindVersions: readonly KindVersion[] = [
  GitRepositoryDefinition,
  OCIRepositoryDefinition,
  HelmRepositoryDefinition,
  HelmChartDefinition,
  BucketDefinition,
  ExternalArtifactDefinition,
  KustomizationDefinition,
  HelmReleaseDefinition,
  ImageRepositoryDefinition,
  ImagePolicyDefinition,
  ImageUpdateAutomationDefinition,
  AlertDefinition,
  ProviderDefinition,
  ReceiverDefinition,
  ArtifactGeneratorDefinition,
];

/** One kind with all its versions, as the registry exposes it. */
export interface RegisteredKind {
  group: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  /** The Flux controller that reconciles this kind, e.g. `source-controller`. */
  component: string;
  /** The version objects are stored in (and the one controllers work with). */
  storageVersion: string;
  /** Every served version, storage version included. */
  servedVersions: string[];
  /** Every version's definition, storage version first. */
  versions: KindVersion[];
  /** The storage version's definition (its schema is what controllers see). */
  storage: KindVersion;
  /** The storage version's schema (TypeBox, also a plain JSON Schema). */
  schema: KindVersion['schema'];
}

function buildRegistry(): RegisteredKind[] {
  const all = [...storageKindVersions, ...legacyKindVersions];
  return storageKindVersions.map((storage) => {
    const versions = all.filter((v) => v.group === storage.group && v.kind === storage.kind);
    return {
      group: storage.group,
      kind: storage.kind,
      plural: storage.plural,
      singular: storage.singular,
      namespaced: storage.namespaced,
      component: componentOf(storage.group, storage.kind),
      storageVersion: storage.version,
      servedVersions: versions.filter((v) => v.served).map((v) => v.version),
      versions,
      storage,
      schema: storage.schema,
    };
  });
}

/** Every Flux kind tsflux knows, with all its versions. */
export const kinds: readonly RegisteredKind[] = buildRegistry();

/** Finds a kind by its group and kind name (e.g. `kustomize.toolkit.fluxcd.io`, `Kustomization`). */
export function findKind(group: string, kind: string): RegisteredKind | undefined {
  return kinds.find((k) => k.group === group && k.kind === kind);
}

/** Finds a kind by apiVersion (any served version) and kind, as found on an object. */
export function findKindByApiVersion(apiVersion: string, kind: string): RegisteredKind | undefined {
  const [group, version] = apiVersion.split('/');
  const found = findKind(group, kind);
  return found?.servedVersions.includes(version) ? found : undefined;
}

/** Finds a kind by plural or singular resource name, short name, or kind name (case-insensitive). */
export function findKindByName(name: string): RegisteredKind | undefined {
  const wanted = name.toLowerCase();
  return kinds.find(
    (k) =>
      k.plural === wanted ||
      k.singular === wanted ||
      k.kind.toLowerCase() === wanted ||
      k.storage.shortNames.includes(wanted),
  );
}

/**
 * Fills in the defaults the API server would set on an object of a registered kind and version
 * (the object is returned unchanged when its kind or version is unknown).
 */
export function defaultObject<T extends { apiVersion?: string; kind?: string }>(object: T): T {
  if (!object.apiVersion || !object.kind) return object;
  const kind = findKindByApiVersion(object.apiVersion, object.kind);
  const version = kind?.versions.find((v) => `${v.group}/${v.version}` === object.apiVersion);
  if (!version) return object;
  return applyDefaults(toOpenAPISchema(version.schema), object);
}

/**
 * Validates an object of a registered kind against the schema of its own version, returning the
 * API server's field errors (CEL rules excepted); unknown kinds and versions are one error.
 */
export function validateObject(object: {
  apiVersion?: string;
  kind?: string;
  [key: string]: unknown;
}): FieldError[] {
  const kind =
    object.apiVersion && object.kind ? findKindByApiVersion(object.apiVersion, object.kind) : undefined;
  const version = kind?.versions.find((v) => `${v.group}/${v.version}` === object.apiVersion);
  if (!version)
    return [{ field: 'apiVersion', message: `no kind ${object.kind} is served at ${object.apiVersion}` }];
  return validateAgainstSchema(
    toOpenAPISchema(version.schema),
    applyDefaults(toOpenAPISchema(version.schema), object),
  );
}
