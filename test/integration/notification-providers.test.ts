// The notification controller's shared delivery mechanisms through real Providers and Alerts on
// the control plane: commit statuses keyed as Flux keys them (the Provider's UID, or
// commitStatusExpr), change-request comments only for events naming one, a Provider's
// certSecretRef and proxySecretRef (and the deprecated spec.proxy), and a slow Provider timing out
// beside a fast one without holding it back, reported in logs, events and metrics, with no
// token, password or secret URL in any of them.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import type { FluxEvent } from '../../src/runtime/events/index.ts';
import type { KubeObject } from '../../src/runtime/kube/index.ts';
import { startRecordingService } from '../servers/recording-service.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  alert,
  alerts,
  post,
  provider,
  providers,
  secret,
  secrets,
  startNotification,
} from '../support/notification.ts';

const sha = '0123456789abcdef0123456789abcdef01234567';

/** A Kustomization's event as the kustomize controller posts it, with the revision it applied. */
function kustomizationEvent(
  ns: string,
  extra: Record<string, string> = {},
  message = 'applied revision main',
): FluxEvent {
  return {
    involvedObject: {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      name: 'apps',
      namespace: ns,
      uid: 'k-uid',
    },
    severity: 'info',
    timestamp: '2026-01-01T00:00:00Z',
    message,
    reason: 'ReconciliationSucceeded',
    metadata: { 'kustomize.toolkit.fluxcd.io/revision': `main@sha1:${sha}`, ...extra },
    reportingController: 'kustomize-controller',
    reportingInstance: 'test',
  };
}

const onKustomizations = { eventSources: [{ kind: 'Kustomization', name: '*' }] };

test('commit statuses are keyed by the Provider UID or commitStatusExpr; comments need a change request', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'notif-git');
  const nc = await startNotification(t, kube, ns);
  const forge = await startRecordingService((r) => {
    if (r.path === '/api/v3/user') return { json: { login: 'flux-bot' } };
    return r.method === 'GET' ? { json: [] } : { status: 201, json: {} };
  });
  t.after(() => forge.stop());
  const ghToken = 'ghp_commit-status-token-5e1a';
  const glToken = 'glpat-commit-status-token-77b0';
  await kube.create(secrets(ns), secret('github', { token: ghToken }));
  await kube.create(secrets(ns), secret('gitlab', { token: glToken }));
  const gh = (await kube.create(
    providers(ns),
    provider('github', {
      type: 'github',
      address: `${forge.url}/org/app.git`,
      secretRef: { name: 'github' },
    }),
  )) as KubeObject;
  await kube.create(
    providers(ns),
    provider('gitlab', {
      type: 'gitlab',
      address: `${forge.url}/group/app`,
      secretRef: { name: 'gitlab' },
      commitStatusExpr: "event.involvedObject.kind + '/' + alert.metadata.name + '/' + provider.spec.type",
    }),
  );
  await kube.create(
    providers(ns),
    provider('comments', {
      type: 'githubpullrequestcomment',
      address: `${forge.url}/org/app`,
      secretRef: { name: 'github' },
    }),
  );
  for (const name of ['github', 'gitlab', 'comments'])
    await kube.create(alerts(ns), alert(name, name, onKustomizations));
  await nc.cached('Alert', 3);
  await nc.cached('Provider', 3);

  assert.equal(await post(nc.eventsUrl, kustomizationEvent(ns)), 202);
  const githubStatuses = `/api/v3/repos/org/app/statuses/${sha}`;
  const gitlabStatuses = `/api/v4/projects/group%2Fapp/statuses/${sha}`;
  await eventually(
    () => {
      if (!forge.at('POST', githubStatuses).length || !forge.at('POST', gitlabStatuses).length)
        throw new Error('no commit statuses yet');
    },
    { what: 'the commit statuses' },
  );
  const uidHead = String(gh.metadata?.uid).split('-')[0];
  assert.deepEqual(forge.at('POST', githubStatuses)[0].json, {
    state: 'success',
    context: `kustomization/apps/${uidHead}`,
    description: 'reconciliation succeeded',
  });
  assert.equal(forge.at('POST', githubStatuses)[0].headers.authorization, `Bearer ${ghToken}`);
  assert.deepEqual(forge.at('POST', gitlabStatuses)[0].json, {
    state: 'success',
    name: 'Kustomization/gitlab/gitlab',
    description: 'reconciliation succeeded',
  });
  // the comment Provider saw an event without a change request: it was skipped, not failed
  assert.ok(!forge.got.some((r) => r.path.includes('/issues/')));
  assert.ok(!nc.logs.some((l) => l.includes('failed to send notification')), nc.logs.join('\n'));

  assert.equal(
    await post(
      nc.eventsUrl,
      kustomizationEvent(ns, { 'event.toolkit.fluxcd.io/changeRequest': '12' }, 'preview ready'),
    ),
    202,
  );
  await eventually(
    () => {
      if (!forge.at('POST', '/api/v3/repos/org/app/issues/12/comments').length)
        throw new Error('no comment yet');
    },
    { what: 'the pull request comment' },
  );
  const comment = (forge.at('POST', '/api/v3/repos/org/app/issues/12/comments')[0].json as { body: string })
    .body;
  const providerUid = (await kube.get({ ...providers(ns), name: 'comments' })).metadata?.uid;
  assert.ok(
    comment.startsWith(
      `<!-- flux-pr-comment-key:${providerUid}/Kustomization/${ns}/apps -->\n\n## Flux Status`,
    ),
    comment,
  );
  assert.ok(comment.includes('preview ready'), comment);
  const seen = await nc.everything();
  for (const leaked of [ghToken, glToken]) assert.ok(!seen.includes(leaked), `a token leaked: ${leaked}`);
});

