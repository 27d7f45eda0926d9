/**
 * Older API versions Flux has dropped but tsflux still serves (served, not stored), converted to
 * the storage version by the conversion webhook. Filled in by the per-group `legacy` modules.
 */
import type { KindVersion } from './crd/kind-definition.ts';

/** Every legacy (served, non-storage) kind version. */
export const legacyKindVersions: readonly KindVersion[] = [];
