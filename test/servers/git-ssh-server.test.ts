import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startGitHttpServer } from './git-http-server.ts';
import { createBareRepository, git } from './git-repositories.ts';
import { type GitSshServer, haveSshd, startGitSshServer } from './git-ssh-server.ts';
import { makeTempDir, removeTempDir, run } from './process.ts';

// .ci/run installs openssh-server; a developer machine without it skips with this reason
const skip = haveSshd() ? false : 'sshd is not installed (Debian package openssh-server)';
const scratch = makeTempDir('git-ssh-test');
after(() => removeTempDir(scratch));

describe('git over SSH (OpenSSH sshd)', { skip }, () => {
  let server: GitSshServer;
  let commit: string;
  before(async () => {
    server = await startGitSshServer();
    commit = (
      await createBareRepository(server.reposDir, 'org/app', { files: { 'a.yaml': 'a: 1\n' }, tags: ['v1'] })
    ).commit;
  });
  after(() => server.stop());

  test('clones and pushes with the real git and ssh clients', async () => {
    const env = { GIT_SSH_COMMAND: server.gitSshCommand() };
    const refs = await git(['ls-remote', server.repoUrl('org/app')], { env });
    assert.match(refs, new RegExp(`^${commit}\\trefs/heads/main$`, 'm'));
    assert.match(refs, new RegExp(`^${commit}\\trefs/tags/v1$`, 'm'));
    const clone = join(scratch, 'clone');
    await git(['clone', '--quiet', server.repoUrl('org/app'), clone], { env });
    assert.equal(readFileSync(join(clone, 'a.yaml'), 'utf8'), 'a: 1\n');
    writeFileSync(join(clone, 'b.yaml'), 'b: 2\n');
    await git(['add', '.'], { cwd: clone });
    await git(['commit', '--quiet', '-m', 'over ssh'], { cwd: clone });
    await git(['push', '--quiet', 'origin', 'main'], { cwd: clone, env });
    const pushed = await git(['rev-parse', 'main'], { cwd: join(server.reposDir, 'org/app.git') });
    assert.equal(pushed, await git(['rev-parse', 'HEAD'], { cwd: clone }));
  });

  test('speaks git protocol v2 when the client asks for it', async () => {
    const trace = join(scratch, 'packet-trace');
    const env = { GIT_SSH_COMMAND: server.gitSshCommand(), GIT_TRACE_PACKET: trace };
    const out = await git(['-c', 'protocol.version=2', 'ls-remote', server.repoUrl('org/app')], { env });
    assert.match(out, /refs\/heads\/main/);
    // GIT_PROTOCOL reached git-upload-pack (sshd's AcceptEnv): it advertised v2 capabilities
    assert.match(readFileSync(trace, 'utf8'), /< version 2/);
  });

  test('refuses unknown keys and unknown host keys', async () => {
    const stranger = await server.createIdentity('ecdsa');
    await assert.rejects(
      git(['ls-remote', server.repoUrl('org/app')], {
        env: { GIT_SSH_COMMAND: server.gitSshCommand(stranger) },
      }),
      /Permission denied/,
    );
    server.authorize(stranger.publicKey);
    const env = { GIT_SSH_COMMAND: server.gitSshCommand(stranger) };
    assert.match(await git(['ls-remote', server.repoUrl('org/app')], { env }), /refs\/heads\/main/);

    const emptyKnownHosts = join(scratch, 'empty_known_hosts');
    writeFileSync(emptyKnownHosts, '');
    const strict = server
      .gitSshCommand()
      .replace(/UserKnownHostsFile=\S+/, `UserKnownHostsFile=${emptyKnownHosts}`);
    await assert.rejects(
      git(['ls-remote', server.repoUrl('org/app')], { env: { GIT_SSH_COMMAND: strict } }),
      /Host key verification failed/,
    );
    assert.match(server.knownHosts, new RegExp(`^\\[127\\.0\\.0\\.1\\]:${server.port} ssh-ed25519 `, 'm'));
    assert.match(server.knownHosts, /ecdsa-sha2-nistp256 /);
  });

  test('serves only git commands inside the repositories directory', async () => {
    const ssh = server.gitSshCommand().split(' ');
    await assert.rejects(
      run(ssh[0], [...ssh.slice(1), '-p', String(server.port), `${server.user}@127.0.0.1`, 'id']),
      /only git commands/,
    );
    await assert.rejects(
      git(['ls-remote', server.repoUrl('../../etc')], { env: { GIT_SSH_COMMAND: server.gitSshCommand() } }),
      /invalid path/,
    );
  });
});

test('one repositories directory served over HTTP and SSH', { skip }, async (t) => {
  const http = await startGitHttpServer();
  t.after(() => http.stop());
  const ssh = await startGitSshServer({ reposDir: http.reposDir });
  t.after(() => ssh.stop());
  const sha = await http.createRepository('shared', { files: { x: '1' } });
  const refs = await git(['ls-remote', ssh.repoUrl('shared'), 'main'], {
    env: { GIT_SSH_COMMAND: ssh.gitSshCommand() },
  });
  assert.equal(refs, `${sha}\trefs/heads/main`);
});