test("a Provider's certSecretRef and proxySecretRef (and spec.proxy) carry its deliveries", {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'notif-tls');
  const nc = await startNotification(t, kube, ns);
  const secure = await startRecordingService(undefined, { requireClientCertificate: true });
  t.after(() => secure.stop());
  const proxy = await startRecordingService(() => ({ status: 200 }));
  t.after(() => proxy.stop());
  const tls = secure.tls;
  assert.ok(tls);
  const proxyPassword = 'proxy-password-0c3e';
  await kube.create(
    secrets(ns),
    secret('client-tls', { 'ca.crt': tls.ca, 'tls.crt': tls.client.cert, 'tls.key': tls.client.key }),
  );
  await kube.create(
    secrets(ns),
    secret('proxy', { address: proxy.url, username: 'flux', password: proxyPassword }),
  );
  await kube.create(
    providers(ns),
    provider('mtls', {
      type: 'generic',
      address: `${secure.url}/mtls`,
      certSecretRef: { name: 'client-tls' },
    }),
  );
  await kube.create(
    providers(ns),
    provider('proxied', {
      type: 'generic',
      address: 'http://hooks.example.invalid/proxied',
      proxySecretRef: { name: 'proxy' },
    }),
  );
  await kube.create(
    providers(ns),
    provider('legacy-proxy', {
      type: 'generic',
      address: 'http://hooks.example.invalid/legacy',
      proxy: proxy.url,
    }),
  );
  for (const name of ['mtls', 'proxied', 'legacy-proxy'])
    await kube.create(alerts(ns), alert(name, name, onKustomizations));
  await nc.cached('Alert', 3);
  await nc.cached('Provider', 3);

  assert.equal(await post(nc.eventsUrl, kustomizationEvent(ns)), 202);
  await eventually(
    () => {
      if (!secure.at('POST', '/mtls').length) throw new Error('nothing over mutual TLS yet');
      if (proxy.got.length < 2) throw new Error('nothing through the proxy yet');
    },
    { what: 'the TLS and proxied deliveries' },
  );
  assert.equal((secure.at('POST', '/mtls')[0].json as FluxEvent).message, 'applied revision main');
  const viaSecret = proxy.got.find((r) => r.path === 'http://hooks.example.invalid/proxied');
  assert.equal(
    viaSecret?.headers['proxy-authorization'],
    `Basic ${Buffer.from(`flux:${proxyPassword}`).toString('base64')}`,
  );
  const viaSpec = proxy.got.find((r) => r.path === 'http://hooks.example.invalid/legacy');
  assert.equal(viaSpec?.headers.host, 'hooks.example.invalid');
  assert.ok(!(await nc.everything()).includes(proxyPassword), 'the proxy password leaked');
});

