import type { Command } from '../command.ts';

/** A command listed by name and summary, its module loaded only when it runs. */
function lazy(name: string, summary: string, load: () => Promise<Command>): Command {
  return { name, summary, load };
}

/**
 * Every top-level `tsflux` command, in the order `tsflux --help` lists them. Each command lives in
 * its own file beside this one and is imported only when invoked, which keeps the manager process
 * (`tsflux controller`) free of the CLI-only engines.
 */
export const commands: Command[] = [
  lazy(
    'up',
    'connect to the current cluster (or start a local one), install the CRDs and run tsflux until Ctrl-C',
    async () => (await import('./up.ts')).upCommand,
  ),
  lazy('get', 'show the status of Flux objects', async () => (await import('./get.ts')).getCommand),
  lazy(
    'reconcile',
    'trigger a reconciliation of a Flux object and wait for it',
    async () => (await import('./reconcile.ts')).reconcileCommand,
  ),
  lazy(
    'suspend',
    'suspend the reconciliation of Flux objects',
    async () => (await import('./suspend-resume.ts')).suspendCommand,
  ),
  lazy(
    'resume',
    'resume suspended Flux objects and wait for their reconciliation',
    async () => (await import('./suspend-resume.ts')).resumeCommand,
  ),
  lazy(
    'export',
    'print Flux objects as YAML, without status and server-set fields',
    async () => (await import('./export.ts')).exportCommand,
  ),
  lazy('delete', 'delete a Flux object', async () => (await import('./delete.ts')).deleteCommand),
  lazy(
    'build',
    'render Flux objects locally, as their controllers would',
    async () => (await import('./build-diff.ts')).buildCommand,
  ),
  lazy(
    'diff',
    'compare a local render with the cluster, as its controller would apply it',
    async () => (await import('./build-diff.ts')).diffCommand,
  ),
  lazy(
    'tree',
    'print the objects a Flux object manages, as a tree',
    async () => (await import('./tree.ts')).treeCommand,
  ),
  lazy('events', 'show the events of Flux objects', async () => (await import('./events.ts')).eventsCommand),
  lazy('push', 'push Flux OCI artifacts', async () => (await import('./artifact.ts')).pushCommand),
  lazy('pull', 'pull Flux OCI artifacts', async () => (await import('./artifact.ts')).pullCommand),
  lazy('list', 'list Flux OCI artifacts', async () => (await import('./artifact.ts')).listCommand),
  lazy('tag', 'tag Flux OCI artifacts', async () => (await import('./artifact.ts')).tagCommand),
  lazy(
    'controller',
    'run the Flux controllers in this process (what the tsflux Deployment runs)',
    async () => (await import('./controller.ts')).controllerCommand,
  ),
  lazy(
    'install',
    'install the Flux CRDs and the tsflux manager in a cluster (or print them with --export)',
    async () => (await import('./install.ts')).installCommand,
  ),
  lazy(
    'uninstall',
    'remove the tsflux manager, its RBAC, the namespace and the Flux CRDs',
    async () => (await import('./install.ts')).uninstallCommand,
  ),
  lazy(
    'check',
    'check which controllers run and that the Flux CRDs are installed at the versions tsflux serves',
    async () => (await import('./install.ts')).checkCommand,
  ),
  lazy(
    'cluster',
    'run a local Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager)',
    async () => (await import('./cluster.ts')).clusterCommand,
  ),
  lazy(
    'kustomize',
    'build a kustomization directory and print the resulting YAML',
    async () => (await import('./kustomize.ts')).kustomizeCommand,
  ),
  lazy(
    'helm',
    'render Helm charts offline (helm template)',
    async () => (await import('./helm.ts')).helmCommand,
  ),
];
