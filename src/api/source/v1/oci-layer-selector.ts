/**
 * Schemas shared by several Flux kinds (OCILayerSelector).
 */
import Type from 'typebox';
import { StringEnum } from '../../meta/schema-helpers.ts';

/** OCILayerSelector: shared by several Flux kinds. */
export const OCILayerSelector = Type.Object({
  mediaType: Type.Optional(Type.String()),
  operation: Type.Optional(StringEnum(['extract', 'copy'])),
});
/** OCILayerSelector, as TypeScript. */
export type OCILayerSelector = Type.Static<typeof OCILayerSelector>;
