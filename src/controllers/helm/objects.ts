import { type Manifest, markReleaseObject, parseYaml } from '../../engines/helm/index.ts';
import { type KubeObject, NoKindMatchError, type RestMapper } from '../../runtime/kube/index.ts';

/** The release a rendered object belongs to, as Helm marks it for `helm` to adopt and upgrade. */
export interface ReleaseOwner {
  name: string;
  namespace: string;
}

/**
 * A rendered document as an object to apply, marked as Helm marks what it installs (label
 * `app.kubernetes.io/managed-by: Helm`, annotations `meta.helm.sh/release-name` and
 * `-namespace`), placed in the release namespace when its kind is namespaced and it names none.
 */
export async function releaseObject(
  mapper: RestMapper,
  text: string,
  owner: ReleaseOwner,
  // a render may hold kinds whose CRDs this action just established
  settle = false,
): Promise<KubeObject> {
  const obj = parseYaml(text) as KubeObject;
  if (!obj || typeof obj !== 'object') throw new Error('rendered document is not an object');
  const md = markReleaseObject(obj, owner).metadata ?? {};
  if (!md.namespace && (await mapper.mapping(obj.apiVersion ?? '', obj.kind ?? '', { settle })).namespaced)
    md.namespace = owner.namespace;
  return obj;
}

/** Every manifest of a render as objects (see {@link releaseObject}), in Helm's install order. */
export function releaseObjects(
  mapper: RestMapper,
  manifests: Manifest[],
  owner: ReleaseOwner,
): Promise<KubeObject[]> {
  return Promise.all(manifests.map((m) => releaseObject(mapper, m.content, owner, true)));
}

/** The objects a stored release manifest holds (`---` separated), for a prune or an uninstall. */
export async function manifestObjects(
  mapper: RestMapper,
  manifest: string | undefined,
  owner: ReleaseOwner,
): Promise<KubeObject[]> {
  const docs = (manifest ?? '')
    .split(/^---\s*$/m)
    .map((d) => d.trim())
    .filter((d) => d !== '' && !/^(#[^\n]*\n?)*$/.test(d));
  const out: KubeObject[] = [];
  for (const d of docs) {
    try {
      out.push(await releaseObject(mapper, d, owner));
    } catch (e: unknown) {
      // a kind the cluster no longer serves has nothing left to delete
      if (!(e instanceof NoKindMatchError)) throw e;
    }
  }
  return out;
}
