/**
 * Pure conversion between the API versions of every Flux kind: `convert(review)` is what the
 * conversion webhook serves; `convertObject` converts one object.
 */
export { convert, convertObject } from './convert.ts';
export { PreservedFieldsAnnotation } from './preserve.ts';
export {
  ConversionError,
  type ConversionResponse,
  type ConversionReview,
  type KindConverter,
  type KubeJson,
} from './types.ts';
