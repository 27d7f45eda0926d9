/**
 * The per-kind mappings between each older version and the storage version: renamed fields
 * become their successors, removed fields are set aside (and restored when the object is read in
 * its old version again), and objects with no faithful equivalent are refused with a message
 * that says why.
 */
import { type LegacyPatches, migrateLegacyPatches, restoreLegacyPatches } from './patches.ts';
import { type PreservedData, takeFields } from './preserve.ts';
import { ConversionError, type KindConverter, type KubeJson } from './types.ts';
import { type LegacyValuesFile, migrateValuesFile, restoreValuesFile } from './values-file.ts';

/** Kinds whose versions differ only in apiVersion (and fields the API server prunes). */
export const identityConverter: KindConverter = {
  toStorage: () => ({}),
  fromStorage: () => {},
};

/** Kustomization v1beta2 <-> v1: patch lists live in `patches`; `validation` is gone (SSA always validates). */
export const kustomizationConverter: KindConverter = {
  toStorage(object) {
    if (!object.spec) return {};
    const preserved: PreservedData = takeFields(object.spec, ['validation']);
    const patches = migrateLegacyPatches(object.spec);
    if (Object.keys(patches).length > 0) preserved.patches = patches;
    return preserved;
  },
  fromStorage(object, _version, preserved) {
    if (!preserved || !object.spec) return;
    restoreLegacyPatches(object.spec, preserved.patches as LegacyPatches | undefined);
    if (preserved.validation !== undefined) object.spec.validation = preserved.validation;
  },
};

const legacyHelmStatusFields = [
  'lastAppliedRevision',
  'lastReleaseRevision',
  'lastAttemptedValuesChecksum',
  'helmChart',
];

/** HelmRelease v2beta1/v2beta2 <-> v2: `valuesFile` joins `valuesFiles`; post-renderer patch lists join `patches`. */
export const helmReleaseConverter: KindConverter = {
  toStorage(object) {
    const preserved: PreservedData = {};
    const valuesFile = migrateValuesFile(object.spec?.chart?.spec);
    if (valuesFile) preserved.valuesFile = valuesFile;
    const renderers: Record<string, LegacyPatches> = {};
    (object.spec?.postRenderers ?? []).forEach((renderer: Record<string, any> | null, index: number) => {
      if (!renderer?.kustomize) return;
      const legacy = migrateLegacyPatches(renderer.kustomize);
      if (Object.keys(legacy).length > 0) renderers[index] = legacy;
    });
    if (Object.keys(renderers).length > 0) preserved.postRenderers = renderers;
    // status is recomputed by the controller; these fields have no v2 counterpart
    for (const field of legacyHelmStatusFields) delete object.status?.[field];
    return preserved;
  },
  fromStorage(object, _version, preserved) {
    if (!preserved) return;
    restoreValuesFile(object.spec?.chart?.spec, preserved.valuesFile as LegacyValuesFile | undefined);
    const renderers = (preserved.postRenderers ?? {}) as Record<string, LegacyPatches>;
    for (const [index, legacy] of Object.entries(renderers)) {
      const kustomize = object.spec?.postRenderers?.[Number(index)]?.kustomize;
      if (kustomize) restoreLegacyPatches(kustomize, legacy);
    }
  },
};

/** v1beta2 sources <-> v1: `accessFrom` and `gitImplementation` are set aside; HelmChart `valuesFile` joins `valuesFiles`. */
export const sourceConverter: KindConverter = {
  toStorage(object) {
    const preserved: PreservedData = takeFields(object.spec, ['accessFrom', 'gitImplementation']);
    if (object.kind === 'HelmChart') {
      const valuesFile = migrateValuesFile(object.spec);
      if (valuesFile) preserved.valuesFile = valuesFile;
    }
    delete object.status?.url;
    return preserved;
  },
  fromStorage(object, _version, preserved) {
    if (!preserved || !object.spec) return;
    for (const field of ['accessFrom', 'gitImplementation']) {
      if (preserved[field] !== undefined) object.spec[field] = preserved[field];
    }
    if (object.kind === 'HelmChart')
      restoreValuesFile(object.spec, preserved.valuesFile as LegacyValuesFile | undefined);
  },
};

/** Alert v1beta1/v1beta2 <-> v1beta3: one Provider per Alert; v1beta3 has no status. */
export const alertConverter: KindConverter = {
  toStorage(object, fromVersion) {
    delete object.status;
    if (fromVersion !== 'v1beta1' || object.spec?.receiverRefs === undefined) return {};
    const hadProviderRef = object.spec.providerRef !== undefined;
    const receiverRefs = object.spec.receiverRefs;
    migrateReceiverRefs(object);
    return { receiverRefs, hadProviderRef };
  },
  fromStorage(object, _version, preserved) {
    const refs = preserved?.receiverRefs as Array<{ name?: string }> | undefined;
    const spec = object.spec;
    // restore the list form only if the Provider it named is still the one referenced
    if (!spec || !refs || refs.length !== 1 || spec.providerRef?.name !== refs[0].name) return;
    spec.receiverRefs = refs;
    if (!preserved?.hadProviderRef) delete spec.providerRef;
  },
};

function migrateReceiverRefs(object: KubeJson): void {
  const spec = object.spec!;
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

/** Provider and Receiver v1beta1/v1beta2 -> storage: only status fields differ, and status is recomputed. */
export const notificationConverter: KindConverter = {
  toStorage(object) {
    if (object.kind === 'Provider') delete object.status;
    else delete object.status?.url;
    return {};
  },
  fromStorage: () => {},
};

/** ImagePolicy v1beta2 status strings are replaced by `latestRef`, recomputed by the controller. */
export const imageConverter: KindConverter = {
  toStorage(object) {
    delete object.status?.latestImage;
    delete object.status?.observedPreviousImage;
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
