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
  const invalid = (why: string) => new StallingError(ImageReflectorReason.ImageURLInvalid, why);
  // Flux's words for a scheme and a tag; the others are go-containerregistry's
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(image);
  if (scheme) throw invalid(`.spec.image value should not start with URL scheme; remove '${scheme[1]}://'`);
  // a digest reads as a tag to Flux's check (it splits the name at `:`)
  if (image.includes('@'))
    throw invalid(`.spec.image value should not contain a tag; remove ':${image.split(':').at(-1)}'`);
  const parts = image.split('/');
  let host = 'index.docker.io';
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) host = parts.shift() as string;
  if (host === 'docker.io' || host === 'registry-1.docker.io') host = 'index.docker.io';
  const last = parts[parts.length - 1] ?? '';
  if (last.includes(':'))
    throw invalid(`.spec.image value should not contain a tag; remove ':${last.split(':')[1]}'`);
  if (host === 'index.docker.io' && parts.length === 1) parts.unshift('library');
  if (parts.length === 0 || !parts.every((p) => COMPONENT.test(p)))
    throw invalid(
      `repository can only contain the characters \`abcdefghijklmnopqrstuvwxyz0123456789_-./\`: ${parts.join('/')}`,
    );
  const repository = parts.join('/');
  return { host, repository, canonical: `${host}/${repository}` };
}
