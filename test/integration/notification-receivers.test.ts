// Every Receiver type against the real control plane: a good credential requests a reconcile of
// the Receiver's resource (the `reconcile.fluxcd.io/requestedAt` annotation), a bad or missing
// one is answered 401 and annotates nothing (for the types whose only credential is the secret
// path, a wrong path is 404 and an undecodable payload 400). Then the `events` filter,
// `resourceFilter` and per-resource `filter` (CEL), `*` with `matchLabels`, the body size limit,
// and no token, HMAC key or webhook path in the logs, metrics, Events or conditions.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { type TestContext, test } from 'node:test';
import { webhookPath } from '../../src/controllers/notification/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { startOidcIssuer } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  gitRepos,
  group,
  receivers,
  secrets,
  startTestNotificationController,
  stringSecret,
} from '../support/notification.ts';

const token = 'recv-token-9c41d7e2b8';
const hmac = (algo: string, key: string, body: string) => createHmac(algo, key).update(body).digest('hex');

async function gitRepo(kube: KubeClient, ns: string, name: string, labels: Record<string, string> = {}) {
  await kube.create(gitRepos(ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name, namespace: ns, labels },
    spec: { interval: '10m', url: 'https://example.invalid/repo.git' },
  } as KubeObject);
}

/** The namespace, controller and helpers every test here shares. */
async function setup(t: TestContext, prefix: string, googleCertsUrl?: string) {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, prefix);
  const nc = await startTestNotificationController(t, kube, ns, { googleCertsUrl });
  const requested = async (name: string) =>
    (await kube.get<KubeObject>(gitRepos(ns, name))).metadata?.annotations?.[
      'reconcile.fluxcd.io/requestedAt'
    ];
  /** Creates a Receiver and waits until it is Ready in the controller's cache; returns its URL. */
  const receiver = async (name: string, spec: Record<string, unknown>) => {
    await kube.create(receivers(ns), {
      apiVersion: `${group}/v1`,
      kind: 'Receiver',
      metadata: { name },
      spec,
    } as KubeObject);
    const path = webhookPath(spec.type === 'generic-oidc' ? '' : token, name, ns);
    await eventually(
      async () => {
        const r = nc.informerOf<KubeObject & { status?: any }>('Receiver').get(ns, name);
        const ready = r?.status?.conditions?.find((c: { type: string }) => c.type === 'Ready');
        if (ready?.status !== 'True' || r?.status?.webhookPath !== path)
          throw new Error(`Receiver ${name} not ready in the cache: ${ready?.message}`);
      },
      { what: `the ${name} Receiver Ready` },
    );
    return `http://127.0.0.1:${nc.receiverPort}${path}`;
  };
  const post = async (url: string, body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  };
  return { kube, ns, nc, requested, receiver, post };
}

