import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { makeTempDir, removeTempDir, run, spawnServer, startWithFreePort } from './process.ts';

/** An SSH key pair of a client: what a Flux `ssh-auth` Secret holds as `identity`/`identity.pub`. */
export interface SshIdentity {
  /** OpenSSH private key (PEM-armored `OPENSSH PRIVATE KEY`). */
  privateKey: string;
  /** `<type> <base64> <comment>` line. */
  publicKey: string;
  /** Path of the private key file (mode 0600), for the real ssh client. */
  privateKeyPath: string;
}

/** Options of {@link startGitSshServer}. */
export interface GitSshServerOptions {
  /** Directory of bare repositories (share it with the HTTP server); default a temp dir. */
  reposDir?: string;
  /** The type of the generated client identity; default `ed25519`. */
  identityType?: 'ed25519' | 'ecdsa' | 'rsa';
}

/** A running OpenSSH server that serves git repositories. */
export interface GitSshServer {
  port: number;
  host: string;
  /** The login user (the user running the tests: sshd only logs in existing accounts). */
  user: string;
  reposDir: string;
  /** `ssh://<user>@127.0.0.1:<port>/<name>.git`. */
  repoUrl(name: string): string;
  /** known_hosts lines for every host key: `[127.0.0.1]:<port> <type> <base64>`. */
  knownHosts: string;
  /** The host public keys, one `<type> <base64>` line each. */
  hostKeys: string[];
  /** An identity the server accepts. */
  identity: SshIdentity;
  /** Generates another key pair; the server accepts it only after {@link authorize}. */
  createIdentity(type?: 'ed25519' | 'ecdsa' | 'rsa'): Promise<SshIdentity>;
  /** Adds a public key to the accepted ones (takes effect on the next connection). */
  authorize(publicKey: string): void;
  /** `GIT_SSH_COMMAND` for the real git client: this identity, these known hosts, nothing else. */
  gitSshCommand(identity?: SshIdentity): string;
  stop(): Promise<void>;
}

const keygenTypes = {
  ed25519: ['-t', 'ed25519'],
  ecdsa: ['-t', 'ecdsa', '-b', '256'],
  rsa: ['-t', 'rsa', '-b', '2048'],
};

async function generateKey(
  path: string,
  type: keyof typeof keygenTypes,
  comment: string,
): Promise<SshIdentity> {
  await run('ssh-keygen', ['-q', ...keygenTypes[type], '-N', '', '-C', comment, '-f', path]);
  return {
    privateKey: readFileSync(path, 'utf8'),
    publicKey: readFileSync(`${path}.pub`, 'utf8').trim(),
    privateKeyPath: path,
  };
}

/**
 * The forced command of every accepted key: runs only git-upload-pack, git-receive-pack and
 * git-upload-archive, on a path taken relative to the repositories directory (`..` refused), so
 * clone URLs read `ssh://user@host:port/org/repo.git` as on a real git host.
 */
function gitShellScript(reposDir: string): string {
  return `#!/bin/sh
set -f
case "$SSH_ORIGINAL_COMMAND" in
  "git-upload-pack '"*"'" | "git-receive-pack '"*"'" | "git-upload-archive '"*"'") ;;
  *) echo "tsflux test ssh: only git commands are served" >&2; exit 1 ;;
esac
command=\${SSH_ORIGINAL_COMMAND%% *}
path=\${SSH_ORIGINAL_COMMAND#* \\'}
path=\${path%\\'}
path=\${path#/}
case "$path" in *..*) echo "tsflux test ssh: invalid path" >&2; exit 1 ;; esac
exec "$command" '${reposDir}'/"$path"
`;
}

function sshdPath(): string | undefined {
  return ['/usr/sbin/sshd', '/usr/bin/sshd'].find(existsSync);
}

/** Tells whether OpenSSH's server is installed (Debian package `openssh-server`). */
export function haveSshd(): boolean {
  return sshdPath() !== undefined;
}

/**
 * Starts Debian's OpenSSH server (`sshd -D`, not a daemon) on a free loopback port with its own
 * config, host keys (ed25519 and ECDSA) and authorized_keys in a temp dir, serving bare git
 * repositories through a forced command. Returns the host keys for known_hosts and a client
 * identity. Needs the `openssh-server` package.
 */
export async function startGitSshServer(options: GitSshServerOptions = {}): Promise<GitSshServer> {
  const sshd = sshdPath();
  if (!sshd) throw new Error('sshd not found: install the openssh-server package');
  const dir = makeTempDir('git-ssh');
  const reposDir = options.reposDir ?? join(dir, 'repos');
  mkdirSync(reposDir, { recursive: true });
  try {
    const keys = join(dir, 'keys');
    mkdirSync(keys, { mode: 0o700 });
    const hostKeyFiles = [join(keys, 'host_ed25519'), join(keys, 'host_ecdsa')];
    const [, , identity] = await Promise.all([
      generateKey(hostKeyFiles[0], 'ed25519', ''),
      generateKey(hostKeyFiles[1], 'ecdsa', ''),
      generateKey(join(keys, 'client'), options.identityType ?? 'ed25519', 'tsflux-test-client'),
    ]);
    const hostKeys = hostKeyFiles.map((f) =>
      readFileSync(`${f}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' '),
    );
    const shell = join(dir, 'git-shell.sh');
    writeFileSync(shell, gitShellScript(reposDir), { mode: 0o755 });
    const authorizedKeys = join(dir, 'authorized_keys');
    const authorize = (publicKey: string) =>
      appendFileSync(
        authorizedKeys,
        `command="${shell}",no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-pty ${publicKey.trim()}\n`,
      );
    writeFileSync(authorizedKeys, '');
    chmodSync(authorizedKeys, 0o600);
    authorize(identity.publicKey);
    const user = userInfo().username;
    // as root, sshd insists on its privilege separation directory
    if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const configPath = join(dir, 'sshd_config');
    const config = (port: number) =>
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        ...hostKeyFiles.map((f) => `HostKey ${f}`),
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${authorizedKeys}`,
        `AllowUsers ${user}`,
        'AuthenticationMethods publickey',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'UsePAM no',
        'StrictModes no',
        'PrintMotd no',
        'PrintLastLog no',
        'AcceptEnv GIT_PROTOCOL',
        'LogLevel ERROR',
        '',
      ].join('\n');
    const { port, server } = await startWithFreePort((p) => {
      writeFileSync(configPath, config(p));
      return spawnServer(sshd, ['-D', '-e', '-f', configPath]);
    });
    const host = '127.0.0.1';
    const knownHosts = hostKeys.map((k) => `[${host}]:${port} ${k}`).join('\n') + '\n';
    const knownHostsPath = join(dir, 'known_hosts');
    writeFileSync(knownHostsPath, knownHosts);
    let extra = 0;
    return {
      port,
      host,
      user,
      reposDir,
      repoUrl: (name) => `ssh://${user}@${host}:${port}/${name.endsWith('.git') ? name : `${name}.git`}`,
      knownHosts,
      hostKeys,
      identity,
      createIdentity: (type = 'ed25519') =>
        generateKey(join(keys, `client-${++extra}`), type, `tsflux-test-${extra}`),
      authorize,
      gitSshCommand: (id = identity) =>
        [
          'ssh -F /dev/null -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes',
          `-o UserKnownHostsFile=${knownHostsPath} -i ${id.privateKeyPath}`,
        ].join(' '),
      async stop() {
        await server.stop();
        // an own repositories dir lives inside `dir`; a shared one belongs to the caller
        removeTempDir(dir);
      },
    };
  } catch (e: unknown) {
    removeTempDir(dir);
    throw e;
  }
}
