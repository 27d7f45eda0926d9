import {
  goJsonMarshal,
  type ReleaseRecord,
  releaseFromSecret,
  releaseSecretName,
  releaseToSecret,
} from '../../engines/helm/index.ts';
import { isNotFound, type KubeClient, type KubeObject } from '../../runtime/kube/index.ts';

const secrets = (namespace: string, name?: string) => ({
  version: 'v1',
  resource: 'secrets',
  namespace,
  name,
});
const unixNow = () => Math.floor(Date.now() / 1000);

/**
 * Helm's release storage in one namespace, as Helm v4's Secrets driver keeps it: one Secret per
 * revision (`sh.helm.release.v1.<name>.v<N>`, type `helm.sh/release.v1`, labels `name`, `owner:
 * helm`, `status`, `version`, `createdAt` / `modifiedAt`), so the `helm` CLI reads and writes the
 * releases this controller makes, and this controller reads those `helm` made.
 */
export class ReleaseStorage {
  private readonly kube: KubeClient;
  readonly namespace: string;
  constructor(kube: KubeClient, namespace: string) {
    this.kube = kube;
    this.namespace = namespace;
  }

  /** Every stored revision of a release, oldest first. */
  async history(name: string): Promise<ReleaseRecord[]> {
    const list = await this.kube.list<KubeObject & { type?: string; data?: Record<string, string> }>(
      secrets(this.namespace),
      { labelSelector: `owner=helm,name=${name}` },
    );
    const records = await Promise.all(list.items.map((s) => releaseFromSecret(s)));
    return records.sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
  }

  /** Stores a new revision. */
  async create(rel: ReleaseRecord): Promise<void> {
    await this.kube.create(
      secrets(this.namespace),
      await releaseToSecret(storable(rel), { createdAt: unixNow() }),
    );
  }

  /** Rewrites a stored revision (its status changed), keeping its creation time. */
  async update(rel: ReleaseRecord): Promise<void> {
    const name = releaseSecretName(rel.name ?? '', rel.version ?? 0);
    const current = await this.kube.get<KubeObject>(secrets(this.namespace, name));
    const createdAt = current.metadata?.labels?.createdAt;
    const secret = await releaseToSecret(storable(rel), {
      modifiedAt: unixNow(),
      ...(createdAt ? { createdAt: Number(createdAt) } : {}),
    });
    await this.kube.update(secrets(this.namespace, name), {
      ...secret,
      metadata: { ...secret.metadata, resourceVersion: current.metadata?.resourceVersion },
    });
  }

  /** Deletes one stored revision; one already gone is fine. */
  async delete(rel: ReleaseRecord): Promise<void> {
    try {
      await this.kube.delete(secrets(this.namespace, releaseSecretName(rel.name ?? '', rel.version ?? 0)));
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** Deletes the oldest revisions beyond `max` (Helm's `--history-max`; 0 keeps every one). */
  async prune(history: ReleaseRecord[], max: number): Promise<void> {
    if (max <= 0 || history.length <= max) return;
    for (const rel of history.slice(0, history.length - max)) await this.delete(rel);
  }
}

// the values may hold Go-typed numbers (from a --set style targetPath): Go's JSON writes them as
// plain numbers, as Helm stores them
function storable(rel: ReleaseRecord): ReleaseRecord {
  return rel.config ? { ...rel, config: JSON.parse(goJsonMarshal(rel.config)) } : rel;
}
