import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Command, parseInvocation, renderHelp } from './command.ts';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const tsflux = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

test('tsflux --help lists the commands and exits 0', () => {
  const r = tsflux('--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /Usage:\n {2}tsflux <command> \[flags\]/);
  assert.match(r.stdout, /\n {2}cluster +run a local Kubernetes control plane/);
  assert.match(r.stdout, /\n {2}up +connect to the current cluster/);
});

test('a command group without a subcommand prints its help and exits 2', () => {
  const r = tsflux('cluster');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Commands:\n {2}up/);
});

test('an unknown command exits 2 with a one-line reason', () => {
  const r = tsflux('frobnicate');
  assert.equal(r.status, 2);
  assert.equal(r.stderr, "error: unknown command 'frobnicate' for 'tsflux' (see 'tsflux --help')\n");
  const sub = tsflux('cluster', 'sideways');
  assert.equal(sub.status, 2);
  assert.match(sub.stderr, /^error: unknown command 'sideways' for 'tsflux cluster'/);
});

test('an unknown flag is a usage error naming the command', () => {
  const r = tsflux('cluster', 'status', '--nope');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^error: Unknown option '--nope'.*\(see 'tsflux cluster status --help'\)\n$/);
});

test('flags parse with defaults and repeated values', () => {
  const cmd: Command = {
    name: 'x',
    summary: 's',
    flags: {
      file: { type: 'string', short: 'f', multiple: true, help: 'files' },
      wait: { type: 'boolean', default: true, help: 'wait' },
    },
  };
  const inv = parseInvocation(cmd, ['a', '-f', 'one', '--file', 'two', 'b']);
  assert.deepEqual(inv.args, ['a', 'b']);
  assert.deepEqual(inv.flags.file, ['one', 'two']);
  assert.equal(inv.flags.wait, true);
});

test('help shows flags with their defaults', () => {
  const help = renderHelp(
    {
      name: 'x',
      summary: 'does x',
      usage: 'ARG',
      flags: { depth: { type: 'string', default: '3', help: 'how deep' } },
    },
    ['x'],
  );
  assert.match(help, /tsflux x ARG/);
  assert.match(help, /--depth VALUE {2}how deep \(default "3"\)/);
  assert.match(help, /--help +show this help/);
});

test('every lazily listed command loads, with the name and summary it is listed under', async () => {
  const { commands } = await import('./commands/index.ts');
  for (const listed of commands) {
    assert.ok(listed.load, `${listed.name} is listed lazily`);
    const loaded = await listed.load();
    assert.equal(loaded.name, listed.name);
    assert.equal(loaded.summary, listed.summary, `summary of ${listed.name}`);
  }
});

test('boolean flags accept Go-style =true and =false', () => {
  const cmd: Command = {
    name: 'x',
    summary: 's',
    flags: {
      'watch-all-namespaces': { type: 'boolean', default: true, help: 'w' },
      name: { type: 'string', help: 'n' },
    },
  };
  assert.equal(parseInvocation(cmd, []).flags['watch-all-namespaces'], true);
  assert.equal(parseInvocation(cmd, ['--watch-all-namespaces=false']).flags['watch-all-namespaces'], false);
  assert.equal(parseInvocation(cmd, ['--watch-all-namespaces=true']).flags['watch-all-namespaces'], true);
  assert.equal(parseInvocation(cmd, ['--name=false']).flags.name, 'false', 'string flags keep the text');
});

test('build, diff and tree accept the kind aliases the generic verbs accept', () => {
  for (const verb of ['build', 'diff', 'tree']) {
    for (const alias of ['ks', 'kustomizations']) {
      const r = tsflux(verb, alias, '--help');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^tsflux ${verb} kustomization: `));
    }
  }
});

test('an unknown kind or command suggests the nearest one', () => {
  let r = tsflux('get', 'kustomizaton');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^error: unknown kind 'kustomizaton'; did you mean 'kustomization'\? \(one of: /);
  r = tsflux('reconcile', 'source', 'gti', 'x');
  assert.match(r.stderr, /did you mean 'source git'\?/);
  r = tsflux('tree', 'kustomizaton', 'x');
  assert.equal(r.status, 2);
  assert.match(
    r.stderr,
    /^error: unknown command 'kustomizaton' for 'tsflux tree'; did you mean 'kustomization'\?/,
  );
});
