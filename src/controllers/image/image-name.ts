import { ImageReflectorReason } from '../../api/image/v1/index.ts';
import { StallingError } from '../../runtime/reconcile/index.ts';

/** An image repository name, split as the registry API needs it. */
export interface ImageName {
  /** Registry host (with port), Docker Hub as `index.docker.io`. */
  host: string;
  /** Repository path on the registry (`library/nginx`). */
  repository: string;
  /** `host/repository`: `status.canonicalImageName`. */
  canonical: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/**
 * Reads `spec.image` as Docker reference rules do: the first path component is a registry when it
 * holds a `.` or `:` or is `localhost`, otherwise the image is on Docker Hub (`index.docker.io`,
 * one-component names under `library/`). A scheme, a tag or a digest is refused: the repository
 * scans every tag, and a policy picks one.
 */
export function parseImageName(image: string): ImageName {
  const invalid = (why: string) =>
    new StallingError(ImageReflectorReason.ImageURLInvalid, `failed to parse image name '${image}': ${why}`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(image)) throw invalid('image name must not start with a URL scheme');
  if (image.includes('@')) throw invalid('image name must not contain a digest');
  const parts = image.split('/');
  let host = 'index.docker.io';
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) host = parts.shift() as string;
  if (host === 'docker.io' || host === 'registry-1.docker.io') host = 'index.docker.io';
  const last = parts[parts.length - 1] ?? '';
  if (last.includes(':')) throw invalid('image name must not contain a tag');
  if (host === 'index.docker.io' && parts.length === 1) parts.unshift('library');
  if (parts.length === 0 || !parts.every((p) => COMPONENT.test(p))) throw invalid('invalid repository name');
  const repository = parts.join('/');
  return { host, repository, canonical: `${host}/${repository}` };
}
