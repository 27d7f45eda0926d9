/**
 * The envelope every Flux object shares: `apiVersion`, `kind`, `metadata`, `spec`, `status`. The
 * CRD schema keeps `metadata` as a bare object (the API server owns its shape); the TypeScript type
 * still describes the fields controllers read.
 */
import Type, { type TSchema } from 'typebox';
import { FreeObject, type SchemaOptions } from './schema-helpers.ts';

/** The metadata fields tsflux reads and writes on Flux objects. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
  }>;
  managedFields?: Array<{ manager?: string; operation?: string; apiVersion?: string; fieldsV1?: unknown }>;
  [key: string]: unknown;
}

/**
 * A Kubernetes object of any kind as tsflux passes it around: its metadata typed, everything else
 * open. The one such type of the project: the Kubernetes client reads and writes it, the engines
 * build and decode it (as a type only, so an engine loads nothing of the API layer), and the
 * controllers narrow it to their kinds.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

/** Builds the top-level schema of a kind from its spec and (optional) status schemas. */
export function KindSchema<S extends TSchema, T extends TSchema>(
  spec: S,
  status: T,
  options: SchemaOptions = {},
) {
  return Type.Object(
    {
      apiVersion: Type.Optional(Type.String()),
      kind: Type.Optional(Type.String()),
      metadata: Type.Optional(FreeObject<ObjectMeta>()),
      spec: Type.Optional(spec),
      status: Type.Optional(status),
    },
    options,
  );
}

/** Like {@link KindSchema} for kinds that have no status (Alert and Provider v1beta3). */
export function KindSchemaWithoutStatus<S extends TSchema>(spec: S, options: SchemaOptions = {}) {
  return Type.Object(
    {
      apiVersion: Type.Optional(Type.String()),
      kind: Type.Optional(Type.String()),
      metadata: Type.Optional(FreeObject<ObjectMeta>()),
      spec: Type.Optional(spec),
    },
    options,
  );
}
