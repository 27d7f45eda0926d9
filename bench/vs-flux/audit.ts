// API requests counted by client and verb from kube-apiserver's audit log. The apiserver's own
// metrics count every client together (kube-controller-manager and the bench included); the audit
// log names each request's user agent, so a GitOps tool's requests are counted apart from the rest.
import { closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * User agents that are not the measured tool: the control plane itself, the bench's client, and a
 * person or test looking at the cluster by hand (kubectl, the tsflux CLI).
 */
const NOT_THE_TOOL = [
  /^kube-controller-manager\//,
  /^kube-apiserver\//,
  /^tsflux-bench$/,
  /^kubectl/,
  /^tsflux-cli$/,
];

/** The user agent of the bench's own client, left out of every count. */
export const BENCH_USER_AGENT = 'tsflux-bench';

/**
 * Writes an audit policy that logs every request once, when received, at Metadata level (no
 * bodies), and returns the apiserver flags that turn it on, logging to `<dir>/audit.log`.
 */
export function auditArgs(dir: string): { args: string[]; log: string } {
  const policy = join(dir, 'audit-policy.yaml');
  const log = join(dir, 'audit.log');
  writeFileSync(
    policy,
    [
      'apiVersion: audit.k8s.io/v1',
      'kind: Policy',
      // one event per request: a watch would otherwise log again when its response starts and ends
      'omitStages: [ResponseStarted, ResponseComplete, Panic]',
      'rules:',
      '  - level: None',
      '    resources: [{ group: coordination.k8s.io, resources: [leases] }]',
      '  - level: Metadata',
      '',
    ].join('\n'),
  );
  return {
    log,
    args: [
      `--audit-policy-file=${policy}`,
      `--audit-log-path=${log}`,
      '--audit-log-format=json',
      // 0 does not mean unbounded: the log rotates at 100 MB then, and the marks would point into
      // a new file; a run never writes 100 GB
      '--audit-log-maxsize=100000',
      '--audit-log-mode=blocking',
    ],
  };
}

/** A position in the audit log, from {@link auditMark}. */
export type AuditMark = number;

/** The audit log's current end, to count from. */
export function auditMark(log: string): AuditMark {
  try {
    return statSync(log).size;
  } catch {
    return 0;
  }
}

/** Requests by verb of one client, and of the tool in all. */
export interface RequestCounts {
  total: number;
  byVerb: Map<string, number>;
  byAgent: Map<string, number>;
  /** `<verb> <resource>[/<subresource>]`, e.g. `patch helmreleases/status` */
  byResource: Map<string, number>;
}

/** Counts the tool's requests logged between two marks (the end of the log when `to` is absent). */
export function countRequests(log: string, from: AuditMark, to?: AuditMark): RequestCounts {
  const end = to ?? auditMark(log);
  const out: RequestCounts = { total: 0, byVerb: new Map(), byAgent: new Map(), byResource: new Map() };
  if (end <= from) return out;
  const buf = Buffer.alloc(end - from);
  const fd = openSync(log, 'r');
  readSync(fd, buf, 0, buf.length, from);
  closeSync(fd);
  for (const line of buf.toString('utf8').split('\n')) {
    // a mark taken while the apiserver was writing may cut a line: its half is not a request
    if (!line.startsWith('{') || !line.endsWith('}')) continue;
    const e = JSON.parse(line) as {
      verb?: string;
      userAgent?: string;
      objectRef?: { resource?: string; subresource?: string };
    };
    const agent = e.userAgent ?? '';
    if (NOT_THE_TOOL.some((r) => r.test(agent))) continue;
    // client-go names itself "<binary>/<version> (<os>/<arch>) ...": keep the binary
    const client = agent.split(' ')[0].split('/')[0];
    const verb = e.verb ?? '?';
    out.total++;
    out.byVerb.set(verb, (out.byVerb.get(verb) ?? 0) + 1);
    out.byAgent.set(client, (out.byAgent.get(client) ?? 0) + 1);
    const ref = e.objectRef;
    const what = `${verb} ${ref?.resource ?? '(non-resource)'}${ref?.subresource ? `/${ref.subresource}` : ''}`;
    out.byResource.set(what, (out.byResource.get(what) ?? 0) + 1);
  }
  return out;
}

/** `get 120, list 40, ...`, the largest first; the first `most` only when given. */
export function formatCounts(counts: Map<string, number>, most = Number.POSITIVE_INFINITY): string {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, most)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}
