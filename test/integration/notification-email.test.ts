// The e-mail Provider (beyond Flux) against a real SMTP server started here (the `smtp-server`
// package): STARTTLS with a private CA from `certSecretRef` and AUTH from `secretRef`, implicit
// TLS (`smtps://`), the message's envelope, subject, text and HTML bodies, Alert message templates
// applied to it, a failing template reported on the Alert, a refused login reported without the
// password, and no password in any log line, Event or metric.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import type { KubeClient, KubeObject, ResourceRef } from '../../src/runtime/kube/index.ts';
import { startSmtpServer } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  alert,
  alerts,
  event,
  post,
  provider,
  providers,
  secrets,
  startTestNotificationController,
  stringSecret,
} from '../support/notification.ts';
import { eventsOf } from '../support/source-controller.ts';

const password = 'smtp-pass-7f3a91c2d4';
const revision = 'main@sha1:0123456789abcdef';

/** An e-mail Provider (Flux's `type` enum stays as it is: the annotation selects e-mail). */
function emailProvider(name: string, spec: Record<string, unknown>): KubeObject {
  const p = provider(name, {
    type: 'generic',
    channel: 'ops@example.com, dev@example.com',
    username: 'flux@example.com',
    ...spec,
  });
  return { ...p, metadata: { name, annotations: { 'notification.tsflux.io/type': 'email' } } };
}

/** An Alert on the namespace's GitRepositories, with `env: staging` metadata and `annotations`. */
function mailAlert(name: string, providerName: string, annotations: Record<string, string> = {}): KubeObject {
  const a = alert(name, providerName, { eventMetadata: { env: 'staging' } });
  return { ...a, metadata: { name, annotations } };
}

/** Creates objects of one kind in `ns`. */
async function createAll(kube: KubeClient, ref: ResourceRef, objects: KubeObject[]) {
  for (const o of objects) await kube.create(ref, o);
}

/** An error event of the namespace's GitRepository `app`. */
const errorEvent = (ns: string, message: string) =>
  event(ns, message, { severity: 'error', reason: 'GitOperationFailed' });

async function setup(t: TestContext) {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'notif-email');
  const nc = await startTestNotificationController(t, kube, ns);
  const starttls = await startSmtpServer({ user: 'flux@example.com', password });
  t.after(() => starttls.stop());
  const implicit = await startSmtpServer({ user: 'flux@example.com', password, implicitTls: true });
  t.after(() => implicit.stop());
  await createAll(kube, secrets(ns), [
    stringSecret('smtp-auth', { password }),
    stringSecret('smtp-ca', { 'ca.crt': starttls.tls.ca }),
    stringSecret('smtps-ca', { 'ca.crt': implicit.tls.ca }),
  ]);
  /** Posts an event to the controller, which must accept it. */
  const send = async (message: string) =>
    assert.equal(await post(nc.eventsUrl, errorEvent(ns, message)), 202);
  return { kube, ns, nc, starttls, implicit, send };
}

/** The first mail a server received, once it has. */
const firstMail = (server: Awaited<ReturnType<typeof startSmtpServer>>, what: string) =>
  eventually(
    async () => {
      if (!server.mails.length) throw new Error('no mail yet');
      return server.mails[0];
    },
    { what },
  );

