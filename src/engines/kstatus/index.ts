export { computeStatus, type ObjectLike, Status, type StatusResult } from './status.ts';
