/**
 * The per-kind mappings between each older version and the storage version: renamed fields
 * become their successors, removed fields are kept aside (see preserve.ts), and objects with no
 * faithful equivalent are refused with a message that says why.
 */
import { migrateLegacyPatches } from './patches.ts';
import { takeFields } from './preserve.ts';
import { ConversionError, type KindConverter, type KubeJson } from './types.ts';

/** Kinds whose versions differ only in apiVersion (and fields the API server prunes). */
export const identityConverter: KindConverter = {
  toStorage: () => ({}),
  fromStorage: () => {},
};

/** Prepends the deprecated single `valuesFile` to `valuesFiles`: it was merged first. */
function migrateValuesFile(chartSpec: Record<string, any> | undefined): void {
  if (!chartSpec || chartSpec.valuesFile === undefined) return;
  const first = chartSpec.valuesFile as string;
  delete chartSpec.valuesFile;
  if (first === '') return;
  const rest: string[] = chartSpec.valuesFiles ?? [];
  chartSpec.valuesFiles = [first, ...rest.filter((f) => f !== first)];
}

/** Kustomization v1beta2 -> v1: patch lists merge into `patches`; `validation` is gone (SSA always validates). */
export const kustomizationConverter: KindConverter = {
  toStorage(object) {
    const preserved = takeFields(object, ['spec.validation']);
    if (object.spec) migrateLegacyPatches(object.spec);
    return preserved;
  },
  fromStorage: () => {},
};

/** HelmRelease v2beta1/v2beta2 -> v2: `valuesFile` joins `valuesFiles`; post-renderer patch lists merge into `patches`. */
export const helmReleaseConverter: KindConverter = {
  toStorage(object) {
    migrateValuesFile(object.spec?.chart?.spec);
    for (const renderer of object.spec?.postRenderers ?? []) {
      if (renderer?.kustomize) migrateLegacyPatches(renderer.kustomize);
    }
    if (object.status) {
      for (const field of [
        'lastAppliedRevision',
        'lastReleaseRevision',
        'lastAttemptedValuesChecksum',
        'helmChart',
      ]) {
        delete object.status[field];
      }
    }
    return {};
  },
  fromStorage: () => {},
};

/** v1beta2 sources -> v1: `accessFrom` and `gitImplementation` are kept aside; HelmChart `valuesFile` joins `valuesFiles`. */
export const sourceConverter: KindConverter = {
  toStorage(object) {
    const preserved = takeFields(object, ['spec.accessFrom', 'spec.gitImplementation']);
    if (object.kind === 'HelmChart') migrateValuesFile(object.spec);
    if (object.status) delete object.status.url;
    return preserved;
  },
  fromStorage: () => {},
};

/** Alert v1beta1/v1beta2 -> v1beta3: one Provider per Alert; no status in v1beta3. */
export const alertConverter: KindConverter = {
  toStorage(object, fromVersion) {
    delete object.status;
    if (fromVersion === 'v1beta1') migrateReceiverRefs(object);
    return {};
  },
  fromStorage(object) {
    // Older versions had a status; the controller fills it in on its next reconcile.
    delete object.status;
  },
};

function migrateReceiverRefs(object: KubeJson): void {
  const spec = object.spec;
  if (!spec || spec.receiverRefs === undefined) return;
  const refs: Array<{ name?: string; namespace?: string }> = spec.receiverRefs;
  delete spec.receiverRefs;
  if (refs.length === 0) {
    if (!spec.providerRef)
      throw new ConversionError('spec.receiverRefs is empty: an Alert must reference a Provider');
    return;
  }
  if (refs.length > 1) {
    const names = refs.map((r) => r.name).join(', ');
    throw new ConversionError(
      `an Alert routes to one Provider, but spec.receiverRefs lists ${refs.length} (${names}): create one Alert per Provider`,
    );
  }
  const [ref] = refs;
  if (!ref.name) throw new ConversionError('spec.receiverRefs[0].name is required');
  const namespace = object.metadata?.namespace;
  if (ref.namespace && namespace && ref.namespace !== namespace) {
    throw new ConversionError(
      `spec.receiverRefs[0] points to namespace '${ref.namespace}': an Alert can only use a Provider in its own namespace`,
    );
  }
  if (spec.providerRef && spec.providerRef.name !== ref.name) {
    throw new ConversionError(
      `spec.providerRef '${spec.providerRef.name}' and spec.receiverRefs '${ref.name}' disagree: an Alert routes to one Provider`,
    );
  }
  spec.providerRef = { name: ref.name };
}

/** Provider and Receiver v1beta1/v1beta2 -> storage: only status fields differ and are recomputed. */
export const notificationConverter: KindConverter = {
  toStorage(object) {
    if (object.kind === 'Provider') delete object.status;
    else if (object.status) delete object.status.url;
    return {};
  },
  fromStorage: () => {},
};

/** ImagePolicy v1beta2 status strings are replaced by `latestRef`, recomputed by the controller. */
export const imageConverter: KindConverter = {
  toStorage(object) {
    if (object.status) {
      delete object.status.latestImage;
      delete object.status.observedPreviousImage;
    }
    return {};
  },
  fromStorage: () => {},
};

/** The converter for each `group/Kind`. */
export const converters: Record<string, KindConverter> = {
  'kustomize.toolkit.fluxcd.io/Kustomization': kustomizationConverter,
  'helm.toolkit.fluxcd.io/HelmRelease': helmReleaseConverter,
  'source.toolkit.fluxcd.io/GitRepository': sourceConverter,
  'source.toolkit.fluxcd.io/OCIRepository': sourceConverter,
  'source.toolkit.fluxcd.io/HelmRepository': sourceConverter,
  'source.toolkit.fluxcd.io/HelmChart': sourceConverter,
  'source.toolkit.fluxcd.io/Bucket': sourceConverter,
  'notification.toolkit.fluxcd.io/Alert': alertConverter,
  'notification.toolkit.fluxcd.io/Provider': notificationConverter,
  'notification.toolkit.fluxcd.io/Receiver': notificationConverter,
  'image.toolkit.fluxcd.io/ImagePolicy': imageConverter,
  'image.toolkit.fluxcd.io/ImageRepository': identityConverter,
  'image.toolkit.fluxcd.io/ImageUpdateAutomation': identityConverter,
};
