// The image controllers against the real CNCF distribution registry and a real git server
// (test/servers): ImageRepository scans (pagination past 1,000 tags, `.sig` tags excluded),
// ImagePolicy selection (semver with `v` and prereleases, timestamps through filterTags) and its
// change events, and ImageUpdateAutomation rewriting exactly the marked values, committing with
// the templated message and pushing, and committing nothing when nothing changed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startFakeGitHubApi } from '../servers/github-api.ts';
import { createGpgSigner, createSshSigner, getManifest, git, pushArtifact } from '../servers/index.ts';
import { run } from '../servers/process.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  automationFixture,
  imageRef,
  type Obj,
  pushTags,
  readyOf,
  requestReconcile,
  startImageController,
  startRegistry,
  waitReady,
} from '../support/image.ts';
import { eventsOf } from '../support/source-controller.ts';

test('ImageRepository scans every page of tags without .sig ones; policies pick by semver and filterTags', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'image-scan');
  const registry = await startRegistry(t);
  await pushTags(registry, 'team/app', [
    'v1.0.0',
    'v1.1.0',
    'v1.2.0-rc.1',
    'latest',
    'sha256-0123.sig',
    'main-aaa-1700000000',
    'main-bbb-1700000300',
    'main-ccc-1700000100',
  ]);
  const many = Array.from({ length: 1100 }, (_, i) => `build-${String(i).padStart(4, '0')}`);
  await pushTags(registry, 'many', [...many, 'build-0001.sig']);
  await startImageController(t, kube, ns);

  for (const [name, image] of [
    ['app', `${registry.host}/team/app`],
    ['many', `${registry.host}/many`],
  ])
    await kube.create(imageRef('imagerepositories', ns), {
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImageRepository',
      metadata: { name, namespace: ns },
      spec: { image, interval: '1h' },
    });
  const app = await waitReady(kube, 'imagerepositories', ns, 'app');
  assert.equal(app.status.canonicalImageName, `${registry.host}/team/app`);
  assert.deepEqual(app.status.observedExclusionList, ['^.*\\.sig$']);
  assert.equal(app.status.lastScanResult.tagCount, 7);
  assert.deepEqual(app.status.lastScanResult.latestTags, [
    'v1.2.0-rc.1',
    'v1.1.0',
    'v1.0.0',
    'main-ccc-1700000100',
    'main-bbb-1700000300',
    'main-aaa-1700000000',
    'latest',
  ]);
  assert.equal(readyOf(app).message, 'successful scan: found 7 tags');
  const scanned = await waitReady(kube, 'imagerepositories', ns, 'many');
  // more than one page of the registry's tag list (1,000 per page), the signature tag left out
  assert.equal(scanned.status.lastScanResult.tagCount, 1100);
  assert.equal(scanned.status.lastScanResult.latestTags[0], 'build-1099');

  const policy = (name: string, spec: Record<string, unknown>) =>
    kube.create(imageRef('imagepolicies', ns), {
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImagePolicy',
      metadata: { name, namespace: ns },
      spec: { imageRepositoryRef: { name: 'app' }, ...spec },
    });
  await policy('stable', { policy: { semver: { range: '>=1.0.0' } } });
  await policy('pre', { policy: { semver: { range: '>=1.0.0-0' } } });
  await policy('builds', {
    filterTags: { pattern: '^main-[a-f0-9]+-(?P<ts>[0-9]+)$', extract: '$ts' },
    policy: { numerical: { order: 'asc' } },
  });
  const latestTag = (o: Obj) => o.status?.latestRef?.tag;
  const stable = await waitReady(kube, 'imagepolicies', ns, 'stable');
  assert.deepEqual(stable.status.latestRef, { name: `${registry.host}/team/app`, tag: 'v1.1.0' });
  assert.equal(
    readyOf(stable).message,
    `Latest image tag for '${registry.host}/team/app' resolved to v1.1.0`,
  );
  assert.equal(latestTag(await waitReady(kube, 'imagepolicies', ns, 'pre')), 'v1.2.0-rc.1');
  assert.equal(latestTag(await waitReady(kube, 'imagepolicies', ns, 'builds')), 'main-bbb-1700000300');

  // a new tag: the rescan's new revision re-resolves the policy, which says so in an event
  await pushTags(registry, 'team/app', ['v1.3.0']);
  await requestReconcile(kube, imageRef('imagerepositories', ns, 'app'));
  const updated = await waitReady(kube, 'imagepolicies', ns, 'stable', (o) => {
    if (latestTag(o) !== 'v1.3.0') throw new Error(`latest is ${latestTag(o)}`);
  });
  assert.deepEqual(updated.status.observedPreviousRef, { name: `${registry.host}/team/app`, tag: 'v1.1.0' });
  await eventually(async () => {
    const events = await eventsOf(kube, ns, 'stable');
    assert.ok(
      events.some((e) =>
        e.includes(`Latest image tag for '${registry.host}/team/app' updated from v1.1.0 to v1.3.0`),
      ),
      events.join('\n'),
    );
  });
});

