export {
  ApplyAction,
  type ChangeSetEntry,
  changeSetEntry,
  changeSetToMap,
  formatChangeSet,
  formatEntry,
  hasChanged,
} from './change-set.ts';
export {
  hasDrifted,
  type IgnoreRule,
  type IgnoreTarget,
  normalizeForDiff,
  removePointer,
} from './drift.ts';
export { isImmutableError } from './immutable.ts';
export {
  type Inventory,
  type InventoryEntry,
  type InventoryObject,
  inventoryDiff,
  inventoryFromChangeSet,
  inventoryFromObjects,
  inventoryId,
  inventoryObjects,
  parseInventoryEntry,
} from './inventory.ts';
export {
  type ApplyOptions,
  type ApplyResult,
  ChangeSetError,
  type DeleteOptions,
  ForceAnnotation,
  HelmOwnerLabels,
  KustomizeOwnerLabels,
  type OwnerLabelKeys,
  PruneAnnotation,
  ReconcileAnnotation,
  ResourceManager,
  type ResourceManagerOptions,
  SsaAnnotation,
  SsaPolicy,
} from './manager.ts';
export {
  compareForApply,
  formatObject,
  isClassDefinition,
  isClusterDefinition,
  matchesAnyMetadata,
} from './objects.ts';
export { type CachedLookup, type ObjectObserver, OwnedObjectCache } from './owned-cache.ts';
export {
  DefaultTakeOver,
  type FieldManager,
  StaleAnnotations,
  StaleLabels,
  takeOverPatch,
} from './take-over.ts';
export {
  type HealthOf,
  type StatusFeed,
  statusOf,
  WaitError,
  type WaitOptions,
  waitForSet,
  waitForTermination,
} from './wait.ts';
