import type { Controller } from '../../../runtime/controller/index.ts';
import type { ResourceRef } from '../../../runtime/kube/index.ts';
import type { Logger } from '../../../runtime/logging/index.ts';
import type { SourceEnv } from './source-env.ts';
import type { SourceObject } from './source-object.ts';

/** One reconcile of one source object: what a kind's steps may use and report. */
export interface SourceRun {
  env: SourceEnv;
  log: Logger;
  /** The object's API reference (name and namespace included). */
  ref: ResourceRef;
  /** Aborts on shutdown or when `spec.timeout` elapses. */
  signal: AbortSignal;
  /** `spec.timeout` in milliseconds (Flux's default 60 s when unset). */
  timeoutMs: number;
  /**
   * Set by the kind: the message of the `NewArtifact` event (and of the `Succeeded` event on
   * recovery), e.g. `stored artifact for commit 'fix: typo'`. Defaults to the stored message.
   */
  notifyMessage?: string;
  /** Set by the kind when both events have another reason (HelmChart's `ChartPullSucceeded`). */
  notifyReason?: string;
  /** Set by the kind when Ready's success message is not the ArtifactInStorage message. */
  successMessage?: string;
  /** Set by the kind when Ready's success reason is not `Succeeded` (HelmChart's `ChartPullSucceeded`). */
  successReason?: string;
}

/**
 * A source kind plugged into the shared reconcile loop ({@link reconcileSourceObject}): the
 * runner does the guards (deletion, finalizer, suspend), the storage step, the summary, the status
 * patch and the events; the kind does its fetch and build, throwing typed outcomes.
 */
export interface SourceKind<T extends SourceObject = SourceObject> {
  /** `GitRepository`, `OCIRepository`... */
  kind: string;
  /** Resource name in the API (`gitrepositories`). */
  plural: string;
  /** The kind's own conditions that feed Ready, in priority order, besides the common ones. */
  conditions?: string[];
  /**
   * Objects the controller does not reconcile at all (Flux 2.9's static OCI HelmRepository): when
   * this returns true the runner stops before any guard; the kind did what such objects need.
   */
  bypass?(obj: T, run: SourceRun): Promise<boolean>;
  /** The kind's work after the storage step. */
  reconcile(obj: T, run: SourceRun): Promise<void>;
  /** Extra clean-up when the object is deleted (its artifacts are removed by the runner). */
  finalize?(obj: T, run: SourceRun): Promise<void>;
  /** Re-queues objects of this kind when related objects change (included repos, Secrets...). */
  watches?(controller: Controller, env: SourceEnv): void;
}
