import { KubeClient, loadKubeconfig } from '../runtime/kube/index.ts';
import type { FlagSpec, Invocation } from './command.ts';

/** The flags every command that talks to a cluster takes, with the flux CLI's names. */
export const kubeFlags: FlagSpec = {
  kubeconfig: { type: 'string', help: 'kubeconfig file (default $KUBECONFIG or ~/.kube/config)' },
  context: { type: 'string', help: 'kubeconfig context' },
  namespace: { type: 'string', short: 'n', default: 'flux-system', help: 'namespace of the objects' },
};

/** Flags of verbs that can span namespaces. */
export const allNamespacesFlag: FlagSpec = {
  'all-namespaces': { type: 'boolean', short: 'A', help: 'across all namespaces' },
};

/** A client for the cluster the flags name; closed by the caller. */
export function clientFromFlags(
  flags: Invocation['flags'],
  limits: { qps?: number; burst?: number } = {},
): KubeClient {
  const path = typeof flags.kubeconfig === 'string' ? flags.kubeconfig : undefined;
  const context = typeof flags.context === 'string' ? flags.context : undefined;
  return new KubeClient(loadKubeconfig(path, context), { userAgent: 'tsflux-cli', ...limits });
}

/** The namespace the flags select; undefined with --all-namespaces. */
export function namespaceFromFlags(flags: Invocation['flags']): string | undefined {
  if (flags['all-namespaces']) return undefined;
  return typeof flags.namespace === 'string' ? flags.namespace : 'flux-system';
}