test('a slow Provider times out and is reported without holding a fast one back', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'notif-slow');
  const nc = await startNotification(t, kube, ns);
  // the slow endpoint never answers: only the Provider's timeout ends its delivery
  const hung = new Promise<undefined>((resolve) => t.after(() => resolve(undefined)));
  const hooks = await startRecordingService((r) => (r.path.startsWith('/slow/') ? hung : { status: 200 }));
  t.after(() => hooks.stop());
  const secretPath = '/slow/s3cr3t-webhook-path-4d2f';
  await kube.create(secrets(ns), secret('slow-address', { address: `${hooks.url}${secretPath}` }));
  await kube.create(
    providers(ns),
    provider('slow', { type: 'generic', secretRef: { name: 'slow-address' }, timeout: '2s' }),
  );
  await kube.create(providers(ns), provider('fast', { type: 'generic', address: `${hooks.url}/fast` }));
  for (const name of ['slow', 'fast']) await kube.create(alerts(ns), alert(name, name, onKustomizations));
  await nc.cached('Alert', 2);
  await nc.cached('Provider', 2);

  assert.equal(await post(nc.eventsUrl, kustomizationEvent(ns)), 202);
  await eventually(
    () => {
      if (!hooks.at('POST', '/fast').length) throw new Error('the fast provider has nothing yet');
    },
    { what: 'the fast delivery' },
  );
  // the fast Provider was served while the slow one was still waiting for its answer
  assert.equal(hooks.at('POST', secretPath).length, 1);
  assert.ok(!nc.logs.some((l) => l.includes('failed to send notification')));

  const failures = (await eventually(
    async () => {
      const seen = await nc.everything();
      if (!seen.includes('failed to send notification: postMessage failed'))
        throw new Error('no failure event yet');
      if (!/gotk_notification_deliveries_total\{[^}]*name="slow"[^}]*result="failure"\} 1/.test(seen))
        throw new Error('no failure counted yet');
      return seen;
    },
    { what: 'the slow provider reported' },
  )) as string;
  assert.ok(nc.logs.some((l) => l.includes('failed to send notification') && l.includes(`${ns}/slow`)));
  assert.match(failures, /timed out/);
  assert.match(failures, /gotk_notification_deliveries_total\{[^}]*name="fast"[^}]*result="success"\} 1/);
  assert.match(
    failures,
    /gotk_notification_delivery_duration_seconds_count\{name="slow",namespace="[^"]+",type="generic"\} 1/,
  );
  // the secret path of the slow Provider's address is in no log line, event or metric
  assert.ok(!failures.includes('s3cr3t-webhook-path'), 'the webhook path leaked');
});

