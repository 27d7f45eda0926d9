// The first hour of a new user, end to end: README's quick start walked as written, in a fresh
// HOME. The first shell runs `npm start` (which starts the local control plane with its simulated
// node, writes the `tsflux` kubeconfig context and runs every controller); a second shell, on the
// machine's own Node and with no export, uses the commands README shows: `npx tsflux check`, a
// GitRepository and the product brief's Kustomization applied with kubectl, `get`, `reconcile`,
// `tree`, then an image change pushed to git and applied, with the Deployment at 3/3 ready.
// Every command this test runs in the second shell must appear in README word for word.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cacheRoot } from '../../src/toolchain/index.ts';
import { startGitHttpServer } from '../servers/index.ts';
import { eventually } from '../support/eventually.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

// the second shell's commands, exactly as README shows them
const commands = {
  check: 'npx tsflux check',
  apply: 'kubectl apply -n flux-system -f game.yaml',
  get: 'npx tsflux get kustomizations',
  reconcile: 'npx tsflux reconcile kustomization game-app --with-source',
  tree: 'npx tsflux tree kustomization game-app',
  deployment: 'kubectl get deployment game',
};

/** The `game` application of the repository: a Deployment of 3 replicas in its own overlay. */
function gameTree(image: string): Record<string, string> {
  return {
    'overlays/production/kustomization.yaml':
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: default\nresources:\n- deployment.yaml\n',
    'overlays/production/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: game
spec:
  replicas: 3
  selector:
    matchLabels: {app: game}
  template:
    metadata:
      labels: {app: game}
    spec:
      containers:
      - name: game
        image: ${image}
`,
  };
}

/** A shell of the user's: fresh HOME, the machine's PATH without the project's node_modules. */
function userEnv(home: string): NodeJS.ProcessEnv {
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((p) => !p.includes('node_modules'))
    .join(delimiter);
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, PATH: path };
  for (const k of ['KUBECONFIG', 'XDG_STATE_HOME', 'XDG_CONFIG_HOME', 'TSFLUX_TEST_KUBECONFIG'])
    delete env[k];
  for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k];
  // the tools built on first use are shared with the rest of the suite, not rebuilt for a new HOME
  env.TSFLUX_CACHE_DIR = cacheRoot();
  env.GOPATH ??= join(homedir(), 'go');
  env.GOCACHE ??= join(homedir(), '.cache', 'go-build');
  return env;
}

function sh(command: string, env: NodeJS.ProcessEnv, cwd: string) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    execFile('bash', ['-c', command], { env, cwd, timeout: 180_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

async function ok(command: string, env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  const r = await sh(command, env, cwd);
  assert.equal(r.code, 0, `'${command}' failed (exit ${r.code}):\n${r.out}`);
  return r.out;
}

function stopTree(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    // Ctrl-C in a terminal signals the whole foreground process group
    process.kill(-(child.pid ?? 0), 'SIGINT');
  });
}

test('README quick start: npm start, then a second shell drives a GitOps loop to 3/3 ready', {
  timeout: 900_000,
}, async (t) => {
  for (const c of Object.values(commands))
    assert.ok(readme.includes(c), `README must show the command '${c}'`);
  const home = mkdtempSync(join(tmpdir(), 'tsflux-first-hour-'));
  const env = userEnv(home);
  const git = await startGitHttpServer();
  t.after(() => git.stop());
  await git.createRepository('game', { files: gameTree('ghcr.io/example/game:1.0.0') });

  // first shell
  let log = '';
  const up = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  up.stdout?.on('data', (d) => {
    log += d;
  });
  up.stderr?.on('data', (d) => {
    log += d;
  });
  t.after(async () => {
    await stopTree(up);
    rmSync(home, { recursive: true, force: true });
  });
  await eventually(
    () => {
      assert.equal(up.exitCode, null, `npm start exited:\n${log}`);
      assert.match(log, /running; press Ctrl-C to stop/);
    },
    { timeoutMs: 600_000, intervalMs: 500, what: `npm start to be running\n${log}` },
  );

  // second shell, in the checkout as README says: no export, the machine's Node
  const check = await ok(commands.check, env, root);
  assert.match(check, /kustomize-controller/);
  writeFileSync(
    join(home, 'game.yaml'),
    `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: game-repo}
spec: {interval: 1m, url: "${git.repoUrl('game')}", ref: {branch: main}}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1beta2
kind: Kustomization
metadata: {name: game-app}
spec: {interval: 5m0s, sourceRef: {kind: GitRepository, name: game-repo}, path: "./overlays/production", prune: true, validation: client}
`,
  );
  // game.yaml is the user's own file, wherever they wrote it
  await ok(commands.apply, env, home);
  await eventually(
    async () => {
      const out = await ok(commands.get, env, root);
      assert.match(out, /game-app\s.*True/, out);
    },
    { timeoutMs: 120_000, what: 'the Kustomization to be Ready' },
  );
  const readyReplicas = async (image: string) => {
    const out = await ok(
      `${commands.deployment} -n default -o jsonpath='{.status.readyReplicas} {.status.updatedReplicas} {.spec.template.spec.containers[0].image}'`,
      env,
      root,
    );
    assert.equal(out.trim(), `3 3 ${image}`);
  };
  await eventually(() => readyReplicas('ghcr.io/example/game:1.0.0'), {
    timeoutMs: 120_000,
    what: 'the game Deployment at 3/3 ready',
  });
  const tree = await ok(commands.tree, env, root);
  assert.match(tree, /Deployment\/default\/game/);

  // an image change, committed and applied
  const commit = await git.pushCommit('game', {
    files: gameTree('ghcr.io/example/game:1.1.0'),
    message: 'game 1.1.0',
  });
  const reconciled = await ok(commands.reconcile, env, root);
  assert.match(reconciled, new RegExp(commit));
  await eventually(() => readyReplicas('ghcr.io/example/game:1.1.0'), {
    timeoutMs: 120_000,
    what: 'the new image rolled out at 3/3 ready',
  });

  // Ctrl-C in the first shell stops tsflux and the control plane it started
  await stopTree(up);
  assert.match(log, /stopping/);
});
