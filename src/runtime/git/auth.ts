import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Credentials for a Git remote, as read from a GitRepository's `secretRef` Secret. */
export interface GitAuth {
  username?: string;
  password?: string;
  bearerToken?: string;
  /** PEM CA bundle to trust (`ca.crt`). */
  caFile?: string;
  /** PEM client certificate and key for mTLS (`tls.crt`, `tls.key`). */
  certFile?: string;
  keyFile?: string;
  /** SSH private key (`identity`) and the host keys to trust (`known_hosts`). */
  identity?: string;
  knownHosts?: string;
  /** Passphrase of an encrypted `identity` (the Secret's `password` key on SSH). */
  identityPassword?: string;
  /** Proxy URL, possibly with credentials (`proxySecretRef`). */
  proxy?: string;
}

/** Environment for one git invocation, plus a cleanup that removes the credential files. */
export interface GitEnvironment {
  env: NodeJS.ProcessEnv;
  cleanup: () => void;
}

/**
 * Turns credentials into an environment for `git`: configuration through `GIT_CONFIG_*` variables
 * and key material in private temporary files, so that no secret ever appears on a command line
 * (where any user of the machine can read it) or in git's own messages.
 */
export function gitEnvironment(auth: GitAuth = {}): GitEnvironment {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-git-auth-'));
  const file = (name: string, content: string) => {
    const p = join(dir, name);
    writeFileSync(p, content.endsWith('\n') ? content : `${content}\n`, { mode: 0o600 });
    return p;
  };
  const config: [string, string][] = [
    // never prompt: a missing credential must fail, not hang
    ['credential.helper', ''],
    ['core.askPass', ''],
    ['protocol.file.allow', 'always'],
  ];
  if (auth.bearerToken) config.push(['http.extraHeader', `Authorization: Bearer ${auth.bearerToken}`]);
  else if (auth.username !== undefined || auth.password !== undefined) {
    const basic = Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`).toString('base64');
    config.push(['http.extraHeader', `Authorization: Basic ${basic}`]);
  }
  if (auth.caFile) config.push(['http.sslCAInfo', file('ca.crt', auth.caFile)]);
  if (auth.certFile && auth.keyFile) {
    config.push(
      ['http.sslCert', file('tls.crt', auth.certFile)],
      ['http.sslKey', file('tls.key', auth.keyFile)],
    );
  }
  if (auth.proxy) config.push(['http.proxy', auth.proxy]);
  const extraEnv: Record<string, string> = {};
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_COUNT: String(config.length),
    LANG: 'C',
    LC_ALL: 'C',
  };
  config.forEach(([k, v], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = v;
  });
  const ssh = ['ssh', '-F', '/dev/null', '-o', 'IdentitiesOnly=yes'];
  if (auth.identity && auth.identityPassword) {
    // ssh reads a key's passphrase only through askpass; batch mode would forbid asking at all.
    // The script prints a private file, so the passphrase is never in an argv or the environment.
    const secret = file('identity-passphrase', auth.identityPassword);
    const askpass = join(dir, 'askpass.sh');
    writeFileSync(askpass, `#!/bin/sh\nhead -c -1 '${secret}'\n`, { mode: 0o700 });
    Object.assign(extraEnv, { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: 'none' });
    ssh.push('-o', 'NumberOfPasswordPrompts=1', '-o', 'PreferredAuthentications=publickey');
  } else ssh.push('-o', 'BatchMode=yes');
  if (auth.identity) ssh.push('-i', file('identity', auth.identity));
  if (auth.knownHosts)
    ssh.push(
      '-o',
      `UserKnownHostsFile=${file('known_hosts', auth.knownHosts)}`,
      '-o',
      'StrictHostKeyChecking=yes',
    );
  else ssh.push('-o', 'StrictHostKeyChecking=yes', '-o', 'UserKnownHostsFile=/dev/null');
  env.GIT_SSH_COMMAND = ssh.join(' ');
  Object.assign(env, extraEnv);
  return { env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
