export { type BucketObject, bucketKind } from './bucket-kind.ts';
