/**
 * Describes one served version of one Flux kind: its names, scope, printer columns and schema.
 * The CRD generator groups these by group and kind into CustomResourceDefinitions, and the
 * registry in `src/api/index.ts` exposes them to the runtime, the CLI and the controllers.
 */
import type { TSchema } from 'typebox';

/** One `additionalPrinterColumns` entry, as `kubectl get` shows it. */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

/** A served version of a kind, with everything its CRD version entry needs. */
export interface KindVersion<S extends TSchema = TSchema> {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  listKind: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  /** Exactly one version of a kind is the storage version. */
  storage: boolean;
  served: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  statusSubresource: boolean;
  printerColumns: PrinterColumn[];
  /** Extra annotations Flux puts on the CRD object itself. */
  crdAnnotations: Record<string, string>;
  schema: S;
}

/** Identity helper that keeps the schema's static type while checking the definition's shape. */
export function defineKind<S extends TSchema>(definition: KindVersion<S>): KindVersion<S> {
  return definition;
}
