/**
 * Errors shared by every layer: {@link toError}, the one way to read what a `catch` caught, and
 * {@link bodyReadError}, Go's wording of a failed body read.
 */
export { bodyReadError } from './read-error.ts';
export { toError } from './to-error.ts';
