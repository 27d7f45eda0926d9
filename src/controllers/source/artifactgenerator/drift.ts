/**
 * Whether a generator must rebuild (source-watcher's drift detection): a failed or outdated last
 * run, changed sources, a changed number of artifacts, a stored artifact missing or corrupted (a
 * corrupted one is removed), or ExternalArtifacts in the cluster that differ from the inventory.
 */
import { existsSync, rmSync } from 'node:fs';
import type { Artifact } from '../../../api/index.ts';
import {
  type ArtifactGenerator,
  ArtifactGeneratorLabel,
} from '../../../api/source-extensions/v1beta1/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import type { KubeClient } from '../../../runtime/kube/index.ts';
import type { ArtifactStorage } from '../storage/index.ts';
import { ExternalArtifactKind } from './build.ts';
import { externalArtifactRef } from './external-artifacts.ts';

/** The drift reasons source-watcher logs. */
export type DriftReason =
  | 'NotReady'
  | 'GenerationChanged'
  | 'SourcesChanged'
  | 'ArtifactsChanged'
  | 'ArtifactMissing'
  | 'ArtifactCorrupted'
  | 'ExternalArtifactsNotFound'
  | 'ExternalArtifactsChanged'
  | 'NoDriftDetected';

/** The storage path of an inventory entry's artifact. */
export function inventoryPath(ref: { namespace: string; name: string; filename: string }): string {
  return [ExternalArtifactKind.toLowerCase(), ref.namespace, ref.name, ref.filename].join('/');
}

/** Detects drift between the generator's last result and what exists now. */
export async function detectDrift(
  kube: KubeClient,
  storage: ArtifactStorage,
  gen: ArtifactGenerator,
  sourcesDigest: string,
): Promise<DriftReason> {
  const ready = conditions.get(gen, 'Ready');
  if (ready?.status === 'False') return 'NotReady';
  if (gen.metadata?.generation !== ready?.observedGeneration) return 'GenerationChanged';
  const status = gen.status ?? {};
  if (status.observedSourcesDigest !== sourcesDigest) return 'SourcesChanged';
  const inventory = status.inventory ?? [];
  if (inventory.length !== (gen.spec?.artifacts?.length ?? 0)) return 'ArtifactsChanged';
  for (const ref of inventory) {
    const artifact = { path: inventoryPath(ref), digest: ref.digest } as Artifact;
    let exists = true;
    try {
      exists = await storage.verify(artifact);
    } catch {
      exists = false;
    }
    if (!exists) {
      if (!fileExists(storage, artifact)) return 'ArtifactMissing';
      rmSync(storage.localPath(artifact), { force: true });
      return 'ArtifactCorrupted';
    }
  }
  let items: { metadata?: { name?: string; namespace?: string }; status?: { artifact?: Artifact } }[];
  try {
    const list = await kube.list<(typeof items)[number]>(externalArtifactRef(gen.metadata?.namespace ?? ''), {
      labelSelector: `${ArtifactGeneratorLabel}=${gen.metadata?.uid ?? ''}`,
    });
    items = list.items;
  } catch {
    return 'ExternalArtifactsNotFound';
  }
  if (items.length !== inventory.length) return 'ExternalArtifactsChanged';
  for (const ea of items) {
    const found = inventory.some(
      (r) =>
        r.name === ea.metadata?.name &&
        r.namespace === ea.metadata?.namespace &&
        r.digest === ea.status?.artifact?.digest,
    );
    if (!found) return 'ExternalArtifactsChanged';
  }
  return 'NoDriftDetected';
}

function fileExists(storage: ArtifactStorage, artifact: Artifact): boolean {
  try {
    return existsSync(storage.localPath(artifact));
  } catch {
    return false;
  }
}
