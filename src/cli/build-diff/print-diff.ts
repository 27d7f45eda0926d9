import { createHash } from 'node:crypto';
import { renderYaml } from '../../engines/kustomization-build/index.ts';
import type { KubeObject } from '../../engines/kustomize/index.ts';
import { ApplyAction, inventoryId, type ResourceManager } from '../../runtime/ssa/index.ts';
import { unifiedDiff } from './unified-diff.ts';

/** `Kind/namespace/name` or `Kind/name`, as Flux prints objects. */
function objectName(o: { kind?: string; metadata?: { name?: string; namespace?: string } }): string {
  const ns = o.metadata?.namespace;
  return ns ? `${o.kind}/${ns}/${o.metadata?.name}` : `${o.kind}/${o.metadata?.name}`;
}

// secret values never reach the terminal; a short hash still shows whether a value changed
function maskSecret(o: KubeObject | undefined): KubeObject | undefined {
  if (o?.kind !== 'Secret') return o;
  const out = structuredClone(o) as KubeObject & Record<string, Record<string, string> | undefined>;
  for (const field of ['data', 'stringData']) {
    const values = out[field];
    if (!values || typeof values !== 'object') continue;
    for (const [k, v] of Object.entries(values))
      values[k] = `*** (sha256:${createHash('sha256').update(String(v)).digest('hex').slice(0, 12)})`;
  }
  return out;
}

/**
 * Prints what applying `objects` through `manager` would change, as `flux diff` does: each object
 * that would be created, each that drifted (a unified diff of the live and the dry-run object,
 * Secret values masked), then each entry of `inventory` (the owner's `status.inventory`) that
 * nothing rendered any more, as deleted. Returns whether anything would change.
 */
export async function printDiff(
  manager: ResourceManager,
  objects: KubeObject[],
  inventory: { id: string }[] = [],
): Promise<boolean> {
  let changed = false;
  const built = new Set<string>();
  for (const obj of objects) {
    const { entry, live, merged } = await manager.diff(obj);
    built.add(inventoryId(entry));
    if (entry.action === ApplyAction.Unchanged) continue;
    changed = true;
    const name = entry.subject;
    if (entry.action === ApplyAction.Created) {
      process.stdout.write(`► ${name} created\n`);
      continue;
    }
    process.stdout.write(`► ${name} drifted\n`);
    process.stdout.write(
      unifiedDiff(
        renderYaml([maskSecret(live) as KubeObject]),
        renderYaml([maskSecret(merged) as KubeObject]),
        {
          from: `live ${name}`,
          to: `merged ${name}`,
        },
      ),
    );
  }
  for (const entry of inventory) {
    if (built.has(entry.id)) continue;
    const [namespace, name, , kind] = entry.id.split('_');
    changed = true;
    process.stdout.write(
      `► ${objectName({ kind, metadata: { name, namespace: namespace || undefined } })} deleted\n`,
    );
  }
  return changed;
}
