export { DiskFS } from './disk.ts';
export { MemoryFS } from './memory.ts';
export { baseName, dirName, FsError, joinPath, normalizePath, type VirtualFS } from './types.ts';