test('every Receiver type: a good credential annotates, a bad or missing one is 401 and annotates nothing', {
  timeout: 180_000,
}, async (t) => {
  const google = await startOidcIssuer();
  t.after(() => google.stop());
  const issuer = await startOidcIssuer();
  t.after(() => issuer.stop());
  const { kube, ns, nc, requested, receiver, post } = await setup(t, 'recv-types', google.jwksUrl);
  const email = 'pusher@project.iam.gserviceaccount.com';
  await kube.create(
    secrets(ns),
    stringSecret('token', { token, email, audience: 'https://hooks.example/gcr' }),
  );

  const body = JSON.stringify({ ref: 'refs/heads/main' });
  interface Case {
    spec?: Record<string, unknown>;
    /** The body of every call (a JSON one by default). */
    body?: string;
    good: Record<string, string>;
    bad?: Record<string, string>;
    /** Without credentials: 401 for the signed types. */
    missing?: Record<string, string>;
    /** Types without a signature: a payload their service would never send is 400. */
    undecodable?: boolean;
  }
  const pubsub = JSON.stringify({
    message: {
      data: Buffer.from(
        JSON.stringify({ action: 'INSERT', digest: 'gcr.io/p/app@sha256:1', tag: 'gcr.io/p/app:1.0' }),
      ).toString('base64'),
      messageId: '1',
      publishTime: '2026-01-01T00:00:00Z',
    },
    subscription: 'projects/p/subscriptions/s',
  });
  const googleToken = (claims: Record<string, unknown>, key?: 'other') =>
    `Bearer ${google.sign({ iss: 'https://accounts.google.com', aud: 'https://hooks.example/gcr', email, email_verified: true, ...claims }, { key })}`;
  const cdevent = JSON.stringify({
    context: {
      specversion: '0.4.1',
      id: 'e1',
      source: '/ci',
      type: 'dev.cdevents.change.merged.0.2.0',
      timestamp: '2026-01-01T00:00:00Z',
    },
    subject: { id: 'c1', source: '/ci', content: { repository: { id: 'app' } } },
  });
  const oidcProviders = [
    {
      issuerURL: issuer.url,
      audience: 'tsflux-hooks',
      variables: [{ name: 'owner', expression: 'claims.repository_owner' }],
      validations: [{ expression: "vars.owner == 'acme'", message: 'repository owner must be acme' }],
    },
  ];
  const oidcToken = (claims: Record<string, unknown>, key?: 'other') =>
    `Bearer ${issuer.sign({ aud: 'tsflux-hooks', repository_owner: 'acme', ...claims }, { key })}`;
  const cases: Record<string, Case> = {
    generic: { good: {}, undecodable: false },
    'generic-hmac': {
      good: { 'X-Signature': `sha256=${hmac('sha256', token, body)}` },
      bad: { 'X-Signature': `sha256=${hmac('sha256', 'guess', body)}` },
    },
    github: {
      good: { 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': `sha256=${hmac('sha256', token, body)}` },
      bad: { 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': `sha256=${hmac('sha256', 'guess', body)}` },
    },
    gitlab: {
      good: { 'X-Gitlab-Event': 'Push Hook', 'X-Gitlab-Token': token },
      bad: { 'X-Gitlab-Event': 'Push Hook', 'X-Gitlab-Token': 'guess' },
    },
    bitbucket: {
      good: {
        'X-Event-Key': 'repo:refs_changed',
        'X-Hub-Signature': `sha256=${hmac('sha256', token, body)}`,
      },
      bad: {
        'X-Event-Key': 'repo:refs_changed',
        'X-Hub-Signature': `sha256=${hmac('sha256', 'guess', body)}`,
      },
    },
    harbor: { good: { Authorization: token }, bad: { Authorization: 'guess' } },
    nexus: {
      good: { 'X-Nexus-Webhook-Signature': hmac('sha1', token, body) },
      bad: { 'X-Nexus-Webhook-Signature': hmac('sha1', 'guess', body) },
    },
    dockerhub: { good: {}, undecodable: true },
    quay: { good: {}, undecodable: true },
    acr: { good: {}, undecodable: true },
    gcr: {
      body: pubsub,
      good: { Authorization: googleToken({}) },
      bad: { Authorization: googleToken({}, 'other') },
    },
    cdevents: { body: cdevent, good: { 'Ce-Type': 'dev.cdevents.change.merged.0.2.0' }, undecodable: true },
    'generic-oidc': {
      spec: { oidcProviders },
      good: { Authorization: oidcToken({}) },
      bad: { Authorization: oidcToken({}, 'other') },
    },
  };
  const urls: Record<string, string> = {};
  for (const [type, c] of Object.entries(cases)) {
    await gitRepo(kube, ns, `repo-${type}`);
    urls[type] = await receiver(type, {
      type,
      ...(type === 'generic-oidc' ? {} : { secretRef: { name: 'token' } }),
      resources: [{ kind: 'GitRepository', name: `repo-${type}` }],
      ...c.spec,
    });
  }
  for (const [type, c] of Object.entries(cases)) {
    const b = c.body ?? body;
    if (c.bad) {
      assert.equal(await post(urls[type], b, c.missing ?? {}), 401, `${type}: missing credential`);
      assert.equal(await post(urls[type], b, c.bad), 401, `${type}: bad credential`);
    } else {
      // the secret path is the credential: a path from another token is unknown
      assert.equal(
        await post(urls[type].replace(webhookPath(token, type, ns), webhookPath('guess', type, ns)), b),
        404,
        `${type}: wrong path`,
      );
    }
    if (c.undecodable)
      assert.equal(await post(urls[type], '{not json', c.good), 400, `${type}: undecodable payload`);
    assert.equal(await requested(`repo-${type}`), undefined, `${type}: nothing annotated on a refused call`);
    assert.equal(await post(urls[type], b, c.good), 200, `${type}: good credential`);
    assert.ok(await requested(`repo-${type}`), `${type}: the resource is annotated`);
  }
  // the checks behind the signatures: GCR's service account and audience, the OIDC validations
  await gitRepo(kube, ns, 'repo-strict');
  for (const [claims, why] of [
    [{ email: 'someone@else.example' }, 'another service account'],
    [{ aud: 'https://other.example' }, 'another audience'],
    [{ email_verified: false }, 'an unverified e-mail'],
    [{ iss: 'https://evil.example' }, 'another issuer'],
  ] as const)
    assert.equal(await post(urls.gcr, pubsub, { Authorization: googleToken(claims) }), 401, `gcr: ${why}`);
  assert.equal(
    await post(urls['generic-oidc'], body, { Authorization: oidcToken({ repository_owner: 'mallory' }) }),
    401,
  );
  assert.equal(
    await post(urls['generic-oidc'], body, { Authorization: oidcToken({ aud: 'notification-controller' }) }),
    401,
  );
  assert.equal(await post(urls['generic-oidc'], body, { Authorization: oidcToken({ exp: 1 }) }), 401);
  assert.ok(
    nc.logs.some((l) => l.includes('token validation failed: repository owner must be acme')),
    'the failed validation is logged with its message',
  );
  // no credential in logs, metrics, Events or the Receivers' conditions; the webhook path (which lets anyone call) only
  // where Flux itself shows it, the Receiver's Ready message
  const conditions = (await kube.list<KubeObject & { status?: unknown }>(receivers(ns))).items.map((r) =>
    JSON.stringify(r.status),
  );
  const seen = [...(await nc.everything()).split('\n'), ...conditions];
  for (const leaked of [token, hmac('sha256', token, body)])
    assert.ok(!seen.some((l) => l.includes(leaked)), `a secret leaked: ${leaked}`);
  const digest = webhookPath(token, 'github', ns).slice('/hook/'.length);
  const withPath = seen.filter((l) => l.includes(digest));
  assert.ok(
    withPath.length > 0 && withPath.every((l) => l.includes('Receiver initialized for path: /hook/')),
    withPath.join('\n'),
  );
});

test('events, resourceFilter, per-resource filter, * with matchLabels, and the body size limit', {
  timeout: 120_000,
}, async (t) => {
  const { kube, ns, requested, receiver, post } = await setup(t, 'recv-filters');
  await kube.create(secrets(ns), stringSecret('token', { token }));
  await gitRepo(kube, ns, 'app-a', { team: 'a', tier: 'web' });
  await gitRepo(kube, ns, 'app-b', { team: 'a', tier: 'db' });
  await gitRepo(kube, ns, 'app-c', { team: 'c' });
  await gitRepo(kube, ns, 'named');
  const url = await receiver('gitlab', {
    type: 'gitlab',
    events: ['Push Hook'],
    secretRef: { name: 'token' },
    // the call names the tier to reconcile; `named` is always taken, by its own filter
    resourceFilter: "req.tier == '' || !has(res.metadata.labels) || res.metadata.labels.tier == req.tier",
    resources: [
      { kind: 'GitRepository', name: '*', matchLabels: { team: 'a' } },
      { kind: 'GitRepository', name: 'named', filter: "res.metadata.name == 'named'" },
    ],
  });
  const call = (event: string, tier: string) =>
    post(url, JSON.stringify({ tier }), { 'X-Gitlab-Token': token, 'X-Gitlab-Event': event });

  assert.equal(await call('Tag Push Hook', 'web'), 200, 'an event outside `events` is answered');
  for (const name of ['app-a', 'app-b', 'named'])
    assert.equal(await requested(name), undefined, `${name}: not for this event`);
  assert.equal(await call('Push Hook', 'web'), 200);
  assert.ok(await requested('app-a'), 'labels and the filter match');
  assert.equal(await requested('app-b'), undefined, 'resourceFilter leaves the other tier out');
  assert.equal(await requested('app-c'), undefined, 'matchLabels leaves the other team out');
  assert.ok(await requested('named'), 'the named resource passes its own filter');

  // a per-resource filter that refuses: the call succeeds, nothing of that resource is annotated
  await gitRepo(kube, ns, 'never');
  const never = await receiver('generic', {
    type: 'generic',
    secretRef: { name: 'token' },
    resources: [{ kind: 'GitRepository', name: 'never', filter: 'false' }],
  });
  assert.equal(await post(never, '{}'), 200);
  assert.equal(await requested('never'), undefined);

  // a body over the limit (3 MiB, as Flux) is refused before anything is read or annotated
  assert.equal(await post(never.replace('generic', 'generic'), 'x'.repeat(3 * 1024 * 1024 + 1)), 413);

  // a filter that does not compile stalls the Receiver with Flux's reason
  await kube.create(receivers(ns), {
    apiVersion: `${group}/v1`,
    kind: 'Receiver',
    metadata: { name: 'broken' },
    spec: {
      type: 'generic',
      secretRef: { name: 'token' },
      resourceFilter: 'res.metadata.name ==',
      resources: [],
    },
  } as KubeObject);
  const stalled = await eventually(
    async () => {
      const r = await kube.get<KubeObject & { status?: any }>(receivers(ns, 'broken'));
      const c = r.status?.conditions?.find((x: { type: string }) => x.type === 'Ready');
      if (c?.status !== 'False') throw new Error(`Ready ${c?.status}`);
      return c;
    },
    { what: 'the broken Receiver not Ready' },
  );
  assert.equal(stalled.reason, 'InvalidCELExpression');
  assert.match(stalled.message, /^invalid resourceFilter expression: /);
});
