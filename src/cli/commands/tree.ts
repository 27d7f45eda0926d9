import { isNotFound, type KubeClient } from '../../runtime/kube/index.ts';
import { CliError, type Command } from '../command.ts';
import { aliasesOf } from '../kinds.ts';
import { clientFromFlags, kubeFlags } from '../kube-flags.ts';
import { parseInventoryId, renderTree, type TreeNode } from '../tree/inventory-tree.ts';

interface InventoryOwner {
  status?: { inventory?: { entries?: { id: string; v: string }[] } };
}

// the kinds whose status.inventory lists what they applied: expanded wherever they appear
const expandable: Record<string, { group: string; version: string; resource: string }> = {
  Kustomization: { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', resource: 'kustomizations' },
  HelmRelease: { group: 'helm.toolkit.fluxcd.io', version: 'v2', resource: 'helmreleases' },
};

/**
 * Builds the tree of a Kustomization or HelmRelease: its inventory, the nested Kustomizations and
 * HelmReleases in it expanded (each once).
 */
async function inventoryTree(
  kube: KubeClient,
  kind: string,
  namespace: string,
  name: string,
  seen: Set<string>,
): Promise<TreeNode> {
  const { group, version, resource } = expandable[kind];
  const node: TreeNode = { id: `${kind}/${namespace}/${name}`, group, kind, namespace, name, children: [] };
  seen.add(node.id);
  const owner = await kube.get<InventoryOwner>({ group, version, resource, namespace, name });
  for (const entry of owner.status?.inventory?.entries ?? []) {
    const child = parseInventoryId(entry.id);
    const nested = expandable[child.kind];
    if (nested && child.group === nested.group && child.namespace && !seen.has(child.id)) {
      try {
        node.children.push(await inventoryTree(kube, child.kind, child.namespace, child.name, seen));
        continue;
      } catch (e: unknown) {
        if (!isNotFound(e)) throw e;
      }
    }
    node.children.push({ ...child, children: [] });
  }
  return node;
}

function toJson(node: TreeNode): unknown {
  return {
    resource: { kind: node.kind, group: node.group, namespace: node.namespace, name: node.name },
    ...(node.children.length ? { resources: node.children.map(toJson) } : {}),
  };
}

function treeSubcommand(kind: string, summary: string): Command {
  return {
    name: kind.toLowerCase(),
    aliases: aliasesOf(kind),
    summary,
    usage: 'NAME [-n NAMESPACE] [-o tree|json]',
    flags: {
      ...kubeFlags,
      output: { type: 'string', short: 'o', default: 'tree', help: 'output format: tree or json' },
    },
    async run({ flags, args }) {
      const [name] = args;
      if (!name) throw new CliError(`a ${kind} name is required`, 2);
      const output = String(flags.output ?? 'tree');
      if (output !== 'tree' && output !== 'json')
        throw new CliError(`--output must be tree or json, got '${output}'`, 2);
      const namespace = typeof flags.namespace === 'string' ? flags.namespace : 'flux-system';
      const kube = clientFromFlags(flags);
      try {
        const tree = await inventoryTree(kube, kind, namespace, name, new Set());
        process.stdout.write(
          output === 'json' ? `${JSON.stringify(toJson(tree), null, 2)}\n` : renderTree(tree),
        );
        return 0;
      } catch (e: unknown) {
        if (isNotFound(e)) throw new CliError(`${kind} '${namespace}/${name}' not found`, 1);
        throw e;
      } finally {
        kube.close();
      }
    },
  };
}

/** `tsflux tree kustomization|helmrelease NAME`: the inventory of a Flux object as a tree. */
export const treeCommand: Command = {
  name: 'tree',
  summary: 'print the objects a Flux object manages, as a tree',
  subcommands: [
    treeSubcommand(
      'Kustomization',
      'print the objects a Kustomization applied, as a tree (nested Kustomizations and HelmReleases expanded)',
    ),
    treeSubcommand('HelmRelease', 'print the objects a HelmRelease installed, as a tree'),
  ],
};
