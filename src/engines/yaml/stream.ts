import { emitYaml } from './emit.ts';
import { jsonNode } from './json-node.ts';

/** One JSON-like value as a document (no separator) the way sigs.k8s.io/yaml prints it. */
export function emitYamlDocument(value: unknown): string {
  return emitYaml(jsonNode(value));
}

/** Several JSON-like values joined by `---` lines: the multi-document stream `kubectl kustomize` prints. */
export function emitYamlStream(values: unknown[]): string {
  return values.map(emitYamlDocument).join('---\n');
}
