/**
 * The ExternalArtifact objects of a generator: server-side applied with the generator's labels
 * and a `sourceRef` back to it, their status applied with the stored artifact and Ready True, and
 * deleted (with their stored files) when the generator no longer declares them.
 */
import type { Artifact } from '../../../api/index.ts';
import { ConditionReason } from '../../../api/meta/index.ts';
import {
  type ArtifactGenerator,
  ArtifactGeneratorLabel,
  type ExternalArtifactReference,
  SourceExtensionsGroup,
} from '../../../api/source-extensions/v1beta1/index.ts';
import { rfc3339 } from '../../../runtime/conditions/index.ts';
import { isNotFound, type KubeClient, type ResourceRef } from '../../../runtime/kube/index.ts';
import type { Logger } from '../../../runtime/logging/index.ts';
import { TransientError, toError } from '../../../runtime/reconcile/index.ts';
import type { ArtifactStorage } from '../storage/index.ts';
import { ExternalArtifactKind } from './build.ts';

/** The field manager (and `app.kubernetes.io/managed-by` value) of generated objects. */
export const SourceWatcherManager = 'source-watcher';

/** The API reference of an ExternalArtifact. */
export function externalArtifactRef(namespace: string, name?: string): ResourceRef {
  return { group: 'source.toolkit.fluxcd.io', version: 'v1', resource: 'externalartifacts', namespace, name };
}

/** Applies the ExternalArtifact `name` and its status; returns its inventory entry. */
export async function applyExternalArtifact(
  kube: KubeClient,
  gen: ArtifactGenerator,
  name: string,
  artifact: Artifact,
): Promise<ExternalArtifactReference> {
  const namespace = gen.metadata?.namespace ?? '';
  const ref = externalArtifactRef(namespace, name);
  const common = gen.spec?.commonMetadata ?? {};
  const object = {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: ExternalArtifactKind,
    metadata: {
      name,
      namespace,
      ...(common.annotations && Object.keys(common.annotations).length
        ? { annotations: common.annotations }
        : {}),
      // the generator's own labels win: garbage collection and drift detection select on them
      labels: {
        ...common.labels,
        'app.kubernetes.io/managed-by': SourceWatcherManager,
        [ArtifactGeneratorLabel]: String(gen.metadata?.uid ?? ''),
      },
    },
    spec: {
      sourceRef: {
        apiVersion: `${SourceExtensionsGroup}/v1beta1`,
        kind: 'ArtifactGenerator',
        name: gen.metadata?.name,
        namespace,
      },
    },
  };
  let applied: { metadata?: { generation?: number } };
  try {
    applied = await kube.apply(ref, object, { fieldManager: SourceWatcherManager, force: true });
  } catch (e: unknown) {
    const message = `failed to apply ExternalArtifact: ${toError(e).message}`;
    throw new TransientError(ConditionReason.ReconciliationFailed, message, { cause: e });
  }
  const status = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: { name, namespace },
    status: {
      artifact,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          observedGeneration: applied.metadata?.generation ?? 1,
          lastTransitionTime: rfc3339(new Date()),
          reason: 'Succeeded',
          message: 'Artifact is ready',
        },
      ],
    },
  };
  try {
    await kube.applyStatus(ref, status, { fieldManager: SourceWatcherManager, force: true });
  } catch (e: unknown) {
    const message = `failed to patchStatus ExternalArtifact status: ${toError(e).message}`;
    throw new TransientError(ConditionReason.ReconciliationFailed, message, { cause: e });
  }
  return { name, namespace, digest: artifact.digest, filename: artifact.path.split('/').pop() ?? '' };
}

/** Inventory entries of `inventory` that `current` no longer has (by namespace and name). */
export function orphanedReferences(
  inventory: readonly ExternalArtifactReference[],
  current: readonly ExternalArtifactReference[],
): ExternalArtifactReference[] {
  const keep = new Set(current.map((r) => `${r.namespace}/${r.name}`));
  return inventory.filter((r) => !keep.has(`${r.namespace}/${r.name}`));
}

/** Deletes ExternalArtifacts and their stored files; failures are logged, never fatal. */
export async function deleteExternalArtifacts(
  kube: KubeClient,
  storage: ArtifactStorage,
  log: Logger,
  refs: readonly ExternalArtifactReference[],
): Promise<void> {
  for (const r of refs) {
    const id = `${ExternalArtifactKind}/${r.namespace}/${r.name}`;
    try {
      storage.removeAll(ExternalArtifactKind, r.namespace, r.name);
      log.info(`${id} deleted from storage`);
    } catch (e: unknown) {
      log.error(e, 'failed to delete artifact from storage', { artifact: id });
    }
    try {
      await kube.delete(externalArtifactRef(r.namespace, r.name));
      log.info(`${id} deleted from cluster`);
    } catch (e: unknown) {
      if (isNotFound(e)) log.info(`${id} deleted from cluster`);
      else log.error(e, 'failed to delete ExternalArtifact', { artifact: id });
    }
  }
}
