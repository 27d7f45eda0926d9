/** One node of an inventory tree: an object and, for a Kustomization, what it applied. */
export interface TreeNode {
  /** `Kind/namespace/name`, or `Kind/name` for a cluster-scoped object. */
  id: string;
  group: string;
  kind: string;
  namespace?: string;
  name: string;
  children: TreeNode[];
}

/**
 * Parses one Flux inventory entry id, `<namespace>_<name>_<group>_<kind>` (namespace empty for
 * cluster-scoped objects, group empty for the core group). Names and groups never contain `_`.
 */
export function parseInventoryId(id: string): Omit<TreeNode, 'children'> {
  const parts = id.split('_');
  if (parts.length !== 4 || !parts[1] || !parts[3])
    throw new Error(`invalid inventory entry '${id}': expected <namespace>_<name>_<group>_<kind>`);
  const [namespace, name, group, kind] = parts;
  return {
    id: namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`,
    group,
    kind,
    namespace: namespace || undefined,
    name,
  };
}

/** Renders a tree with box-drawing branches, as `flux tree` prints it. */
export function renderTree(root: TreeNode): string {
  const lines = [root.id];
  const walk = (node: TreeNode, prefix: string) => {
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${child.id}`);
      walk(child, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  walk(root, '');
  return `${lines.join('\n')}\n`;
}
