import { isNotFound, type KubeClient } from '../../runtime/kube/index.ts';
import { CliError, type Command } from '../command.ts';
import { aliasesOf } from '../kinds.ts';
import { clientFromFlags, kubeFlags } from '../kube-flags.ts';
import { parseInventoryId, renderTree, type TreeNode } from '../tree/inventory-tree.ts';

const KustomizeGroup = 'kustomize.toolkit.fluxcd.io';

interface Kustomization {
  status?: { inventory?: { entries?: { id: string; v: string }[] } };
}

/** Builds the tree of a Kustomization: its inventory, nested Kustomizations expanded (each once). */
async function kustomizationTree(
  kube: KubeClient,
  namespace: string,
  name: string,
  seen: Set<string>,
): Promise<TreeNode> {
  const node: TreeNode = {
    id: `Kustomization/${namespace}/${name}`,
    group: KustomizeGroup,
    kind: 'Kustomization',
    namespace,
    name,
    children: [],
  };
  seen.add(node.id);
  const ks = await kube.get<Kustomization>({
    group: KustomizeGroup,
    version: 'v1',
    resource: 'kustomizations',
    namespace,
    name,
  });
  for (const entry of ks.status?.inventory?.entries ?? []) {
    const child = parseInventoryId(entry.id);
    if (
      child.kind === 'Kustomization' &&
      child.group === KustomizeGroup &&
      child.namespace &&
      !seen.has(child.id)
    ) {
      try {
        node.children.push(await kustomizationTree(kube, child.namespace, child.name, seen));
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

const treeKustomizationCommand: Command = {
  name: 'kustomization',
  aliases: aliasesOf('Kustomization'),
  summary: 'print the objects a Kustomization applied, as a tree (nested Kustomizations expanded)',
  usage: 'NAME [-n NAMESPACE] [-o tree|json]',
  flags: {
    ...kubeFlags,
    output: { type: 'string', short: 'o', default: 'tree', help: 'output format: tree or json' },
  },
  async run({ flags, args }) {
    const [name] = args;
    if (!name) throw new CliError('a Kustomization name is required', 2);
    const output = String(flags.output ?? 'tree');
    if (output !== 'tree' && output !== 'json')
      throw new CliError(`--output must be tree or json, got '${output}'`, 2);
    const namespace = typeof flags.namespace === 'string' ? flags.namespace : 'flux-system';
    const kube = clientFromFlags(flags);
    try {
      const tree = await kustomizationTree(kube, namespace, name, new Set());
      process.stdout.write(
        output === 'json' ? `${JSON.stringify(toJson(tree), null, 2)}\n` : renderTree(tree),
      );
      return 0;
    } catch (e: unknown) {
      if (isNotFound(e)) throw new CliError(`Kustomization '${namespace}/${name}' not found`, 1);
      throw e;
    } finally {
      kube.close();
    }
  },
};

/** `tsflux tree kustomization NAME`: the inventory of a Kustomization as a tree. */
export const treeCommand: Command = {
  name: 'tree',
  summary: 'print the objects a Flux object manages, as a tree',
  subcommands: [treeKustomizationCommand],
};
