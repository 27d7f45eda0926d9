import { ReconcileRequestAnnotation } from '../../api/meta/index.ts';
import type { KubeObject } from '../kube/index.ts';

/** Decides which informer events deserve a reconcile; an absent method lets the event through. */
export interface Predicate {
  create?(obj: KubeObject): boolean;
  update?(old: KubeObject, obj: KubeObject): boolean;
  delete?(obj: KubeObject): boolean;
}

/** Passes updates that change `metadata.generation` (the spec), ignoring status-only writes. */
export const generationChanged: Predicate = {
  update: (old, obj) => old.metadata?.generation !== obj.metadata?.generation,
};

/** Passes updates that change an annotation, e.g. `reconcile.fluxcd.io/requestedAt`. */
export function annotationChanged(name: string): Predicate {
  return { update: (old, obj) => old.metadata?.annotations?.[name] !== obj.metadata?.annotations?.[name] };
}

/** Flux's "reconcile requested" predicate: the requestedAt annotation changed. */
export const reconcileRequested: Predicate = annotationChanged(ReconcileRequestAnnotation);

/** Passes updates that start a deletion or change finalizers, which generation does not track. */
export const deletionOrFinalizersChanged: Predicate = {
  update: (old, obj) =>
    old.metadata?.deletionTimestamp !== obj.metadata?.deletionTimestamp ||
    JSON.stringify(old.metadata?.finalizers ?? []) !== JSON.stringify(obj.metadata?.finalizers ?? []),
};

/** Passes an event when any of the predicates passes it. */
export function or(...ps: Predicate[]): Predicate {
  return {
    create: (o) => ps.some((p) => p.create?.(o) ?? true),
    update: (a, b) => ps.some((p) => p.update?.(a, b) ?? true),
    delete: (o) => ps.some((p) => p.delete?.(o) ?? true),
  };
}

/** Passes an event only when every predicate passes it. */
export function and(...ps: Predicate[]): Predicate {
  return {
    create: (o) => ps.every((p) => p.create?.(o) ?? true),
    update: (a, b) => ps.every((p) => p.update?.(a, b) ?? true),
    delete: (o) => ps.every((p) => p.delete?.(o) ?? true),
  };
}

/**
 * What Flux's controllers watch their own kind with: spec changes, reconcile requests, and
 * deletions/finalizer changes (so the finalizer logic runs).
 */
export const fluxPrimary: Predicate = or(generationChanged, reconcileRequested, deletionOrFinalizersChanged);
