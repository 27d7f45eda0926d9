import { readFileSync } from 'node:fs';

/** tsflux's version, from its package.json (`0.1.0`). */
export const TSFLUX_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * The release tag of this version (`v0.1.0`), written as Flux writes its own: the
 * `app.kubernetes.io/version` label of everything tsflux installs (`flux check` prints it as the
 * distribution) and the tag of the manager's image (`flux version` prints it).
 */
export const TSFLUX_RELEASE = `v${TSFLUX_VERSION}`;

/** The manager's container image when `install` is given none. */
export const TSFLUX_IMAGE = `tsflux:${TSFLUX_RELEASE}`;

/**
 * The labels Flux puts on every object it installs (`manifests/install/labels.yaml` in flux2):
 * `flux check`, `flux version` and `flux uninstall` select CRDs and Deployments by
 * `app.kubernetes.io/part-of=flux`, and read the version from `app.kubernetes.io/version`.
 */
export function fluxLabels(namespace: string): Record<string, string> {
  return {
    'app.kubernetes.io/instance': namespace,
    'app.kubernetes.io/part-of': 'flux',
    'app.kubernetes.io/version': TSFLUX_RELEASE,
  };
}

/** The `fluxLabels` option of CRD generation: the same labels as {@link fluxLabels}, per CRD. */
export function crdLabelOptions(namespace: string): { instance: string; version: string } {
  return { instance: namespace, version: TSFLUX_RELEASE };
}