test('e-mail over STARTTLS and implicit TLS, with AUTH, a private CA, both bodies and the Alert’s templates', {
  timeout: 120_000,
}, async (t) => {
  const { kube, ns, nc, starttls, implicit, send } = await setup(t);
  await createAll(kube, providers(ns), [
    emailProvider('mail', {
      address: `smtp://127.0.0.1:${starttls.port}`,
      secretRef: { name: 'smtp-auth' },
      certSecretRef: { name: 'smtp-ca' },
    }),
    emailProvider('mail-tls', {
      address: `smtps://127.0.0.1:${implicit.port}`,
      channel: 'oncall@example.com',
      secretRef: { name: 'smtp-auth' },
      certSecretRef: { name: 'smtps-ca' },
    }),
  ]);
  await createAll(kube, alerts(ns), [
    mailAlert('templated', 'mail', {
      'notification.tsflux.io/summary-template': '{{ .InvolvedObject.Name }} failed in {{ .Metadata.env }}',
      'notification.tsflux.io/message-template':
        '{{ .Reason }}: {{ .Message | upper }} at {{ .Metadata.revision }}',
    }),
    mailAlert('plain', 'mail-tls'),
  ]);
  await nc.cached('Provider', 2);
  await nc.cached('Alert', 2);

  await send('failed to checkout <main>');
  const mail = await firstMail(starttls, 'the STARTTLS server received the mail');
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
    mail.raw.includes(`GitOperationFailed: FAILED TO CHECKOUT <MAIN> at ${revision}`),
    'the message template, in the text body',
  );
  assert.ok(
    mail.raw.includes('GitOperationFailed: FAILED TO CHECKOUT &lt;MAIN&gt;'),
    'escaped in the HTML body',
  );
  assert.match(mail.raw, /^env: staging\r?$/m, 'the metadata, in the text body');

  const tlsMail = await firstMail(implicit, 'the implicit-TLS server received the mail');
  assert.equal(tlsMail.secure, true);
  assert.deepEqual(tlsMail.to, ['oncall@example.com']);
  assert.ok(tlsMail.raw.includes('failed to checkout <main>'), 'no template: the event’s own message');
  assert.match(tlsMail.raw, new RegExp(`^Subject: \\[error\\] gitrepository/app\\.${ns}\\r?$`, 'm'));
  assert.ok(!(await nc.everything()).includes(password), 'the SMTP password leaked');
});

test('a refused login, an untrusted certificate and a broken template are reported on the Alert, without the password', {
  timeout: 120_000,
}, async (t) => {
  const { kube, ns, nc, starttls, send } = await setup(t);
  await createAll(kube, secrets(ns), [stringSecret('smtp-wrong', { password: 'not-the-password-31d9' })]);
  const address = `smtp://127.0.0.1:${starttls.port}`;
  await createAll(kube, providers(ns), [
    emailProvider('wrong-login', {
      address,
      secretRef: { name: 'smtp-wrong' },
      certSecretRef: { name: 'smtp-ca' },
      timeout: '5s',
    }),
    emailProvider('untrusted', { address, secretRef: { name: 'smtp-auth' }, timeout: '5s' }),
    emailProvider('good', { address, secretRef: { name: 'smtp-auth' }, certSecretRef: { name: 'smtp-ca' } }),
  ]);
  await createAll(kube, alerts(ns), [
    mailAlert('wrong-login', 'wrong-login'),
    mailAlert('untrusted', 'untrusted'),
    mailAlert('broken', 'good', { 'notification.tsflux.io/message-template': '{{ .Message | nosuchfunc }}' }),
  ]);
  await nc.cached('Provider', 3);
  await nc.cached('Alert', 3);

  await send('reconciliation failed');
  const warning = async (alertName: string, reason: string) =>
    (await eventsOf(kube, ns, alertName)).find((e) => e.startsWith(`Warning ${reason}: `));
  const failures = await eventually(
    async () => {
      const login = await warning('wrong-login', 'NotificationFailed');
      const cert = await warning('untrusted', 'NotificationFailed');
      const template = await warning('broken', 'TemplateFailed');
      if (!login || !cert || !template) throw new Error('not every failure reported yet');
      return { login, cert, template };
    },
    { what: 'the three failures recorded on their Alerts' },
  );
  assert.match(
    failures.login,
    /: failed to send notification: failed to send mail through 127\.0\.0\.1:\d+: .*invalid username or password/i,
  );
  assert.match(failures.cert, /failed to send mail through 127\.0\.0\.1:\d+: .*certificate/i);
  assert.match(failures.template, /^Warning TemplateFailed: failed to render message template: /);
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
