import { CliError, type Command } from '../command.ts';
import { adapterForWord } from '../kinds.ts';
import { allNamespacesFlag, clientFromFlags, kubeFlags, namespaceFromFlags } from '../kube-flags.ts';
import { renderTable } from '../table.ts';

interface CoreEvent {
  type?: string;
  reason?: string;
  message?: string;
  lastTimestamp?: string;
  eventTime?: string;
  metadata?: { namespace?: string; creationTimestamp?: string };
  involvedObject?: { kind?: string; name?: string; namespace?: string };
}

function age(ts: string | undefined): string {
  if (!ts) return '<unknown>';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

/** `tsflux events [--for Kind/name]`: the Kubernetes events of Flux objects, oldest first. */
export const eventsCommand: Command = {
  name: 'events',
  summary: 'show the events of Flux objects',
  usage: '[--for Kind/name] [flags]',
  flags: {
    ...kubeFlags,
    ...allNamespacesFlag,
    for: { type: 'string', help: 'only events of this object, as Kind/name' },
  },
  async run({ flags }) {
    const namespace = namespaceFromFlags(flags);
    let selector: string | undefined;
    if (typeof flags.for === 'string') {
      const [kind, name] = flags.for.split('/');
      if (!kind || !name) throw new CliError(`--for takes Kind/name, got '${flags.for}'`, 2);
      // aliases as the other verbs take them (`ks/apps`); other kinds (Deployment) as given
      selector = `involvedObject.kind=${adapterForWord(kind)?.kind.kind ?? kind},involvedObject.name=${name}`;
    }
    const kube = clientFromFlags(flags);
    try {
      const list = await kube.list<CoreEvent>(
        { version: 'v1', resource: 'events', namespace },
        { fieldSelector: selector },
      );
      const items = list.items.sort(
        (x, y) =>
          Date.parse(x.lastTimestamp ?? x.eventTime ?? '') - Date.parse(y.lastTimestamp ?? y.eventTime ?? ''),
      );
      if (items.length === 0) {
        process.stderr.write('no events found\n');
        return 0;
      }
      const header = [
        ...(namespace ? [] : ['NAMESPACE']),
        'LAST SEEN',
        'TYPE',
        'REASON',
        'OBJECT',
        'MESSAGE',
      ];
      const rows = items.map((e) => [
        ...(namespace ? [] : [e.metadata?.namespace ?? '']),
        age(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp),
        e.type ?? '',
        e.reason ?? '',
        `${e.involvedObject?.kind}/${e.involvedObject?.name}`,
        (e.message ?? '').replace(/\n/g, ' '),
      ]);
      process.stdout.write(renderTable(header, rows));
      return 0;
    } finally {
      kube.close();
    }
  },
};
