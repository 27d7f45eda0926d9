import type { Artifact } from '../../../api/index.ts';
import type { FluxObject } from '../../../runtime/reconcile/index.ts';

/**
 * What every source kind has in common: an interval, suspend, and a status with the artifact it
 * serves. Kind-specific spec and status fields are read through the index signatures.
 */
export type SourceObject = FluxObject & {
  spec: { interval: string; suspend?: boolean; timeout?: string; [k: string]: unknown };
  status?: {
    artifact?: Artifact;
    observedGeneration?: number;
    lastHandledReconcileAt?: string;
    [k: string]: unknown;
  };
};
