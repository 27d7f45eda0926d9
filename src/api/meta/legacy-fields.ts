/**
 * Schemas of fields Flux removed from its APIs but older manifests still carry: strategic merge
 * and JSON 6902 patch lists, and the cross-namespace access selector of v1beta2 sources.
 */
import Type from 'typebox';
import { Selector } from './kustomize.ts';
import { JsonValue, StringEnum, StringMap } from './schema-helpers.ts';

/** `patchesStrategicMerge`: a list of partial objects, merged into matching resources. */
export const PatchesStrategicMerge = Type.Array(JsonValue<Record<string, unknown>>());
/** `patchesStrategicMerge`, as TypeScript. */
export type PatchesStrategicMerge = Type.Static<typeof PatchesStrategicMerge>;

/** One RFC 6902 operation as older Flux versions typed it. */
export const JSON6902Operation = Type.Object({
  op: StringEnum(['test', 'remove', 'add', 'replace', 'move', 'copy']),
  path: Type.String(),
  from: Type.Optional(Type.String()),
  value: Type.Optional(JsonValue()),
});
/** One RFC 6902 operation, as TypeScript. */
export type JSON6902Operation = Type.Static<typeof JSON6902Operation>;

/** `patchesJson6902`: operations applied to the resources a selector picks. */
export const PatchesJson6902 = Type.Array(
  Type.Object({
    patch: Type.Array(JSON6902Operation),
    target: Selector,
  }),
);
/** `patchesJson6902`, as TypeScript. */
export type PatchesJson6902 = Type.Static<typeof PatchesJson6902>;

/** `accessFrom` of v1beta2 sources: which namespaces may use this source. */
export const AccessFrom = Type.Object({
  namespaceSelectors: Type.Array(Type.Object({ matchLabels: Type.Optional(StringMap()) })),
});
/** `accessFrom`, as TypeScript. */
export type AccessFrom = Type.Static<typeof AccessFrom>;

/** A reference by name, optionally in another namespace (v1beta1 Alert `receiverRefs` entries). */
export const CrossNamespaceLocalReference = Type.Object({
  name: Type.String(),
  namespace: Type.Optional(Type.String()),
});
/** A reference by name, optionally in another namespace, as TypeScript. */
export type CrossNamespaceLocalReference = Type.Static<typeof CrossNamespaceLocalReference>;
