import { KustomizationReason } from '../../api/kustomize/v1/index.ts';
import { toError } from '../../engines/errors/index.ts';
import { downloadArtifact } from '../../runtime/artifact/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import { StallingError } from '../../runtime/reconcile/index.ts';
import type { KustomizationObject, KustomizeEnv } from './env.ts';
import { failure, QuietWaitingError, retryIntervalMs, timeoutMs } from './failures.ts';

/** The artifact a source advertises in its status. */
export interface SourceArtifact {
  url: string;
  revision: string;
  digest?: string;
  metadata?: Record<string, string>;
}

/** A source object (GitRepository, OCIRepository, Bucket, ExternalArtifact). */
export type SourceObject = KubeObject & { status?: { artifact?: SourceArtifact } };

/** The source kinds a Kustomization may reference. */
export const SourceKinds = ['GitRepository', 'OCIRepository', 'Bucket', 'ExternalArtifact'];

/** `Kind/namespace/name` (or `Kind/name`) of the source reference, as Flux prints it. */
export function sourceRefString(obj: KustomizationObject): string {
  const r = obj.spec.sourceRef;
  return r.namespace ? `${r.kind}/${r.namespace}/${r.name}` : `${r.kind}/${r.name}`;
}

/** The namespace and name of the source, the Kustomization's namespace by default. */
export function sourceKey(obj: KustomizationObject): { kind: string; namespace: string; name: string } {
  const r = obj.spec.sourceRef;
  return { kind: r.kind, namespace: r.namespace ?? obj.metadata?.namespace ?? '', name: r.name };
}

/**
 * The Kustomization's source and its artifact, from the manager's informer: stalled when it is
 * in another namespace under `--no-cross-namespace-refs` or of a kind no Kustomization reads;
 * Ready False `ArtifactFailed` when the source or its artifact is missing (Flux's messages),
 * waited for without an event; a failed download or digest check is a transient failure.
 */
export function lookupSource(
  env: KustomizeEnv,
  obj: KustomizationObject,
): { source: SourceObject; artifact: SourceArtifact } {
  const key = sourceKey(obj);
  // as Flux: the spec cannot work under --no-cross-namespace-refs, so it stalls until it changes
  if (env.noCrossNamespaceRefs && key.namespace !== obj.metadata?.namespace)
    throw new StallingError(
      'AccessDenied',
      `can't access '${key.kind}/${key.namespace}/${key.name}', cross-namespace references have been blocked`,
    );
  if (!SourceKinds.includes(key.kind))
    throw new StallingError(KustomizationReason.ArtifactFailed, `source '${key.kind}' kind is not supported`);
  const source = env.informerOf<SourceObject>(key.kind).get(key.namespace, key.name);
  if (!source)
    throw new QuietWaitingError(
      KustomizationReason.ArtifactFailed,
      retryIntervalMs(obj),
      `Source '${sourceRefString(obj)}' not found`,
    );
  const artifact = source.status?.artifact;
  // Flux's words, then which source and why it has no artifact: its own failure when it failed
  const failed = (
    source.status as { conditions?: { type: string; status: string; message?: string }[] }
  )?.conditions?.find((c) => c.type === 'Ready' && c.status === 'False');
  if (!artifact?.url)
    throw new QuietWaitingError(
      KustomizationReason.ArtifactFailed,
      env.requeueDependencyMs,
      `Source artifact not found, retrying in ${Math.round(env.requeueDependencyMs / 1000)}s: ${key.kind} '${key.namespace}/${key.name}' ${failed ? `failed: ${failed.message ?? ''}` : 'has no artifact yet'}`,
    );
  return { source, artifact };
}

/**
 * How long a new Kustomization may wait, without a status write, for a source still fetching its
 * first artifact (after that, Flux's "Source artifact not found" is written and retried).
 */
export const FirstArtifactGraceMs = 120_000;

/**
 * Tells whether a Kustomization never reconciled before should wait quietly for its source: the
 * source exists, has no artifact yet and has not failed (it is fetching its first one). The
 * source's watch brings the Kustomization back as soon as the artifact is there. Flux instead
 * writes Ready False "Source artifact not found" on every freshly applied source and
 * Kustomization pair, a status write each that is replaced moments later; applied by the
 * hundred, those writes spend the request budget the applies need.
 */
export function awaitsFirstArtifact(env: KustomizeEnv, obj: KustomizationObject): boolean {
  if ((obj.status?.conditions?.length ?? 0) > 0) return false;
  const key = sourceKey(obj);
  if (!SourceKinds.includes(key.kind)) return false;
  if (env.noCrossNamespaceRefs && key.namespace !== obj.metadata?.namespace) return false;
  const source = env.informerOf<SourceObject>(key.kind).get(key.namespace, key.name);
  if (!source || source.status?.artifact?.url) return false;
  const conditions = (source.status as { conditions?: { type: string; status: string }[] } | undefined)
    ?.conditions;
  return conditions?.find((c) => c.type === 'Ready')?.status !== 'False';
}

/**
 * Downloads the artifact over HTTP from its advertised URL and checks its digest, as Flux does
 * (`runtime/artifact`); any failure is `ArtifactFailed` with Flux's message, retried. The download
 * ends at `spec.timeout`: a server that accepts the connection and never answers would otherwise
 * hold the Kustomization in Reconciling for good (the faults suite's artifact-server case).
 */
export async function fetchArtifact(
  obj: KustomizationObject,
  artifact: SourceArtifact,
  signal: AbortSignal,
): Promise<Uint8Array> {
  try {
    return await downloadArtifact(artifact, AbortSignal.any([signal, AbortSignal.timeout(timeoutMs(obj))]));
  } catch (e: unknown) {
    throw failure(obj, KustomizationReason.ArtifactFailed, toError(e).message, e);
  }
}