const APP_YAML = [
  '---',
  "# the app, kept at the policy's latest tag",
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: app   # aligned comment',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: app',
  '          image: "REG/team/app:v1.0.0" # {"$imagepolicy": "NS:app"}',
  '          args: [--flag, "x"]',
  '---',
  'apiVersion: kustomize.config.k8s.io/v1beta1',
  'kind: Kustomization',
  'images:',
  '  - name: app',
  '    newName: REG/team/app # {"$imagepolicy": "NS:app:name"}',
  '    newTag: \'v1.0.0\' # {"$imagepolicy": "NS:app:tag"}',
  '',
].join('\n');
const CRLF_YAML = ['- image: REG/team/app:v1.0.0 # {"$imagepolicy": "NS:app"}', '- keep: me', ''].join(
  '\r\n',
);
const OUTSIDE_YAML = 'image: REG/team/app:v1.0.0 # {"$imagepolicy": "NS:app"}\n';

test('ImageUpdateAutomation rewrites only the marked values, commits the templated message and pushes; nothing when nothing changed', async (t) => {
  const { kube, ns, registry, files, initial, bare } = await automationFixture(t, 'image-auto', {
    'apps/app.yaml': APP_YAML,
    'apps/list.yaml': CRLF_YAML,
    'other/outside.yaml': OUTSIDE_YAML,
  });
  // the server takes push options and writes down those each push carries
  await git(['config', 'receive.advertisePushOptions', 'true'], { cwd: bare });
  writeFileSync(
    join(bare, 'hooks', 'post-receive'),
    [
      '#!/bin/sh',
      'cat >/dev/null',
      'i=0',
      'while [ "$i" -lt "$GIT_PUSH_OPTION_COUNT" ]; do',
      '  eval "echo \\$GIT_PUSH_OPTION_$i" >>"$GIT_DIR/push-options"',
      '  i=$((i + 1))',
      'done',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const template = [
    'Update images of {{ .AutomationObject }} in {{ .Values.env }}',
    '',
    '{{ range .Changed.Changes -}}',
    '- {{ .Setter }}: {{ .OldValue }} -> {{ .NewValue }}',
    '{{ end -}}',
    '{{ range $file, $_ := .Changed.FileChanges -}}',
    'file {{ $file }}',
    '{{ end -}}',
    // Flux's struct-keyed map: objects in key order (apiVersion, kind, name, namespace)
    '{{ range $resource, $changes := .Changed.Objects -}}',
    'object {{ $resource.Kind }}/{{ $resource.Name }}: {{ len $changes }}',
    '{{ end -}}',
  ].join('\n');
  await kube.create(imageRef('imageupdateautomations', ns), {
    apiVersion: 'image.toolkit.fluxcd.io/v1',
    kind: 'ImageUpdateAutomation',
    metadata: { name: 'auto', namespace: ns },
    spec: {
      interval: '1h',
      sourceRef: { kind: 'GitRepository', name: 'fleet' },
      git: {
        commit: {
          author: { name: 'Image Bot', email: 'bot@example.invalid' },
          messageTemplate: template,
          messageTemplateValues: { env: 'prod' },
        },
        push: { branch: 'main', refspec: 'HEAD:refs/heads/mirror', options: { ci: 'skip' } },
      },
      update: { path: './apps', strategy: 'Setters' },
    },
  });
  const auto = await waitReady(kube, 'imageupdateautomations', ns, 'auto', (o) => {
    if (!o.status?.lastPushCommit) throw new Error('not pushed yet');
  });
  const head = await git(['rev-parse', 'main'], { cwd: bare });
  assert.notEqual(head, initial);
  assert.equal(auto.status.lastPushCommit, head);
  assert.equal(auto.status.observedSourceRevision, `main@sha1:${head}`);
  // `git.push.refspec` got the same commit, and both pushes carried `git.push.options`
  assert.equal(await git(['rev-parse', 'mirror'], { cwd: bare }), head);
  assert.deepEqual(readFileSync(join(bare, 'push-options'), 'utf8').split('\n').filter(Boolean), [
    'ci=skip',
    'ci=skip',
  ]);
  assert.deepEqual(auto.status.observedPolicies, {
    app: { name: `${registry.host}/team/app`, tag: 'v1.1.0' },
  });
  assert.equal(readyOf(auto).message, 'repository up-to-date');

  // byte comparison: every line but the marked values is as it was
  const show = (path: string) => git(['show', `main:${path}`], { cwd: bare });
  const expectedApp = files['apps/app.yaml']
    .replace(`"${registry.host}/team/app:v1.0.0"`, `"${registry.host}/team/app:v1.1.0"`)
    .replace("'v1.0.0'", "'v1.1.0'");
  assert.equal(`${await show('apps/app.yaml')}\n`, expectedApp);
  // `git show` through the helper trims; cat-file keeps the CRLF bytes exactly
  const rawList = execFileSync('git', ['cat-file', 'blob', 'main:apps/list.yaml'], {
    cwd: bare,
    encoding: 'utf8',
  });
  assert.equal(rawList, files['apps/list.yaml'].replace('app:v1.0.0', 'app:v1.1.0'));
  assert.equal(`${await show('other/outside.yaml')}\n`, files['other/outside.yaml']);

  const message = await git(['log', '-1', '--format=%B', 'main'], { cwd: bare });
  assert.equal(
    message,
    [
      `Update images of ${ns}/auto in prod`,
      '',
      `- ${ns}:app: ${registry.host}/team/app:v1.0.0 -> ${registry.host}/team/app:v1.1.0`,
      `- ${ns}:app:tag: v1.0.0 -> v1.1.0`,
      `- ${ns}:app: ${registry.host}/team/app:v1.0.0 -> ${registry.host}/team/app:v1.1.0`,
      'file apps/app.yaml',
      'file apps/list.yaml',
      // list.yaml's change is in no object: the empty identifier sorts first
      'object /: 1',
      'object Deployment/app: 1',
      'object Kustomization/: 1',
    ].join('\n'),
  );
  assert.equal(
    await git(['log', '-1', '--format=%an <%ae>', 'main'], { cwd: bare }),
    'Image Bot <bot@example.invalid>',
  );
  await eventually(async () => {
    const events = await eventsOf(kube, ns, 'auto');
    assert.ok(
      events.some((e) =>
        e.includes(
          `pushed commit '${head.slice(0, 7)}' to branch 'main' and refspecs 'HEAD:refs/heads/mirror'`,
        ),
      ),
      events.join('\n'),
    );
  });

  // nothing changed since: a requested run handles the request and commits nothing
  const token = await requestReconcile(kube, imageRef('imageupdateautomations', ns, 'auto'));
  const again = await waitReady(kube, 'imageupdateautomations', ns, 'auto', (o) => {
    if (o.status?.lastHandledReconcileAt !== token) throw new Error('request not handled yet');
  });
  assert.equal(await git(['rev-parse', 'main'], { cwd: bare }), head);
  assert.equal(again.status.lastPushCommit, head);
});

test('a push refused because the branch moved meanwhile is done again on the new head', async (t) => {
  const { kube, ns, files, initial, bare, gitServer } = await automationFixture(t, 'image-moved', {
    'apps/app.yaml': OUTSIDE_YAML,
  });
  // the server moves main during the first push (as another writer would), so that push fails
  const hook = join(bare, 'hooks', 'pre-receive');
  writeFileSync(
    hook,
    [
      '#!/bin/sh',
      'cat >/dev/null',
      '[ -f "$GIT_DIR/moved-once" ] && exit 0',
      'touch "$GIT_DIR/moved-once"',
      'unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES',
      'parent=$(git rev-parse refs/heads/main)',
      'export GIT_AUTHOR_NAME=other GIT_AUTHOR_EMAIL=other@example.invalid',
      'export GIT_COMMITTER_NAME=other GIT_COMMITTER_EMAIL=other@example.invalid',
      'moved=$(echo "moved meanwhile" | git commit-tree "$parent^{tree}" -p "$parent")',
      'git update-ref refs/heads/main "$moved" "$parent"',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  await kube.create(imageRef('imageupdateautomations', ns), {
    apiVersion: 'image.toolkit.fluxcd.io/v1',
    kind: 'ImageUpdateAutomation',
    metadata: { name: 'auto', namespace: ns },
    spec: {
      interval: '1h',
      sourceRef: { kind: 'GitRepository', name: 'fleet' },
      git: { commit: { author: { email: 'bot@example.invalid' } } },
      update: { path: './apps' },
    },
  });
  const auto = await waitReady(kube, 'imageupdateautomations', ns, 'auto', (o) => {
    if (!o.status?.lastPushCommit) throw new Error('not pushed yet');
  });
  assert.ok(existsSync(join(bare, 'moved-once')), 'the first push met the moved branch');
  const head = await git(['rev-parse', 'main'], { cwd: bare });
  // within the same run: no failed run (and its retry with backoff) came first
  const events = await eventually(async () => {
    const all = await eventsOf(kube, ns, 'auto');
    assert.ok(
      all.some((e) => e.includes(`pushed commit '${head.slice(0, 7)}'`)),
      all.join('\n'),
    );
    return all;
  });
  assert.ok(!events.some((e) => e.includes('failed to update source')), events.join('\n'));
  assert.equal(auto.status.lastPushCommit, head);
  assert.equal(await git(['log', '-1', '--format=%s', 'main~1'], { cwd: bare }), 'moved meanwhile');
  assert.equal(await git(['rev-parse', 'main~2'], { cwd: bare }), initial);
  assert.equal(
    await git(['log', '-1', '--format=%B', 'main'], { cwd: bare }),
    'Update from image update automation',
  );
  assert.equal(
    `${await git(['show', 'main:apps/app.yaml'], { cwd: bare })}\n`,
    files['apps/app.yaml'].replace('app:v1.0.0', 'app:v1.1.0'),
  );

  // as Flux, a run whose policies and checkout head are the last run's does not even clone: it
  // lists the remote's refs (one upload-pack call with protocol v2) and stops; a clone makes more
  const fetches = () =>
    gitServer.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/git-upload-pack')).length;
  const before = fetches();
  const token = await requestReconcile(kube, imageRef('imageupdateautomations', ns, 'auto'));
  await waitReady(kube, 'imageupdateautomations', ns, 'auto', (o) => {
    if (o.status?.lastHandledReconcileAt !== token) throw new Error('request not handled yet');
  });
  assert.ok(fetches() - before <= 1, `no clone for a run with nothing new: ${fetches() - before} calls`);
  assert.equal(await git(['rev-parse', 'main'], { cwd: bare }), head);
});

test('a push branch other than the checkout branch is created from it, and later runs stack on it', async (t) => {
  const { kube, ns, registry, files, initial, bare } = await automationFixture(t, 'image-branch', {
    'apps/app.yaml': OUTSIDE_YAML,
  });
  await kube.create(imageRef('imageupdateautomations', ns), {
    apiVersion: 'image.toolkit.fluxcd.io/v1',
    kind: 'ImageUpdateAutomation',
    metadata: { name: 'auto', namespace: ns },
    spec: {
      interval: '1h',
      sourceRef: { kind: 'GitRepository', name: 'fleet' },
      git: { commit: { author: { email: 'bot@example.invalid' } }, push: { branch: 'image-updates' } },
    },
  });
  const first = await waitReady(kube, 'imageupdateautomations', ns, 'auto', (o) => {
    if (!o.status?.lastPushCommit) throw new Error('not pushed yet');
  });
  assert.equal(await git(['rev-parse', 'main'], { cwd: bare }), initial);
  assert.equal(await git(['rev-parse', 'image-updates~1'], { cwd: bare }), initial);
  // as Flux: pushing to another branch observes the checkout branch's revision
  assert.equal(first.status.observedSourceRevision, `main@sha1:${initial}`);

  // a new tag: the policy moves, the automation runs at once and commits on its branch
  await pushTags(registry, 'team/app', ['v1.2.0']);
  await requestReconcile(kube, imageRef('imagerepositories', ns, 'app'));
  const second = await waitReady(kube, 'imageupdateautomations', ns, 'auto', (o) => {
    if (o.status?.lastPushCommit === first.status.lastPushCommit) throw new Error('no second push yet');
  });
  assert.equal(await git(['rev-parse', 'image-updates'], { cwd: bare }), second.status.lastPushCommit);
  assert.equal(await git(['rev-parse', 'image-updates~1'], { cwd: bare }), first.status.lastPushCommit);
  assert.equal(
    `${await git(['show', 'image-updates:apps/app.yaml'], { cwd: bare })}\n`,
    files['apps/app.yaml'].replace('app:v1.0.0', 'app:v1.2.0'),
  );
});

test('commits are signed with an OpenPGP or an SSH signingKey; git verify-commit passes for both', async (t) => {
  const { kube, ns, bare } = await automationFixture(t, 'image-sign', { 'apps/app.yaml': OUTSIDE_YAML });
  const gpgKey = await createGpgSigner();
  t.after(() => gpgKey.dispose());
  const sshKey = await createSshSigner();
  t.after(() => sshKey.dispose());
  const armored = await run('gpg', ['--batch', '--armor', '--export-secret-keys', gpgKey.fingerprint], {
    env: { ...process.env, ...gpgKey.env },
  });
  const sshPrivate = readFileSync(
    sshKey.gitConfig.find((c) => c.startsWith('user.signingkey='))?.split('=')[1] ?? '',
    'utf8',
  );
  const secret = (name: string, stringData: Record<string, string>) =>
    kube.create(
      { version: 'v1', resource: 'secrets', namespace: ns },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, stringData },
    );
  await secret('gpg-key', { 'git.asc': armored });
  await secret('ssh-key', { identity: sshPrivate });
  const automation = (name: string, signingKey: Record<string, unknown>) =>
    kube.create(imageRef('imageupdateautomations', ns), {
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImageUpdateAutomation',
      metadata: { name, namespace: ns },
      spec: {
        interval: '1h',
        sourceRef: { kind: 'GitRepository', name: 'fleet' },
        git: {
          commit: { author: { email: 'bot@example.invalid' }, signingKey },
          push: { branch: `signed-${name}` },
        },
      },
    });
  await automation('gpg', { secretRef: { name: 'gpg-key' } });
  await automation('ssh', { secretRef: { name: 'ssh-key' }, type: 'ssh' });
  const pushed = async (name: string) =>
    (
      await waitReady(kube, 'imageupdateautomations', ns, name, (o) => {
        if (!o.status?.lastPushCommit) throw new Error('not pushed yet');
      })
    ).status.lastPushCommit as string;
  const gpgCommit = await pushed('gpg');
  const sshCommit = await pushed('ssh');
  assert.equal(await git(['rev-parse', 'signed-gpg'], { cwd: bare }), gpgCommit);
  assert.equal(await git(['rev-parse', 'signed-ssh'], { cwd: bare }), sshCommit);

  // `git verify-commit` exits non-zero (and `git` throws) unless the signature is good
  await git(['verify-commit', gpgCommit], { cwd: bare, env: gpgKey.env });
  assert.equal(
    await git(['log', '-1', '--format=%G? %GF', gpgCommit], { cwd: bare, env: gpgKey.env }),
    `G ${gpgKey.fingerprint}`,
  );
  const allowed = join(bare, 'allowed_signers');
  writeFileSync(allowed, `bot@example.invalid namespaces="git" ${sshKey.publicKey}\n`);
  const ssh = ['-c', 'gpg.format=ssh', '-c', `gpg.ssh.allowedSignersFile=${allowed}`];
  await git([...ssh, 'verify-commit', sshCommit], { cwd: bare });
  assert.equal(await git([...ssh, 'log', '-1', '--format=%G?', sshCommit], { cwd: bare }), 'G');

  // a signing Secret without the key its type asks for: Flux's words, and nothing pushed
  await secret('empty-key', { passphrase: 'x' });
  await automation('broken', { secretRef: { name: 'empty-key' } });
  await eventually(
    async () => {
      const o = await kube.get<Obj>(imageRef('imageupdateautomations', ns, 'broken'));
      assert.equal(readyOf(o)?.reason, 'SourceManagerFailed');
      assert.equal(
        readyOf(o)?.message,
        "failed configuring source manager: signing key secret 'empty-key' does not contain a 'git.asc' key",
      );
    },
    { timeoutMs: 60_000, what: 'broken signing key reported' },
  );
  await assert.rejects(git(['rev-parse', '--verify', 'signed-broken'], { cwd: bare }));
});

test('a templated push branch makes one branch per policy, and a pull request for each against the GitHub API', async (t) => {
  const { kube, ns, registry, files, initial, bare } = await automationFixture(
    t,
    'image-pr',
    {
      'apps/app.yaml': OUTSIDE_YAML,
      'apps/old.yaml': 'image: REG/team/app:v0.9.0 # {"$imagepolicy": "NS:old"}\n',
    },
    'team/fleet',
  );
  const api = await startFakeGitHubApi({ token: 'pr-token' });
  t.after(() => api.stop());
  await kube.create(imageRef('imagepolicies', ns), {
    apiVersion: 'image.toolkit.fluxcd.io/v1',
    kind: 'ImagePolicy',
    metadata: { name: 'old', namespace: ns },
    spec: { imageRepositoryRef: { name: 'app' }, policy: { semver: { range: '<1.1.0' } } },
  });
  await waitReady(kube, 'imagepolicies', ns, 'old');
  await kube.create(
    { version: 'v1', resource: 'secrets', namespace: ns },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'github', namespace: ns },
      stringData: { token: 'pr-token' },
    },
  );
  await kube.create(imageRef('imageupdateautomations', ns), {
    apiVersion: 'image.toolkit.fluxcd.io/v1',
    kind: 'ImageUpdateAutomation',
    metadata: {
      name: 'auto',
      namespace: ns,
      annotations: {
        'image.tsflux.io/pull-request-provider': 'github',
        'image.tsflux.io/pull-request-secret': 'github',
        'image.tsflux.io/pull-request-api': api.url,
      },
    },
    spec: {
      interval: '1h',
      sourceRef: { kind: 'GitRepository', name: 'fleet' },
      git: {
        commit: {
          author: { email: 'bot@example.invalid' },
          messageTemplate:
            'Update {{ range .Changed.Changes }}{{ .Setter }}{{ end }}\n\n{{ range .Changed.Changes }}{{ .OldValue }} -> {{ .NewValue }}{{ end }}\n',
        },
        push: { branch: 'image-{{ .Policy.Name }}' },
      },
    },
  });
  await eventually(
    () => {
      assert.equal(api.pulls.length, 2, JSON.stringify(api.pulls));
    },
    { timeoutMs: 60_000, what: 'two pull requests' },
  );
  // main is untouched; each branch holds its own policy's change only, on top of main
  assert.equal(await git(['rev-parse', 'main'], { cwd: bare }), initial);
  const show = async (ref: string, path: string) =>
    `${await git(['show', `${ref}:${path}`], { cwd: bare })}\n`;
  for (const branch of ['image-app', 'image-old'])
    assert.equal(await git(['rev-parse', `${branch}~1`], { cwd: bare }), initial);
  assert.equal(await show('image-app', 'apps/app.yaml'), files['apps/app.yaml'].replace('v1.0.0', 'v1.1.0'));
  assert.equal(await show('image-app', 'apps/old.yaml'), files['apps/old.yaml']);
  assert.equal(await show('image-old', 'apps/old.yaml'), files['apps/old.yaml'].replace('v0.9.0', 'v1.0.0'));
  assert.equal(await show('image-old', 'apps/app.yaml'), files['apps/app.yaml']);

  const byHead = Object.fromEntries(api.pulls.map((p) => [p.head.ref, p]));
  assert.deepEqual(Object.keys(byHead).sort(), ['image-app', 'image-old']);
  for (const p of api.pulls) {
    assert.equal(p.repository, 'team/fleet');
    assert.equal(p.base.ref, 'main');
  }
  assert.equal(byHead['image-app'].title, `Update ${ns}:app`);
  assert.equal(
    byHead['image-app'].body,
    `${registry.host}/team/app:v1.0.0 -> ${registry.host}/team/app:v1.1.0`,
  );
  assert.equal(byHead['image-old'].title, `Update ${ns}:old`);
  assert.ok(api.requests.every((r) => r.authorization === 'Bearer pr-token'));
  await eventually(async () => {
    const events = await eventsOf(kube, ns, 'auto');
    for (const p of api.pulls)
      assert.ok(
        events.some((e) =>
          e.includes(`opened pull request '${p.html_url}' from branch '${p.head.ref}' to 'main'`),
        ),
        events.join('\n'),
      );
  });

  // a run with nothing new pushes nothing and opens no second request for the same branches
  const token = await requestReconcile(kube, imageRef('imageupdateautomations', ns, 'auto'));
  await waitReady(kube, 'imageupdateautomations', ns, 'auto', (o) => {
    if (o.status?.lastHandledReconcileAt !== token) throw new Error('request not handled yet');
  });
  assert.equal(api.pulls.length, 2);
});

test('digestReflectionPolicy: IfNotPresent keeps the digest of an unchanged tag, Always follows the registry at its interval', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'image-digest');
  const registry = await startRegistry(t);
  await pushTags(registry, 'team/app', ['v1.0.0', 'v1.1.0']);
  await startImageController(t, kube, ns);
  await kube.create(imageRef('imagerepositories', ns), {
    apiVersion: 'image.toolkit.fluxcd.io/v1',
    kind: 'ImageRepository',
    metadata: { name: 'app', namespace: ns },
    spec: { image: `${registry.host}/team/app`, interval: '1h' },
  });
  const policy = (name: string, spec: Record<string, unknown>) =>
    kube.create(imageRef('imagepolicies', ns), {
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImagePolicy',
      metadata: { name, namespace: ns },
      spec: { imageRepositoryRef: { name: 'app' }, policy: { semver: { range: '1.x' } }, ...spec },
    });
  await policy('never', {});
  await policy('once', { digestReflectionPolicy: 'IfNotPresent' });
  await policy('always', { digestReflectionPolicy: 'Always', interval: '2s' });
  const first = (await getManifest(registry.url, 'team/app', 'v1.1.0')).digest;
  const withDigest = (digest: string) => (o: Obj) => {
    if (o.status?.latestRef?.digest !== digest) throw new Error(`digest is ${o.status?.latestRef?.digest}`);
  };
  const never = await waitReady(kube, 'imagepolicies', ns, 'never');
  assert.deepEqual(never.status.latestRef, { name: `${registry.host}/team/app`, tag: 'v1.1.0' });
  await waitReady(kube, 'imagepolicies', ns, 'once', withDigest(first));
  await waitReady(kube, 'imagepolicies', ns, 'always', withDigest(first));

  // the tag moves to another manifest: `Always` sees it at its next interval, with no rescan
  await pushArtifact(registry.url, 'team/app', 'v1.1.0', {
    layers: [{ mediaType: 'application/octet-stream', data: 'rebuilt' }],
  });
  const moved = (await getManifest(registry.url, 'team/app', 'v1.1.0')).digest;
  assert.notEqual(moved, first);
  const always = await waitReady(kube, 'imagepolicies', ns, 'always', withDigest(moved));
  assert.deepEqual(always.status.observedPreviousRef, {
    name: `${registry.host}/team/app`,
    tag: 'v1.1.0',
    digest: first,
  });
  // `IfNotPresent` asks the registry only for a new tag: a requested run keeps the digest it has
  const token = await requestReconcile(kube, imageRef('imagepolicies', ns, 'once'));
  const once = await waitReady(kube, 'imagepolicies', ns, 'once', (o) => {
    if (o.status?.lastHandledReconcileAt !== token) throw new Error('request not handled yet');
  });
  assert.equal(once.status.latestRef.digest, first);
});
