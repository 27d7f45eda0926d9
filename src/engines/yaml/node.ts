/**
 * A value ready for go-yaml's encoder: scalars already typed the way Go would see them (numbers
 * carry their final text), mappings with their keys in the order they are written.
 */
export type YamlNode =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'num'; text: string }
  | { t: 'str'; v: string }
  | { t: 'seq'; items: YamlNode[] }
  | { t: 'map'; entries: [string, YamlNode][] };
