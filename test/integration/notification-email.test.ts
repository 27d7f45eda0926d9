// The e-mail Provider (beyond Flux) against a real SMTP server started here (the `smtp-server`
// package): STARTTLS with a private CA from `certSecretRef` and AUTH from `secretRef`, implicit
// TLS (`smtps://`), the message's envelope, subject, text and HTML bodies, Alert message templates
// applied to it, a failing template reported on the Alert, a refused login reported without the
// password, and no password in any log line, Event or metric.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import type { FluxEvent } from '../../src/runtime/events/index.ts';
import type { KubeClient, KubeObject } from '../../src/runtime/kube/index.ts';
import { startSmtpServer } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import { startTestNotificationController, stringSecret } from '../support/notification.ts';

const group = 'notification.toolkit.fluxcd.io';
const password = 'smtp-pass-7f3a91c2d4';

function event(ns: string, message: string): FluxEvent {
  return {
    involvedObject: {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      name: 'app',
      namespace: ns,
    },
    severity: 'error',
    timestamp: '2026-01-01T00:00:00Z',
    message,
    reason: 'GitOperationFailed',
    reportingController: 'source-controller',
    metadata: { 'source.toolkit.fluxcd.io/revision': 'main@sha1:0123abcd' },
  };
}

async function create(
  kube: KubeClient,
  ns: string,
  resource: string,
  version: string,
  obj: Record<string, unknown>,
) {
  await kube.create(
    { group: version === 'v1' ? undefined : group, version, resource, namespace: ns },
    obj as KubeObject,
  );
}

/** An e-mail Provider (Flux's `type` enum stays as it is: the annotation selects e-mail). */
const emailProvider = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: `${group}/v1beta3`,
  kind: 'Provider',
  metadata: { name, annotations: { 'notification.tsflux.io/type': 'email' } },
  spec: {
    type: 'generic',
    channel: 'ops@example.com, dev@example.com',
    username: 'flux@example.com',
    ...spec,
  },
});

const alert = (name: string, provider: string, annotations: Record<string, string> = {}) => ({
  apiVersion: `${group}/v1beta3`,
  kind: 'Alert',
  metadata: { name, annotations },
  spec: {
    providerRef: { name: provider },
    eventSources: [{ kind: 'GitRepository', name: 'app' }],
    eventMetadata: { env: 'staging' },
  },
});

async function post(url: string, e: FluxEvent) {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(e) });
  await res.arrayBuffer();
  assert.equal(res.status, 202);
}

/** The Warning Events of an Alert, by reason. */
async function warnings(kube: KubeClient, ns: string, alertName: string, reason: string) {
  const list = await kube.list<
    KubeObject & { reason?: string; message?: string; involvedObject?: { name?: string } }
  >({
    version: 'v1',
    resource: 'events',
    namespace: ns,
  });
  return list.items
    .filter((e) => e.reason === reason && e.involvedObject?.name === alertName)
    .map((e) => e.message ?? '');
}

async function setup(t: TestContext) {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'notif-email');
  const nc = await startTestNotificationController(t, kube, ns);
  const starttls = await startSmtpServer({ user: 'flux@example.com', password });
  t.after(() => starttls.stop());
  const implicit = await startSmtpServer({ user: 'flux@example.com', password, implicitTls: true });
  t.after(() => implicit.stop());
  await create(kube, ns, 'secrets', 'v1', stringSecret('smtp-auth', { password }));
  await create(kube, ns, 'secrets', 'v1', stringSecret('smtp-ca', { 'ca.crt': starttls.tls.ca }));
  await create(kube, ns, 'secrets', 'v1', stringSecret('smtps-ca', { 'ca.crt': implicit.tls.ca }));
  return { kube, ns, nc, starttls, implicit };
}

