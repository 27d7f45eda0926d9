import { isNotFound } from '../../runtime/kube/index.ts';
import { CliError, type Command } from '../command.ts';
import { kindRef, namedObject } from '../kinds.ts';
import { clientFromFlags, kubeFlags, namespaceFromFlags } from '../kube-flags.ts';
import { progress } from '../wait.ts';

/** `tsflux delete <kind> <name>`: deletes a Flux object (its finalizer lets the controller clean up). */
export const deleteCommand: Command = {
  name: 'delete',
  summary: 'delete a Flux object',
  usage: '<kind> <name> --silent [flags]',
  description: 'Deleting is not undoable: without a terminal to confirm on, --silent is required.',
  flags: {
    ...kubeFlags,
    silent: { type: 'boolean', short: 's', help: 'delete without asking for confirmation' },
  },
  async run({ flags, args }) {
    const { adapter: a, name, namespace } = namedObject(args, namespaceFromFlags(flags));
    if (!flags.silent) {
      if (!process.stdin.isTTY)
        throw new CliError('refusing to delete without confirmation: pass --silent', 2);
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const answer = await rl.question(
        `Are you sure you want to delete ${a.kind.kind} '${namespace}/${name}'? [y/N] `,
      );
      rl.close();
      if (!/^y(es)?$/i.test(answer.trim())) return 1;
    }
    const kube = clientFromFlags(flags);
    try {
      progress.action(`deleting ${a.kind.kind} ${name} in ${namespace} namespace`);
      await kube
        .delete(kindRef(a, namespace, name), { propagationPolicy: 'Background' })
        .catch((e: unknown) => {
          if (isNotFound(e)) throw new CliError(`${a.kind.kind} '${namespace}/${name}' not found`);
          throw e;
        });
      progress.success(`${a.kind.kind} deleted`);
      return 0;
    } finally {
      kube.close();
    }
  },
};
