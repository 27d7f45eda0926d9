import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { toError } from '../../engines/errors/index.ts';

/** How to reach and authenticate to one API server, resolved from a kubeconfig context. */
export interface ClusterAccess {
  server: string;
  /** PEM CA bundle; undefined means the system trust store. */
  ca?: string;
  insecureSkipTlsVerify?: boolean;
  /** PEM client certificate and key (mTLS). */
  cert?: string;
  key?: string;
  token?: string;
  /** A file holding the bearer token, re-read as it rotates (projected service account tokens). */
  tokenFile?: string;
  /** An exec credential plugin (`users[].user.exec`) that prints an ExecCredential with a token. */
  exec?: { command: string; args: string[]; env: Record<string, string>; apiVersion: string; dir: string };
  username?: string;
  password?: string;
  /** The context's default namespace, `default` when unset. */
  namespace: string;
  contextName: string;
}

interface RawKubeConfig {
  'current-context'?: string;
  clusters?: { name: string; cluster: Record<string, string | boolean> }[];
  users?: { name: string; user: Record<string, unknown> }[];
  contexts?: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
}

/** The kubeconfig paths kubectl would read: `$KUBECONFIG` (first existing entry), else ~/.kube/config. */
export function defaultKubeconfigPath(): string {
  const env = process.env.KUBECONFIG;
  if (env) return env.split(':').filter(Boolean)[0] ?? env;
  return join(homedir(), '.kube', 'config');
}

function fileOrData(base: string, data: unknown, file: unknown): string | undefined {
  if (typeof data === 'string' && data) return Buffer.from(data, 'base64').toString('utf8');
  if (typeof file === 'string' && file)
    return readFileSync(isAbsolute(file) ? file : resolve(base, file), 'utf8');
  return undefined;
}

/**
 * Reads a kubeconfig file and resolves one context (the current one unless named) into
 * {@link ClusterAccess}. Relative file references resolve against the kubeconfig's directory, as
 * kubectl does. Exec and auth-provider plugins are not supported yet and raise a clear error.
 */
export function loadKubeconfig(path = defaultKubeconfigPath(), context?: string): ClusterAccess {
  let raw: RawKubeConfig;
  try {
    raw = parse(readFileSync(path, 'utf8')) as RawKubeConfig;
  } catch (e: unknown) {
    throw new Error(`cannot read kubeconfig '${path}': ${toError(e).message}`);
  }
  const name = context ?? raw['current-context'];
  if (!name) throw new Error(`kubeconfig '${path}' has no current-context`);
  const ctx = raw.contexts?.find((c) => c.name === name)?.context;
  if (!ctx) throw new Error(`kubeconfig '${path}' has no context '${name}'`);
  const cluster = raw.clusters?.find((c) => c.name === ctx.cluster)?.cluster;
  if (!cluster)
    throw new Error(`kubeconfig '${path}': context '${name}' names unknown cluster '${ctx.cluster}'`);
  const user = raw.users?.find((u) => u.name === ctx.user)?.user ?? {};
  const base = dirname(path);
  if (user['auth-provider']) {
    throw new Error(
      `kubeconfig '${path}': user '${ctx.user}' uses a legacy auth-provider plugin; use an exec credential plugin instead`,
    );
  }
  const exec = user.exec as
    | { command?: string; args?: string[]; env?: { name: string; value: string }[]; apiVersion?: string }
    | undefined;
  if (exec && typeof exec.command !== 'string')
    throw new Error(`kubeconfig '${path}': user '${ctx.user}' has an exec plugin without a command`);
  const tokenFile = user.tokenFile;
  return {
    server: String(cluster.server),
    ca: fileOrData(base, cluster['certificate-authority-data'], cluster['certificate-authority']),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    cert: fileOrData(base, user['client-certificate-data'], user['client-certificate']),
    key: fileOrData(base, user['client-key-data'], user['client-key']),
    token:
      typeof user.token === 'string'
        ? user.token
        : typeof tokenFile === 'string'
          ? readFileSync(resolve(base, tokenFile), 'utf8').trim()
          : undefined,
    username: typeof user.username === 'string' ? user.username : undefined,
    password: typeof user.password === 'string' ? user.password : undefined,
    namespace: ctx.namespace ?? 'default',
    contextName: name,
    exec: exec
      ? {
          command: exec.command as string,
          args: exec.args ?? [],
          env: Object.fromEntries((exec.env ?? []).map((e) => [e.name, e.value])),
          apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1',
          dir: base,
        }
      : undefined,
  };
}

/** Renders a kubeconfig with one cluster, one user (client certificate) and one current context. */
export function renderKubeconfig(opts: {
  name: string;
  server: string;
  ca: string;
  cert: string;
  key: string;
}): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${opts.name}`,
    '  cluster:',
    `    server: ${opts.server}`,
    `    certificate-authority-data: ${b64(opts.ca)}`,
    'users:',
    `- name: ${opts.name}-admin`,
    '  user:',
    `    client-certificate-data: ${b64(opts.cert)}`,
    `    client-key-data: ${b64(opts.key)}`,
    'contexts:',
    `- name: ${opts.name}`,
    '  context:',
    `    cluster: ${opts.name}`,
    `    user: ${opts.name}-admin`,
    `current-context: ${opts.name}`,
    '',
  ].join('\n');
}