test('the new provider types report refused deliveries without any of their secrets', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'notif-leak');
  const nc = await startNotification(t, kube, ns);
  // every service refuses: the failures are where a secret could leak into a message
  const refusing = await startRecordingService(() => ({ status: 401, json: { message: 'bad credentials' } }));
  t.after(() => refusing.stop());
  process.env.BITBUCKET_API_BASE_URL = `${refusing.url}/2.0`;
  t.after(() => delete process.env.BITBUCKET_API_BASE_URL);
  const sasKey = 'eventhub-shared-access-key-6b21';
  const pubsubKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const leaks = {
    gitea: 'gitea-token-1f3a',
    bitbucket: 'bitbucket-app-password-8c4d',
    bitbucketserver: 'bitbucketserver-password-2e7f',
    azuredevops: 'azure-devops-pat-5a90',
    gitlabmergerequestcomment: 'glpat-comment-token-3d18',
    githubdispatch: 'ghp_dispatch-token-7e62',
    otel: 'otel-bearer-token-94c0',
    nats: 'nats-password-c81b',
  };
  const specs: Record<string, { spec: Record<string, unknown>; data: Record<string, string> }> = {
    gitea: { spec: { address: `${refusing.url}/org/app` }, data: { token: leaks.gitea } },
    bitbucket: {
      spec: { address: 'https://bitbucket.org/team/app' },
      data: { token: `bot:${leaks.bitbucket}` },
    },
    bitbucketserver: {
      spec: { address: `${refusing.url}/scm/PRJ/app.git` },
      data: { username: 'bot', password: leaks.bitbucketserver },
    },
    azuredevops: {
      spec: { address: `${refusing.url}/org/proj/_git/app` },
      data: { token: leaks.azuredevops },
    },
    gitlabmergerequestcomment: {
      spec: { address: `${refusing.url}/group/app` },
      data: { token: leaks.gitlabmergerequestcomment },
    },
    githubdispatch: { spec: { address: `${refusing.url}/org/app` }, data: { token: leaks.githubdispatch } },
    otel: { spec: { address: refusing.url }, data: { password: leaks.otel } },
    // nothing listens on port 9 of loopback: the connection itself fails
    nats: {
      spec: { address: 'nats://127.0.0.1:9', channel: 'flux' },
      data: { username: 'flux', password: leaks.nats },
    },
    googlepubsub: {
      spec: { address: 'my-project', channel: 'flux-events' },
      data: {
        token: JSON.stringify({
          type: 'service_account',
          client_email: 'flux@my-project.iam.gserviceaccount.com',
          private_key: pubsubKey,
          token_uri: `${refusing.url}/token`,
        }),
      },
    },
    azureeventhub: {
      spec: {},
      data: {
        address: `Endpoint=${refusing.url}/;SharedAccessKeyName=send;SharedAccessKey=${sasKey};EntityPath=flux`,
      },
    },
  };
  for (const [type, { spec, data }] of Object.entries(specs)) {
    await kube.create(secrets(ns), secret(type, data));
    await kube.create(
      providers(ns),
      provider(type, { type, secretRef: { name: type }, timeout: '5s', ...spec }),
    );
    await kube.create(alerts(ns), alert(type, type, onKustomizations));
  }
  const count = Object.keys(specs).length;
  await nc.cached('Alert', count);
  await nc.cached('Provider', count);

  assert.equal(
    await post(nc.eventsUrl, kustomizationEvent(ns, { 'event.toolkit.fluxcd.io/changeRequest': '3' })),
    202,
  );
  const seen = (await eventually(
    async () => {
      const all = await nc.everything();
      const failed = Object.keys(specs).filter((type) =>
        new RegExp(`gotk_notification_deliveries_total\\{name="${type}",[^}]*result="failure"\\} 1`).test(
          all,
        ),
      );
      if (failed.length < count) throw new Error(`${failed.length} of ${count} failures reported`);
      return all;
    },
    { what: 'every refused delivery reported' },
  )) as string;
  for (const secretValue of [...Object.values(leaks), sasKey])
    assert.ok(!seen.includes(secretValue), `a secret leaked: ${secretValue}`);
  const keyLines = pubsubKey.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
  assert.ok(!keyLines.some((l) => seen.includes(l)), 'a line of the service-account key leaked');
  assert.equal(refusing.at('POST', '/token').length, 1, 'the key was used for a token exchange');
  // the requests did carry them: the check above is not vacuous
  assert.ok(refusing.got.some((r) => r.headers.authorization === `token ${leaks.gitea}`));
  assert.ok(refusing.got.some((r) => r.headers['private-token'] === leaks.gitlabmergerequestcomment));
});
