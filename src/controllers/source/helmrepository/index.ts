export {
  type HelmRepositoryObject,
  helmRepositoryKind,
  indexUrl,
  normalizeRepositoryUrl,
} from './helm-repository-kind.ts';
