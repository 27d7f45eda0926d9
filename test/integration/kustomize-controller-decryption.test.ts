// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are envsubst templates, not JS templates
// The kustomize controller's SOPS (OpenPGP) decryption and postBuild substitution, against the
// real control plane. Encrypted files come from the real sops (built from Go modules) with keys
// the real gpg made; expected condition reasons and messages are Flux 2.9's.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import type { KubeClient } from '../../src/runtime/kube/index.ts';
import { haveGo } from '../../src/toolchain/index.ts';
import { run as runTool, sopsOracle } from '../conformance/sops/oracle.ts';
import { testClient, testNamespace } from '../support/cluster.ts';
import {
  artifactServer,
  cmRef,
  configMap,
  exists,
  ksRef,
  kustomization,
  type Obj,
  ready,
  secretRef,
  startController,
  waitReady,
} from '../support/kustomize-harness.ts';
import { eventsOf } from '../support/source-controller.ts';

const haveGpg = (process.env.PATH ?? '').split(':').some((p) => p !== '' && existsSync(join(p, 'gpg')));
// the oracle (the real sops) is built from source with Go, once, then cached
const noPgpOracle = !haveGo()
  ? 'the Go toolchain is not installed: cannot build the sops oracle'
  : !haveGpg
    ? 'gpg is not installed: cannot make an OpenPGP key for the oracle'
    : false;

/** A throwaway OpenPGP key made by the real gpg: its fingerprint and armored private key. */
interface PgpKey {
  fingerprint: string;
  armored: string;
}

/** A temporary GNUPGHOME with gpg's helpers stopped and the directory removed when the test ends. */
function gnupgHome(t: TestContext): { work: string; gnupg: string } {
  const work = mkdtempSync(join(tmpdir(), 'ks-pgp-'));
  const gnupg = join(work, 'gnupg');
  mkdirSync(gnupg, { mode: 0o700 });
  t.after(async () => {
    // gpg starts an agent for the home; stop it before removing the home
    await runTool('gpgconf', ['--kill', 'gpg-agent'], { env: { GNUPGHOME: gnupg } }).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  });
  return { work, gnupg };
}

