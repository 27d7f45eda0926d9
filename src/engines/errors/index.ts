/**
 * Errors shared by every layer: {@link toError}, the one way to read what a `catch` caught.
 */
export { toError } from './to-error.ts';
