/**
 * OCI layer selection for OCIRepository.
 */
import Type from 'typebox';
import { StringEnum } from '../../meta/index.ts';

/** Which layer of an OCI artifact to use (by media type) and whether to extract or copy it. */
export const OCILayerSelector = Type.Object({
  mediaType: Type.Optional(Type.String()),
  operation: Type.Optional(StringEnum(['extract', 'copy'])),
});
/** OCILayerSelector, as TypeScript. */
export type OCILayerSelector = Type.Static<typeof OCILayerSelector>;
