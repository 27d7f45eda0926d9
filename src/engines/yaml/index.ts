/**
 * go-yaml's encoder, byte for byte: the one YAML writer of the engines. Two variants share it:
 * go-yaml v2 as sigs.k8s.io/yaml drives it (Helm's toYaml, kustomize's output) and go-yaml v3 with
 * indent 2 (Helm's toYamlPretty). Callers turn their values into {@link YamlNode}s (plain JSON-like
 * values through {@link jsonNode}) and emit them with {@link emitYaml}.
 */
export { type EmitOptions, emitYaml } from './emit.ts';
export { foldNel, jsonMapEntries, jsonNode } from './json-node.ts';
export { naturalLess } from './key-order.ts';
export type { YamlNode } from './node.ts';
export { formatGoFloat, goJsonFloat, goYamlFloat, goYamlNumberFromJson } from './number.ts';
export { emitYamlDocument, emitYamlStream } from './stream.ts';
export { goYamlTimestamp } from './timestamp.ts';
export { findUnprintable } from './unprintable.ts';
