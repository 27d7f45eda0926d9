// direct imports, not the manager's index: the CLI needs the names and heartbeats, not the webhook
import { controllerForGroup } from '../manager/controller-names.ts';
import { type ControllerHeartbeat, readHeartbeats } from '../manager/heartbeat.ts';
import type { KubeClient } from '../runtime/kube/index.ts';
import { CliError } from './command.ts';
import type { KindAdapter } from './kinds.ts';

/**
 * The controllers whose heartbeat is live, by name; undefined when the heartbeats cannot be read
 * (e.g. RBAC forbids listing Leases), in which case the CLI does not guess. `managerNamespace`
 * reads only the managers of that namespace (`check`, as flux checks its own namespace);
 * `objectNamespace` keeps only controllers that would handle an object there (a manager started
 * with `--watch-all-namespaces=false` handles its own namespace alone).
 */
export async function liveControllers(
  kube: KubeClient,
  scope: { managerNamespace?: string; objectNamespace?: string } = {},
): Promise<Map<string, ControllerHeartbeat> | undefined> {
  let beats: ControllerHeartbeat[];
  try {
    beats = await readHeartbeats(kube, scope.managerNamespace);
  } catch {
    return undefined;
  }
  const covers = (b: ControllerHeartbeat) =>
    !b.watchNamespace || !scope.objectNamespace || b.watchNamespace === scope.objectNamespace;
  const live = new Map<string, ControllerHeartbeat>();
  for (const b of beats) if (b.live && covers(b) && !live.has(b.controller)) live.set(b.controller, b);
  return live;
}

/**
 * Why no controller will reconcile objects of a kind, or undefined when one runs: tsflux is not
 * running at all, or it runs without that controller (`--controllers`) or for other namespaces.
 */
export function unhandledReason(kind: string, group: string, live: Map<string, unknown>): string | undefined {
  const name = controllerForGroup(group);
  if (!name || live.has(name)) return undefined;
  const running = [...live.keys()].sort();
  const why =
    running.length === 0
      ? "tsflux is not running (start it with 'tsflux up')"
      : `the ${name} controller is not running (tsflux runs ${running.join(', ')}; see 'tsflux check')`;
  return `no controller handles ${kind}: ${why}`;
}

/** Fails at once, saying why, when no running controller would handle a reconcile request. */
export async function assertControllerRuns(
  kube: KubeClient,
  a: KindAdapter,
  objectNamespace: string,
): Promise<void> {
  const live = await liveControllers(kube, { objectNamespace });
  const reason = live && unhandledReason(a.kind.kind, a.kind.group, live);
  if (reason) throw new CliError(reason);
}
