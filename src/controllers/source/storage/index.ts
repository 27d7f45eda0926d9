export { startStorageServer } from './server.ts';
export { ArtifactStorage, DEFAULT_RETENTION, type RetentionPolicy } from './storage.ts';
