/**
 * Shapes of the Kubernetes ConversionReview exchange (apiextensions.k8s.io/v1) and of the
 * per-kind converters that move an object between an older version and the storage version.
 */

/** A Kubernetes object as the conversion code sees it: plain JSON. */
export type KubeJson = {
  apiVersion: string;
  kind: string;
  metadata?: {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: Record<string, any>;
  status?: Record<string, any>;
  [key: string]: unknown;
};

/** The ConversionReview the API server posts to the webhook. */
export interface ConversionReview {
  apiVersion: string;
  kind: 'ConversionReview';
  request?: { uid: string; desiredAPIVersion: string; objects: KubeJson[] };
  response?: ConversionResponse;
}

/** The webhook's answer: converted objects, or a failure with a message. */
export interface ConversionResponse {
  uid: string;
  convertedObjects?: KubeJson[];
  result: { status: 'Success' | 'Failure'; message?: string };
}

/** Thrown by a converter when an object has no faithful equivalent in the target version. */
export class ConversionError extends Error {
  override name = 'ConversionError';
}

/**
 * Moves one kind between an older version and the storage version. Both functions get a deep
 * copy they may mutate; `apiVersion` is set by the caller. `toStorage` returns what the storage
 * version cannot hold; it is kept in an annotation and handed back to `fromStorage` when the
 * object is read in that same old version.
 */
export interface KindConverter {
  toStorage(object: KubeJson, fromVersion: string): Record<string, unknown>;
  fromStorage(object: KubeJson, toVersion: string, preserved: Record<string, unknown> | undefined): void;
}
