/**
 * The image/v1 API: schemas, TypeScript types and kind definitions.
 */

export { LatestTagsAnnotation, MaxLatestTags, PullRequestAnnotation } from './annotations.ts';
export * from './conditions.ts';
export * from './image-policy.ts';
export * from './image-ref.ts';
export * from './image-repository.ts';
export * from './image-update-automation.ts';