async function must(bin: string, args: string[], gnupg: string): Promise<string> {
  // SOPS_AGE_KEY_FILE pointing nowhere keeps the host's keys out of the oracle's run
  const r = await runTool(bin, args, { env: { GNUPGHOME: gnupg, SOPS_AGE_KEY_FILE: '/nonexistent' } });
  assert.equal(r.code, 0, `${bin} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.toString();
}

/** Generates an unprotected key (gpg's default algorithms) for `email` in the home. */
async function newPgpKey(gnupg: string, email: string): Promise<PgpKey> {
  await must(
    'gpg',
    ['--batch', '--passphrase', '', '--quick-gen-key', `tsflux <${email}>`, 'default', 'default', 'never'],
    gnupg,
  );
  const listing = await must('gpg', ['--batch', '--with-colons', '--list-secret-keys', email], gnupg);
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(listing)?.[1];
  assert.ok(fingerprint, `gpg listed no fingerprint for ${email}`);
  const armored = await must('gpg', ['--batch', '--armor', '--export-secret-keys', fingerprint], gnupg);
  assert.match(armored, /^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
  return { fingerprint, armored };
}

/** Everything the controller sees and says about a Kustomization, for leak checks. */
async function whatItSaid(kube: KubeClient, ns: string, name: string, logs: string[]): Promise<string> {
  const ks = await kube.get<Obj>(ksRef(ns, name));
  return [JSON.stringify(ks.status ?? {}), ...(await eventsOf(kube, ns, name)), ...logs].join('\n');
}

/** The lines of an armored key's base64 body: each one is key material that must never leak. */
const armorBody = (armored: string) =>
  armored.split('\n').filter((l) => /^[A-Za-z0-9+/]{40,}={0,2}$/.test(l));

const decoded = (s: Obj, k: string) => Buffer.from(s.data?.[k] ?? '', 'base64').toString();

test('decryption: SOPS (PGP) Secrets and secretGenerator env files, a wrong key fails and applies nothing', {
  skip: noPgpOracle,
}, async (t) => {
  const oracle = await sopsOracle();
  const { work, gnupg } = gnupgHome(t);
  const key = await newPgpKey(gnupg, 'right@tsflux.invalid');
  const wrong = await newPgpKey(gnupg, 'wrong@tsflux.invalid');
  writeFileSync(
    join(work, 'secret.yaml'),
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-secret\nstringData:\n  password: pgp-hunter2-plain\n',
  );
  writeFileSync(join(work, 'token.env'), 'TOKEN=pgp-t0k3n-plain\n');
  const encrypt = (file: string, extra: string[] = []) =>
    must(oracle.sops, ['encrypt', '--pgp', key.fingerprint, ...extra, join(work, file)], gnupg);
  const secretYaml = await encrypt('secret.yaml', ['--encrypted-regex', '^(data|stringData)$']);
  const tokenEnv = await encrypt('token.env');
  assert.ok(!secretYaml.includes('pgp-hunter2-plain') && !tokenEnv.includes('pgp-t0k3n-plain'));
  assert.ok(secretYaml.includes(key.fingerprint), 'sops did not encrypt to the PGP key');

  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ksd');
  const server = await artifactServer(t, kube);
  const { logs } = await startController(t, kube, ns);
  // the root reaches the encrypted Secret and the encrypted env file through two sub-kustomizations,
  // so a Kustomization per sub-path shows each decryption failure on its own
  await server.publish(ns, 'repo', {
    'kustomization.yaml': 'resources: [secret, env]\n',
    'secret/kustomization.yaml': 'resources: [secret.yaml]\n',
    'secret/secret.yaml': secretYaml,
    'env/kustomization.yaml':
      'secretGenerator:\n- name: gen\n  envs: [token.env]\ngeneratorOptions:\n  disableNameSuffixHash: true\n',
    'env/token.env': tokenEnv,
  });
  // Flux reads PGP private keys from decryption Secret entries whose name ends in `.asc`
  await kube.create(secretRef(ns), {
    metadata: { name: 'pgp-right' },
    stringData: { 'right.asc': key.armored },
  });
  await kube.create(secretRef(ns), {
    metadata: { name: 'pgp-wrong' },
    stringData: { 'wrong.asc': wrong.armored },
  });
  const withKeys = (name: string, path: string, keys: string) =>
    kustomization(ns, name, {
      path,
      targetNamespace: ns,
      retryInterval: '1h',
      decryption: { provider: 'sops', secretRef: { name: keys } },
    });

  await kube.create(ksRef(ns), withKeys('wrong-secret', './secret', 'pgp-wrong'));
  await kube.create(ksRef(ns), withKeys('wrong-env', './env', 'pgp-wrong'));
  const wrongSecret = await waitReady(kube, ns, 'wrong-secret', 'False', 'BuildFailed');
  const wrongEnv = await waitReady(kube, ns, 'wrong-env', 'False', 'BuildFailed');
  for (const failed of [wrongSecret, wrongEnv]) {
    // the data key was encrypted to the right key only: sops names it in the failure
    assert.ok(ready(failed).message.includes(key.fingerprint), ready(failed).message);
    assert.equal(failed.status.inventory?.entries?.length ?? 0, 0, 'a failed decryption applied objects');
    assert.equal(failed.status.lastAppliedRevision, undefined);
  }
  assert.ok(!(await exists(kube, secretRef(ns, 'app-secret'))), 'a failed decryption applied app-secret');
  assert.ok(!(await exists(kube, secretRef(ns, 'gen'))), 'a failed decryption applied gen');
  const failedEvents = await eventsOf(kube, ns, 'wrong-secret');
  assert.ok(
    failedEvents.some((e) => e.startsWith('Warning BuildFailed: ')),
    failedEvents.join('\n'),
  );

  // Flux wraps a Secret's failure with the object's kustomize id, and a referenced file's with
  // `error decrypting sources`, before sops' `cannot get sops data key` detail
  await t.test('flux 2.9 message: a Secret that does not decrypt', () => {
    assert.ok(
      ready(wrongSecret).message.startsWith(
        `decryption failed for '~G_v1_Secret/app-secret': failed to decrypt and format '${ns}/app-secret' Secret data: cannot get sops data key: `,
      ),
      ready(wrongSecret).message,
    );
  });
  await t.test('flux 2.9 message: a referenced file that does not decrypt', () => {
    assert.ok(
      ready(wrongEnv).message.startsWith('error decrypting sources: cannot get sops data key: '),
      ready(wrongEnv).message,
    );
  });

  await kube.create(ksRef(ns), withKeys('secrets', './', 'pgp-right'));
  const good = await waitReady(kube, ns, 'secrets');
  assert.equal(ready(good).reason, 'ReconciliationSucceeded');
  assert.equal(decoded(await kube.get<Obj>(secretRef(ns, 'app-secret')), 'password'), 'pgp-hunter2-plain');
  assert.equal(decoded(await kube.get<Obj>(secretRef(ns, 'gen')), 'TOKEN'), 'pgp-t0k3n-plain');

  const material = [...armorBody(key.armored), ...armorBody(wrong.armored)];
  assert.ok(material.length > 10, 'the armored keys have no body lines to look for');
  for (const name of ['wrong-secret', 'wrong-env', 'secrets']) {
    const said = await whatItSaid(kube, ns, name, logs);
    for (const secret of ['pgp-hunter2-plain', 'pgp-t0k3n-plain', 'PRIVATE KEY BLOCK', ...material])
      assert.equal(said.includes(secret), false, `${name} leaked ${secret.slice(0, 16)}...`);
  }
});

// Flux 2.9 substitutes strictly (feature gate StrictPostBuildSubstitutions defaults to true)
const strictFailure = (object: string, variable: string) =>
  `post build failed for '~G_v1_ConfigMap/${object}': envsubst error: variable substitution failed: variable not set (strict mode): "${variable}"`;

test('postBuild: an undefined variable without a default fails strictly, applies and prunes nothing', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ksd');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  const first = await server.publish(ns, 'repo', {
    'app.yaml': configMap('app', { who: '${WHO}' }),
    'kept.yaml': configMap('kept'),
  });
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'apps', {
      targetNamespace: ns,
      retryInterval: '1h',
      postBuild: { substitute: { WHO: 'flux' } },
    }),
  );
  const good = await waitReady(kube, ns, 'apps');
  assert.equal(ready(good).message, `Applied revision: ${first}`);
  assert.deepEqual((await kube.get<Obj>(cmRef(ns, 'app'))).data, { who: 'flux' });

  // the next revision drops `kept` (which a successful apply would prune), adds `fresh`, and
  // references a variable that is defined nowhere
  const second = await server.publish(ns, 'repo', {
    'app.yaml': configMap('app', { who: '${WHO}', url: 'https://${UNDEFINED_VAR}/' }),
    'fresh.yaml': configMap('fresh'),
  });
  const failed = await waitReady(kube, ns, 'apps', 'False', 'BuildFailed');
  assert.equal(ready(failed).message, strictFailure('app', 'UNDEFINED_VAR'));
  assert.equal(failed.status.lastAttemptedRevision, second);
  assert.equal(failed.status.lastAppliedRevision, first);
  assert.deepEqual(failed.status.inventory, good.status.inventory);
  assert.ok(await exists(kube, cmRef(ns, 'kept')), 'a failed substitution pruned kept');
  assert.ok(!(await exists(kube, cmRef(ns, 'fresh'))), 'a failed substitution applied fresh');
  assert.deepEqual((await kube.get<Obj>(cmRef(ns, 'app'))).data, { who: 'flux' });
  const events = await eventsOf(kube, ns, 'apps');
  assert.ok(
    events.includes(`Warning BuildFailed: ${strictFailure('app', 'UNDEFINED_VAR')}`),
    events.join('\n'),
  );
});

test('postBuild: defaults apply to absent variables; substitute: disabled leaves an object as written', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ksd');
  const server = await artifactServer(t, kube);
  await startController(t, kube, ns);
  const disabled = (how: 'annotations' | 'labels') =>
    `  ${how}:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n`;
  const literal = { script: 'echo ${WHO} ${UNDEFINED_VAR} ${ABSENT:=x}' };
  await server.publish(ns, 'repo', {
    'vars/defaults.yaml': configMap('defaults', {
      who: '${WHO}',
      assigned: '${ABSENT_A:=default-a}',
      fallback: '${ABSENT_B:-default-b}',
      // a default does not replace a variable that is set
      set: '${WHO:-ignored}',
    }),
    'vars/raw-annotated.yaml': configMap('raw-annotated', literal, disabled('annotations')),
    'vars/raw-labelled.yaml': configMap('raw-labelled', literal, disabled('labels')),
    'always/always.yaml': configMap('always', { v: '${ABSENT_C:=default-c}' }),
    'novars/novars.yaml': configMap('novars', { v: '${ABSENT_C:=default-c}', u: '${UNDEFINED_VAR}' }),
  });
  const ks = (name: string, path: string, postBuild: Record<string, unknown>) =>
    kustomization(ns, name, { path, targetNamespace: ns, retryInterval: '1h', postBuild });
  await kube.create(ksRef(ns), ks('vars', './vars', { substitute: { WHO: 'flux' } }));
  // with no variables at all, Flux substitutes only when substituteStrategy is Always
  await kube.create(ksRef(ns), ks('always', './always', { substituteStrategy: 'Always' }));
  await kube.create(ksRef(ns), ks('novars', './novars', {}));
  await Promise.all(['vars', 'always', 'novars'].map((name) => waitReady(kube, ns, name)));

  const data = async (name: string) => (await kube.get<Obj>(cmRef(ns, name))).data;
  assert.deepEqual(await data('defaults'), {
    who: 'flux',
    assigned: 'default-a',
    fallback: 'default-b',
    set: 'flux',
  });
  assert.deepEqual(await data('raw-annotated'), literal);
  assert.deepEqual(await data('raw-labelled'), literal);
  assert.deepEqual(await data('always'), { v: 'default-c' });
  assert.deepEqual(await data('novars'), { v: '${ABSENT_C:=default-c}', u: '${UNDEFINED_VAR}' });
});