test('e-mail over STARTTLS and implicit TLS, with AUTH, a private CA, both bodies and the Alert’s templates', {
  timeout: 120_000,
}, async (t) => {
  const { kube, ns, nc, starttls, implicit } = await setup(t);
  await create(
    kube,
    ns,
    'providers',
    'v1beta3',
    emailProvider('mail', {
      address: `smtp://127.0.0.1:${starttls.port}`,
      secretRef: { name: 'smtp-auth' },
      certSecretRef: { name: 'smtp-ca' },
    }),
  );
  await create(
    kube,
    ns,
    'providers',
    'v1beta3',
    emailProvider('mail-tls', {
      address: `smtps://127.0.0.1:${implicit.port}`,
      channel: 'oncall@example.com',
      secretRef: { name: 'smtp-auth' },
      certSecretRef: { name: 'smtps-ca' },
    }),
  );
  await create(
    kube,
    ns,
    'alerts',
    'v1beta3',
    alert('templated', 'mail', {
      'notification.tsflux.io/summary-template': '{{ .InvolvedObject.Name }} failed in {{ .Metadata.env }}',
      'notification.tsflux.io/message-template':
        '{{ .Reason }}: {{ .Message | upper }} at {{ .Metadata.revision }}',
    }),
  );
  await create(kube, ns, 'alerts', 'v1beta3', alert('plain', 'mail-tls'));
  await nc.cached('Provider', 2);
  await nc.cached('Alert', 2);

  await post(nc.eventsUrl, event(ns, 'failed to checkout <main>'));
  const mail = await eventually(
    async () => {
      if (!starttls.mails.length) throw new Error('no mail yet');
      return starttls.mails[0];
    },
    { what: 'the STARTTLS server received the mail' },
  );
  assert.equal(mail.secure, true, 'the session was upgraded with STARTTLS before the message');
  assert.equal(mail.user, 'flux@example.com', 'the client logged in');
  assert.equal(mail.from, 'flux@example.com');
  assert.deepEqual(mail.to, ['ops@example.com', 'dev@example.com']);
  assert.match(
    mail.raw,
    new RegExp(`^Subject: \\[error\\] gitrepository/app\\.${ns}: app failed in staging\\r?$`, 'm'),
  );
  assert.match(mail.raw, /Content-Type: text\/plain/);
  assert.match(mail.raw, /Content-Type: text\/html/);
  assert.ok(
    mail.raw.includes('GitOperationFailed: FAILED TO CHECKOUT <MAIN> at main@sha1:0123abcd'),
    'the message template, in the text body',
  );
  assert.ok(
    mail.raw.includes('GitOperationFailed: FAILED TO CHECKOUT &lt;MAIN&gt;'),
    'escaped in the HTML body',
  );
  assert.match(mail.raw, /^env: staging\r?$/m, 'the metadata, in the text body');

  const tlsMail = await eventually(
    async () => {
      if (!implicit.mails.length) throw new Error('no mail yet');
      return implicit.mails[0];
    },
    { what: 'the implicit-TLS server received the mail' },
  );
  assert.equal(tlsMail.secure, true);
  assert.deepEqual(tlsMail.to, ['oncall@example.com']);
  assert.ok(tlsMail.raw.includes('failed to checkout <main>'), 'no template: the event’s own message');
  assert.match(tlsMail.raw, new RegExp(`^Subject: \\[error\\] gitrepository/app\\.${ns}\\r?$`, 'm'));
  const seen = await nc.everything();
  assert.ok(!seen.includes(password), 'the SMTP password leaked');
});

test('a refused login, an untrusted certificate and a broken template are reported on the Alert, without the password', {
  timeout: 120_000,
}, async (t) => {
  const { kube, ns, nc, starttls } = await setup(t);
  await create(kube, ns, 'secrets', 'v1', stringSecret('smtp-wrong', { password: 'not-the-password-31d9' }));
  await create(
    kube,
    ns,
    'providers',
    'v1beta3',
    emailProvider('wrong-login', {
      address: `smtp://127.0.0.1:${starttls.port}`,
      secretRef: { name: 'smtp-wrong' },
      certSecretRef: { name: 'smtp-ca' },
      timeout: '5s',
    }),
  );
  await create(
    kube,
    ns,
    'providers',
    'v1beta3',
    emailProvider('untrusted', {
      address: `smtp://127.0.0.1:${starttls.port}`,
      secretRef: { name: 'smtp-auth' },
      timeout: '5s',
    }),
  );
  await create(
    kube,
    ns,
    'providers',
    'v1beta3',
    emailProvider('good', {
      address: `smtp://127.0.0.1:${starttls.port}`,
      secretRef: { name: 'smtp-auth' },
      certSecretRef: { name: 'smtp-ca' },
    }),
  );
  await create(kube, ns, 'alerts', 'v1beta3', alert('wrong-login', 'wrong-login'));
  await create(kube, ns, 'alerts', 'v1beta3', alert('untrusted', 'untrusted'));
  await create(
    kube,
    ns,
    'alerts',
    'v1beta3',
    alert('broken', 'good', {
      'notification.tsflux.io/message-template': '{{ .Message | nosuchfunc }}',
    }),
  );
  await nc.cached('Provider', 3);
  await nc.cached('Alert', 3);

  await post(nc.eventsUrl, event(ns, 'reconciliation failed'));
  const failed = await eventually(
    async () => {
      const login = await warnings(kube, ns, 'wrong-login', 'NotificationFailed');
      const cert = await warnings(kube, ns, 'untrusted', 'NotificationFailed');
      const template = await warnings(kube, ns, 'broken', 'TemplateFailed');
      if (!login.length || !cert.length || !template.length)
        throw new Error('not every failure reported yet');
      return { login: login[0], cert: cert[0], template: template[0] };
    },
    { what: 'the three failures recorded on their Alerts' },
  );
  assert.match(
    failed.login,
    /^failed to send notification: failed to send mail through 127\.0\.0\.1:\d+: .*invalid username or password/i,
  );
  assert.match(failed.cert, /failed to send mail through 127\.0\.0\.1:\d+: .*certificate/i);
  assert.match(failed.template, /^failed to render message template: /);
  // the broken template does not lose the alert: the event goes out as it came
  await eventually(
    async () => {
      if (!starttls.mails.some((m) => m.raw.includes('reconciliation failed')))
        throw new Error('no mail yet');
    },
    { what: 'the broken-template Alert still delivered the plain event' },
  );
  const seen = await nc.everything();
  for (const leaked of [password, 'not-the-password-31d9'])
    assert.ok(!seen.includes(leaked), `a password leaked: ${leaked}`);
});
