// The notification controller against the real control plane: events in Flux's JSON format reach
// local HTTP listeners through each Provider type built (method, path, headers and payload shape
// checked), the product brief's v1beta1 Alert delivers a real GitRepository event from the source
// controller to a `slack` Provider, a failing Provider is retried and reported without holding
// another Alert's delivery back, Receivers accept good signatures and refuse bad and missing ones
// (401, nothing annotated), and no secret reaches a log line or an event.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { convertObject } from '../../src/api/conversion/index.ts';
import { webhookPath } from '../../src/controllers/notification/index.ts';
import { managerOptionsFromFlags, startManager } from '../../src/manager/index.ts';
import type { FluxEvent } from '../../src/runtime/events/index.ts';
import type { KubeObject } from '../../src/runtime/kube/index.ts';
import { startGitHttpServer, startHttpServer } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import { ensureFluxCrds } from '../support/flux.ts';
import {
  alert,
  alerts,
  event,
  gitRepos,
  group,
  post,
  provider,
  providers,
  receivers,
  secret,
  secrets,
  startNotification,
} from '../support/notification.ts';
import { eventsOf, startTestSourceController, waitForSourceReady } from '../support/source-controller.ts';

interface Delivery {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local listener recording every request with its body; `status(path)` picks the answer. */
async function listener(t: TestContext, status: (path: string) => number = () => 200) {
  const got: Delivery[] = [];
  const server = await startHttpServer('provider', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      got.push({
        method: req.method ?? '',
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(status(path)).end();
    });
  });
  t.after(() => server.stop());
  const at = (path: string) => got.filter((d) => d.path === path);
  return { url: server.url, got, at };
}

test('each provider type receives the event as its service documents it', { timeout: 120_000 }, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'notif');
  const nc = await startNotification(t, kube, ns);
  const hook = await listener(t);
  const hmacKey = 'hmac-key-7c1d9e0a';
  const slackToken = 'xoxb-secret-slack-token-42';
  const webexToken = 'webex-bot-token-93b1';
  const telegramToken = '123456:telegram-bot-token';
  const telegramPath = `/tg/bot${telegramToken}/sendMessage`;
  const matrixToken = 'matrix-access-token-61d0';
  const zulipKey = 'zulip-api-key-0e55';
  const opsgenieKey = 'opsgenie-api-key-c4f2';
  const alertmanagerToken = 'alertmanager-token-77a3';
  const grafanaPassword = 'grafana-password-5b9e';
  const datadogKey = 'datadog-api-key-3a81';
  const matrixPrefix = '/matrix/_matrix/client/r0/rooms/!room:example.org/send/m.room.message/';
  const matrixDelivery = () => hook.got.filter((d) => d.path.startsWith(matrixPrefix));
  await kube.create(
    secrets(ns),
    secret('generic', { address: `${hook.url}/generic`, headers: 'X-Team: platform\n' }),
  );
  await kube.create(secrets(ns), secret('hmac', { token: hmacKey }));
  await kube.create(secrets(ns), secret('slack', { token: slackToken }));
  await kube.create(providers(ns), provider('generic', { type: 'generic', secretRef: { name: 'generic' } }));
  await kube.create(
    providers(ns),
    provider('hmac', { type: 'generic-hmac', address: `${hook.url}/hmac`, secretRef: { name: 'hmac' } }),
  );
  await kube.create(
    providers(ns),
    provider('slack', {
      type: 'slack',
      address: `${hook.url}/slack`,
      channel: 'ops',
      secretRef: { name: 'slack' },
    }),
  );
  await kube.create(providers(ns), provider('teams', { type: 'msteams', address: `${hook.url}/teams` }));
  await kube.create(
    providers(ns),
    provider('discord', { type: 'discord', address: `${hook.url}/discord/1/abc` }),
  );
  await kube.create(
    providers(ns),
    provider('rocket', { type: 'rocket', address: `${hook.url}/rocket`, username: 'flux', channel: 'ops' }),
  );
  await kube.create(providers(ns), provider('chat', { type: 'googlechat', address: `${hook.url}/chat` }));
  await kube.create(secrets(ns), secret('webex', { token: webexToken }));
  await kube.create(
    providers(ns),
    provider('webex', {
      type: 'webex',
      address: `${hook.url}/v1/messages`,
      channel: 'room-1',
      secretRef: { name: 'webex' },
    }),
  );
  await kube.create(secrets(ns), secret('telegram', { token: telegramToken }));
  await kube.create(
    providers(ns),
    provider('telegram', {
      type: 'telegram',
      address: `${hook.url}/tg`,
      channel: '-100123:7',
      secretRef: { name: 'telegram' },
    }),
  );
  await kube.create(providers(ns), provider('lark', { type: 'lark', address: `${hook.url}/lark` }));
  await kube.create(secrets(ns), secret('matrix', { token: matrixToken }));
  await kube.create(
    providers(ns),
    provider('matrix', {
      type: 'matrix',
      address: `${hook.url}/matrix`,
      channel: '!room:example.org',
      secretRef: { name: 'matrix' },
    }),
  );
  await kube.create(secrets(ns), secret('zulip', { username: 'flux-bot@example.org', password: zulipKey }));
  await kube.create(
    providers(ns),
    provider('zulip', {
      type: 'zulip',
      address: `${hook.url}/ignored`,
      channel: 'flux/alerts',
      secretRef: { name: 'zulip' },
    }),
  );
  await kube.create(secrets(ns), secret('opsgenie', { token: opsgenieKey }));
  await kube.create(
    providers(ns),
    provider('opsgenie', {
      type: 'opsgenie',
      address: `${hook.url}/v2/alerts`,
      secretRef: { name: 'opsgenie' },
    }),
  );
  await kube.create(
    providers(ns),
    provider('pagerduty', { type: 'pagerduty', address: `${hook.url}/ignored`, channel: 'routing-key-1' }),
  );
  await kube.create(secrets(ns), secret('alertmanager', { token: alertmanagerToken }));
  await kube.create(
    providers(ns),
    provider('alertmanager', {
      type: 'alertmanager',
      address: `${hook.url}/api/v2/alerts`,
      secretRef: { name: 'alertmanager' },
    }),
  );
  await kube.create(secrets(ns), secret('grafana', { username: 'admin', password: grafanaPassword }));
  await kube.create(
    providers(ns),
    provider('grafana', {
      type: 'grafana',
      address: `${hook.url}/api/annotations/graphite`,
      secretRef: { name: 'grafana' },
    }),
  );
  await kube.create(secrets(ns), secret('datadog', { token: datadogKey }));
  await kube.create(
    providers(ns),
    provider('datadog', { type: 'datadog', address: `${hook.url}/ignored`, secretRef: { name: 'datadog' } }),
  );
  await kube.create(
    providers(ns),
    provider('sentry', {
      type: 'sentry',
      address: `${hook.url.replace('://', '://sentry-public-key@')}/sentry/42`,
      channel: 'staging',
    }),
  );
  await kube.create(providers(ns), provider('zoom', { type: 'zoom', address: `${hook.url}/zoom` }));
  const all = [
    ...['generic', 'hmac', 'slack', 'teams', 'discord', 'rocket', 'chat', 'webex', 'telegram'],
    ...[
      'lark',
      'matrix',
      'zulip',
      'opsgenie',
      'pagerduty',
      'alertmanager',
      'grafana',
      'datadog',
      'sentry',
      'zoom',
    ],
  ];
  for (const p of all)
    await kube.create(
      alerts(ns),
      alert(p, p, { summary: 'cluster addons', eventMetadata: { env: 'test', revision: 'not this one' } }),
    );
  await nc.cached('Alert', all.length);
  await nc.cached('Provider', all.length);

  assert.equal(await post(nc.eventsUrl, event(ns, 'stored artifact for revision main')), 202);
  const expectedMetadata = { env: 'test', revision: 'main@sha1:0123456789abcdef', summary: 'cluster addons' };
  await eventually(
    async () => {
      for (const p of [
        '/generic',
        '/hmac',
        '/slack',
        '/teams',
        '/discord/1/abc/slack',
        '/rocket',
        '/chat',
        '/v1/messages',
        telegramPath,
        '/lark',
        '/api/v1/messages',
        '/v2/alerts',
        '/v2/enqueue',
        '/v2/change/enqueue',
        '/api/v2/alerts',
        '/api/annotations/graphite',
        '/api/v1/events',
        '/sentry/api/42/envelope/',
      ])
        if (!hook.at(p).length) throw new Error(`nothing on ${p} yet`);
      if (!matrixDelivery().length) throw new Error('nothing on the matrix room yet');
    },
    { what: 'a delivery to every supported provider' },
  );
  for (const d of hook.got) {
    // Matrix sends with PUT, Zulip takes a form, Sentry an envelope: each is checked below
    if (d.path.startsWith('/matrix/') || ['/api/v1/messages', '/sentry/api/42/envelope/'].includes(d.path))
      continue;
    assert.equal(d.method, 'POST');
    assert.match(String(d.headers['content-type']), /^application\/json/);
  }

  // generic: Flux's event, cleaned metadata, the Secret's headers and the sender's name
  const [generic] = hook.at('/generic');
  const sent = JSON.parse(generic.body) as FluxEvent;
  assert.equal(sent.message, 'stored artifact for revision main');
  assert.equal(sent.reason, 'NewArtifact');
  assert.equal(sent.involvedObject.name, 'app');
  assert.deepEqual(sent.metadata, expectedMetadata);
  assert.equal(generic.headers['x-team'], 'platform');
  assert.equal(generic.headers['gotk-component'], 'source-controller');

  // generic-hmac: the same body, signed with the key
  const [hmac] = hook.at('/hmac');
  assert.equal(
    hmac.headers['x-signature'],
    `sha256=${createHmac('sha256', hmacKey).update(hmac.body).digest('hex')}`,
  );
  assert.deepEqual((JSON.parse(hmac.body) as FluxEvent).metadata, expectedMetadata);

  // slack: a bearer token and one attachment
  const [slack] = hook.at('/slack');
  assert.equal(slack.headers.authorization, `Bearer ${slackToken}`);
  const slackBody = JSON.parse(slack.body);
  assert.equal(slackBody.channel, 'ops');
  assert.equal(slackBody.username, 'source-controller');
  assert.equal(slackBody.attachments.length, 1);
  assert.equal(slackBody.attachments[0].color, 'good');
  assert.equal(slackBody.attachments[0].author_name, `gitrepository/app.${ns}`);
  assert.equal(slackBody.attachments[0].text, 'stored artifact for revision main');
  assert.deepEqual(slackBody.attachments[0].fields, [
    { title: 'env', value: 'test', short: false },
    { title: 'revision', value: 'main@sha1:0123456789abcdef', short: false },
    { title: 'summary', value: 'cluster addons', short: false },
  ]);

  // msteams: an Adaptive Card with the summary first among the facts
  const card = JSON.parse(hook.at('/teams')[0].body);
  assert.equal(card.type, 'message');
  assert.equal(card.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
  const items = card.attachments[0].content.body[0].items;
  assert.equal(items[0].text, `gitrepository/app.${ns}`);
  assert.equal(items[1].text, 'stored artifact for revision main');
  assert.deepEqual(
    items[2].facts.map((f: { title: string }) => f.title),
    ['summary', 'env', 'revision'],
  );

  // discord: Slack's format on the webhook's /slack path, without a channel
  const discord = JSON.parse(hook.at('/discord/1/abc/slack')[0].body);
  assert.equal(discord.channel, '');
  assert.equal(discord.attachments[0].author_name, `gitrepository/app.${ns}`);

  // rocket: Slack's attachment with hex colours, the Provider's username and channel
  const rocket = JSON.parse(hook.at('/rocket')[0].body);
  assert.equal(rocket.channel, 'ops');
  assert.equal(rocket.username, 'flux');
  assert.equal(rocket.attachments[0].color, '#0076D7');
  assert.equal(rocket.attachments[0].author_name, `gitrepository/app.${ns}`);
  assert.equal(rocket.attachments[0].text, 'stored artifact for revision main');
  assert.equal(rocket.attachments[0].fields.length, 3);

  // googlechat: one card, the object and sender in the header, message then metadata sections
  const chat = JSON.parse(hook.at('/chat')[0].body);
  assert.equal(chat.cards.length, 1);
  assert.deepEqual(chat.cards[0].header, { title: `gitrepository/app.${ns}`, subtitle: 'source-controller' });
  assert.deepEqual(chat.cards[0].sections[0].widgets, [
    { textParagraph: { text: 'stored artifact for revision main' } },
  ]);
  assert.deepEqual(
    chat.cards[0].sections[1].widgets.map((w: { keyValue: { topLabel: string } }) => w.keyValue.topLabel),
    ['env', 'revision', 'summary'],
  );

  // webex: the bot token as a bearer token, the room from the channel, markdown text
  const [webex] = hook.at('/v1/messages');
  assert.equal(webex.headers.authorization, `Bearer ${webexToken}`);
  const webexBody = JSON.parse(webex.body);
  assert.equal(webexBody.roomId, 'room-1');
  assert.equal(
    webexBody.markdown,
    `✅ **gitrepository/app.${ns}**\nstored artifact for revision main\n` +
      '>**env**: test\n>**revision**: main@sha1:0123456789abcdef\n>**summary**: cluster addons\n',
  );

  // telegram: sendMessage under /bot<token>, chat and topic from the channel, MarkdownV2 text
  const tg = JSON.parse(hook.at(telegramPath)[0].body);
  assert.equal(tg.chat_id, '-100123');
  assert.equal(tg.message_thread_id, '7');
  assert.equal(tg.parse_mode, 'MarkdownV2');
  assert.ok(tg.text.startsWith(`*💫 gitrepository/app/${ns.replaceAll('-', '\\-')}*\n`), tg.text);
  assert.ok(tg.text.includes('\\- *revision*: main@sha1:0123456789abcdef\n'), tg.text);

  // lark: an interactive card, turquoise for info, the message in bold then the metadata
  const lark = JSON.parse(hook.at('/lark')[0].body);
  assert.equal(lark.msg_type, 'interactive');
  assert.equal(lark.card.config.wide_screen_mode, true);
  assert.deepEqual(lark.card.header, {
    title: { tag: 'plain_text', content: `💫 gitrepository/app.${ns}` },
    template: 'turquoise',
  });
  assert.deepEqual(lark.card.elements, [
    {
      tag: 'div',
      text: {
        tag: 'lark_md',
        content:
          '**stored artifact for revision main**\n\n' +
          'env: test\nrevision: main@sha1:0123456789abcdef\nsummary: cluster addons\n',
      },
    },
  ]);

  // matrix: PUT into the room under a 40-hex transaction ID, the token as a bearer token
  const [matrix] = matrixDelivery();
  assert.equal(matrix.method, 'PUT');
  assert.match(matrix.path.slice(matrixPrefix.length), /^[0-9a-f]{40}$/);
  assert.equal(matrix.headers.authorization, `Bearer ${matrixToken}`);
  assert.match(String(matrix.headers['content-type']), /^application\/json/);
  assert.deepEqual(JSON.parse(matrix.body), {
    msgtype: 'm.text',
    body:
      `💫 gitrepository/app.${ns}\nstored artifact for revision main\n` +
      '- env: test\n- revision: main@sha1:0123456789abcdef\n- summary: cluster addons\n',
  });

  // zulip: a form on /api/v1/messages (whatever the address's path), the bot's basic auth
  const [zulip] = hook.at('/api/v1/messages');
  assert.equal(zulip.method, 'POST');
  assert.equal(zulip.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(
    zulip.headers.authorization,
    `Basic ${Buffer.from(`flux-bot@example.org:${zulipKey}`).toString('base64')}`,
  );
  const form = new URLSearchParams(zulip.body);
  assert.equal(form.get('type'), 'stream');
  assert.equal(form.get('to'), 'flux');
  assert.equal(form.get('topic'), 'alerts');
  assert.equal(
    form.get('content'),
    `## Flux Status\n\nℹ️ GitRepository/${ns}/app\n\nstored artifact for revision main\n\nMetadata:\n` +
      '* `env`: test\n* `revision`: main@sha1:0123456789abcdef\n* `summary`: cluster addons\n',
  );

  // opsgenie: Kind/name as the alert, the message as its description, severity in the details
  const [opsgenie] = hook.at('/v2/alerts');
  assert.equal(opsgenie.headers.authorization, `GenieKey ${opsgenieKey}`);
  assert.deepEqual(JSON.parse(opsgenie.body), {
    message: 'GitRepository/app',
    description: 'stored artifact for revision main',
    details: { ...expectedMetadata, severity: 'info' },
  });

  // pagerduty: an info event resolves the object's incident, then is recorded as a change
  assert.deepEqual(JSON.parse(hook.at('/v2/enqueue')[0].body), {
    routing_key: 'routing-key-1',
    dedup_key: '8f0c-test',
    event_action: 'resolve',
  });
  assert.deepEqual(JSON.parse(hook.at('/v2/change/enqueue')[0].body), {
    routing_key: 'routing-key-1',
    payload: {
      summary: 'new artifact: gitrepository/app',
      source: 'Flux source-controller',
      timestamp: '2026-01-01T00:00:00Z',
      custom_details: { message: 'stored artifact for revision main', metadata: expectedMetadata },
    },
    links: [],
  });

  // alertmanager: one firing alert, the summary an annotation, the rest of the metadata labels
  const [am] = hook.at('/api/v2/alerts');
  assert.equal(am.headers.authorization, `Bearer ${alertmanagerToken}`);
  assert.deepEqual(JSON.parse(am.body), [
    {
      status: 'firing',
      labels: {
        env: 'test',
        revision: 'main@sha1:0123456789abcdef',
        alertname: 'FluxGitRepositoryNewartifact',
        severity: 'info',
        reason: 'NewArtifact',
        kind: 'GitRepository',
        name: 'app',
        namespace: ns,
        reportingcontroller: 'source-controller',
      },
      annotations: { message: 'stored artifact for revision main', summary: 'cluster addons' },
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
    },
  ]);

  // grafana: a graphite annotation, basic auth, ':' in tags replaced
  const [grafana] = hook.at('/api/annotations/graphite');
  assert.equal(
    grafana.headers.authorization,
    `Basic ${Buffer.from(`admin:${grafanaPassword}`).toString('base64')}`,
  );
  assert.deepEqual(JSON.parse(grafana.body), {
    when: Date.parse('2026-01-01T00:00:00Z') / 1000,
    text: `gitrepository/app.${ns}`,
    tags: [
      'flux',
      'source-controller',
      'env: test',
      'revision: main@sha1|0123456789abcdef',
      'summary: cluster addons',
      'kind: GitRepository',
      'name: app',
      `namespace: ${ns}`,
    ],
  });

  // datadog: an event on /api/v1/events of the site, the API key in DD-API-KEY, lower-cased tags
  const [datadog] = hook.at('/api/v1/events');
  assert.equal(datadog.headers['dd-api-key'], datadogKey);
  assert.deepEqual(JSON.parse(datadog.body), {
    title: `Events from the GitRepository app/${ns}`,
    text: 'stored artifact for revision main',
    tags: [
      'flux_reporting_controller:source-controller',
      'flux_reason:newartifact',
      'kube_kind:gitrepository',
      'kube_name:app',
      `kube_namespace:${ns}`,
      'env:test',
      'revision:main@sha1:0123456789abcdef',
      'summary:cluster addons',
    ],
    source_type_name: 'fluxcd',
    date_happened: Date.parse('2026-01-01T00:00:00Z') / 1000,
    alert_type: 'info',
  });

  // sentry: an envelope on the DSN's project, its key in X-Sentry-Auth; an info event is a
  // transaction tagged with the object and the metadata, in the channel's environment
  const [sentry] = hook.at('/sentry/api/42/envelope/');
  assert.equal(sentry.method, 'POST');
  assert.equal(sentry.headers['content-type'], 'application/x-sentry-envelope');
  assert.match(
    String(sentry.headers['x-sentry-auth']),
    /^Sentry sentry_version=7, .*sentry_key=sentry-public-key$/,
  );
  const [envelopeHeader, itemHeader, item] = sentry.body.split('\n').map((l) => JSON.parse(l || 'null'));
  assert.equal(itemHeader.type, 'transaction');
  assert.equal(itemHeader.length, Buffer.byteLength(sentry.body.split('\n')[2]));
  assert.equal(envelopeHeader.event_id, item.event_id);
  assert.match(item.event_id, /^[0-9a-f]{32}$/);
  assert.equal(item.transaction, `GitRepository: ${ns}/app`);
  assert.equal(item.message, 'stored artifact for revision main');
  assert.equal(item.environment, 'staging');
  assert.equal(item.timestamp, '2026-01-01T00:00:00Z');
  assert.equal(item.contexts.trace.op, 'event');
  assert.deepEqual(item.tags, {
    flux_involved_object_kind: 'GitRepository',
    flux_involved_object_namespace: ns,
    flux_involved_object_name: 'app',
    flux_reporting_controller: 'source-controller',
    flux_reporting_instance: 'test',
    flux_reason: 'NewArtifact',
    ...expectedMetadata,
  });

  // a type not built yet is reported plainly, and never called
  await eventually(
    async () => {
      if (!nc.logs.some((l) => l.includes("provider type 'zoom' is not supported yet")))
        throw new Error('no report for the zoom provider yet');
    },
    { what: 'the unsupported provider reported' },
  );
  assert.equal(hook.at('/zoom').length, 0);

  // the same event again within the rate-limit interval is refused, as Flux's server does
  assert.equal(await post(nc.eventsUrl, event(ns, 'stored artifact for revision main')), 429);
  // an event without Flux's shape is a bad request; a body over the limit is refused unread
  assert.equal(await post(nc.eventsUrl, { hello: 'world' }), 400);
  assert.equal(await post(nc.eventsUrl, { padding: 'x'.repeat(4 * 1024 * 1024) }), 413);

  // no secret in a log line or an event
  const events = await eventsOf(kube, ns, 'zoom');
  for (const text of [...nc.logs, ...events]) {
    assert.ok(!text.includes(slackToken), `slack token leaked: ${text}`);
    assert.ok(!text.includes(hmacKey), `hmac key leaked: ${text}`);
    assert.ok(!text.includes(webexToken), `webex token leaked: ${text}`);
    assert.ok(!text.includes(telegramToken), `telegram token leaked: ${text}`);
    for (const secretValue of [
      matrixToken,
      zulipKey,
      opsgenieKey,
      alertmanagerToken,
      grafanaPassword,
      datadogKey,
    ])
      assert.ok(!text.includes(secretValue), `a provider secret leaked: ${text}`);
  }
});

test('a provider answering 500 is retried, then reported, without holding another alert back', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'notif-fail');
  const nc = await startNotification(t, kube, ns);
  const hook = await listener(t, (path) => (path === '/hooks/s3cr3t-path' ? 500 : 200));
  await kube.create(
    providers(ns),
    provider('broken', { type: 'generic', address: `${hook.url}/hooks/s3cr3t-path`, timeout: '4s' }),
  );
  await kube.create(providers(ns), provider('fine', { type: 'generic', address: `${hook.url}/fine` }));
  await kube.create(alerts(ns), alert('broken', 'broken'));
  await kube.create(alerts(ns), alert('fine', 'fine'));
  await nc.cached('Alert', 2);
  await nc.cached('Provider', 2);
  assert.equal(await post(nc.eventsUrl, event(ns, 'first')), 202);
  // the healthy Provider is served while the broken one is still being retried
  await eventually(
    async () => {
      if (!hook.at('/fine').length) throw new Error('nothing delivered to the healthy provider');
    },
    { what: 'the healthy delivery' },
  );
  assert.ok(
    !nc.logs.some((l) => l.includes('failed to send notification')),
    'the healthy delivery came before the broken one gave up',
  );
  await eventually(
    async () => {
      const reported = nc.logs.find((l) => l.includes('failed to send notification'));
      if (!reported) throw new Error('no failure reported yet');
      return reported;
    },
    { timeoutMs: 20_000, what: 'the failed delivery reported' },
  );
  assert.ok(
    hook.at('/hooks/s3cr3t-path').length >= 2,
    `retried: ${hook.at('/hooks/s3cr3t-path').length} attempt(s)`,
  );
  const reported = nc.logs.find((l) => l.includes('failed to send notification')) ?? '';
  assert.match(reported, /answered 500/);
  assert.ok(!reported.includes('s3cr3t-path'), 'the address path (which may hold a secret) is not logged');
  await eventually(
    async () => {
      const ev = await eventsOf(kube, ns, 'broken');
      if (!ev.some((e) => e.startsWith('Warning NotificationFailed: failed to send notification')))
        throw new Error(`events: ${ev.join('; ')}`);
    },
    { what: 'a Warning event on the Alert' },
  );
});

test("the brief's v1beta1 Alert delivers a real GitRepository event to a slack Provider", {
  timeout: 180_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'notif-brief');
  const nc = await startNotification(t, kube, ns);
  const hook = await listener(t);
  const git = await startGitHttpServer();
  t.after(() => git.stop());
  const commit = await git.createRepository('game', { files: { 'app.yaml': 'kind: ConfigMap\n' } });
  // the brief's manifest, unchanged; converted by the code the conversion webhook serves
  const [brief] = parseAllDocuments(`apiVersion: notification.toolkit.fluxcd.io/v1beta1
kind: Alert
metadata: {name: slack-alert}
spec: {eventSources: [{kind: GitRepository, name: game-repo}], eventSeverity: info, receiverRefs: [{name: team-slack}]}
`).map((d) => d.toJS() as KubeObject);
  await kube.create(alerts(ns), convertObject(brief as never, `${group}/v1beta3`) as KubeObject);
  await kube.create(
    providers(ns),
    provider('team-slack', { type: 'slack', address: `${hook.url}/services/T0/B0/x` }),
  );
  await nc.cached('Alert', 1);
  await nc.cached('Provider', 1);
  await startTestSourceController(t, kube, ns, { kinds: ['GitRepository'], eventsAddr: nc.eventsUrl });
  await kube.create(gitRepos(ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'game-repo', namespace: ns },
    spec: { interval: '10m', url: git.repoUrl('game'), ref: { branch: 'main' } },
  } as KubeObject);
  await waitForSourceReady(kube, gitRepos(ns, 'game-repo'), 'True');
  const delivered = await eventually(
    async () => {
      const [d] = hook.at('/services/T0/B0/x');
      if (!d) throw new Error('no slack delivery yet');
      return JSON.parse(d.body);
    },
    { what: 'the slack delivery' },
  );
  const a = delivered.attachments[0];
  assert.equal(a.author_name, `gitrepository/game-repo.${ns}`);
  assert.match(a.text, new RegExp(`stored artifact for commit|${commit.slice(0, 7)}`));
  assert.ok(
    a.fields.some(
      (f: { title: string; value: string }) => f.title === 'revision' && f.value === `main@sha1:${commit}`,
    ),
    JSON.stringify(a.fields),
  );
});

test('a Receiver annotates its resources on a good signature, and refuses bad or missing ones', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'notif-recv');
  const nc = await startNotification(t, kube, ns);
  const token = 'receiver-token-5f2e8a91';
  await kube.create(secrets(ns), secret('webhook-token', { token }));
  for (const [name, labels] of [
    ['app', { team: 'a' }],
    ['other', { team: 'b' }],
  ] as const)
    await kube.create(gitRepos(ns), {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name, namespace: ns, labels },
      spec: { interval: '10m', url: 'https://example.invalid/repo.git' },
    } as KubeObject);
  await kube.create(receivers(ns), {
    apiVersion: `${group}/v1`,
    kind: 'Receiver',
    metadata: { name: 'github' },
    spec: {
      type: 'github',
      events: ['push'],
      secretRef: { name: 'webhook-token' },
      resources: [{ kind: 'GitRepository', name: '*', matchLabels: { team: 'a' } }],
    },
  } as KubeObject);
  const path = `/hook/${createHash('sha256').update(`${token}github${ns}`).digest('hex')}`;
  assert.equal(webhookPath(token, 'github', ns), path);
  const ready = await eventually(
    async () => {
      const r = await kube.get<KubeObject & { status?: any }>(receivers(ns, 'github'));
      const c = r.status?.conditions?.find((x: { type: string }) => x.type === 'Ready');
      if (c?.status !== 'True') throw new Error(`Ready ${c?.status}: ${c?.message}`);
      if (!nc.informerOf('Receiver').get(ns, 'github')?.status) throw new Error('status not cached yet');
      return { r, c };
    },
    { what: 'the Receiver Ready' },
  );
  assert.equal(ready.r.status.webhookPath, path);
  assert.equal(ready.c.reason, 'Succeeded');
  assert.equal(ready.c.message, `Receiver initialized for path: ${path}`);

  const url = `http://127.0.0.1:${nc.receiverPort}${path}`;
  const body = JSON.stringify({ ref: 'refs/heads/main' });
  const sign = (key: string) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
  const call = async (headers: Record<string, string>) => {
    const res = await fetch(url, { method: 'POST', headers: { 'X-GitHub-Event': 'push', ...headers }, body });
    await res.arrayBuffer();
    return res.status;
  };
  const requested = async (name: string) =>
    (await kube.get<KubeObject>(gitRepos(ns, name))).metadata?.annotations?.[
      'reconcile.fluxcd.io/requestedAt'
    ];

  assert.equal(await call({}), 401, 'missing signature');
  assert.equal(await call({ 'X-Hub-Signature-256': sign('not-the-token') }), 401, 'bad signature');
  assert.equal(await requested('app'), undefined, 'nothing annotated on a refused call');
  // a signed event the Receiver does not list is answered, and changes nothing
  assert.equal(await call({ 'X-Hub-Signature-256': sign(token), 'X-GitHub-Event': 'issues' }), 200);
  assert.equal(await requested('app'), undefined, 'an event outside `events` annotates nothing');
  assert.equal(await call({ 'X-Hub-Signature-256': sign(token) }), 200, 'good signature');
  assert.ok(await requested('app'), 'the matching resource is annotated');
  assert.equal(await requested('other'), undefined, 'matchLabels leaves the other out');
  assert.equal(
    (await fetch(`http://127.0.0.1:${nc.receiverPort}/hook/${'0'.repeat(64)}`, { method: 'POST' })).status,
    404,
  );
  // generic-hmac: X-Signature over the body, keyed with the same kind of token
  await kube.create(receivers(ns), {
    apiVersion: `${group}/v1`,
    kind: 'Receiver',
    metadata: { name: 'hmac' },
    spec: {
      type: 'generic-hmac',
      secretRef: { name: 'webhook-token' },
      resources: [{ kind: 'GitRepository', name: 'other' }],
    },
  } as KubeObject);
  const hmacUrl = `http://127.0.0.1:${nc.receiverPort}${webhookPath(token, 'hmac', ns)}`;
  await eventually(
    async () => {
      if (!nc.informerOf<KubeObject & { status?: any }>('Receiver').get(ns, 'hmac')?.status?.webhookPath)
        throw new Error('the hmac Receiver is not ready in the cache yet');
    },
    { what: 'the hmac Receiver Ready' },
  );
  const hmacCall = async (headers: Record<string, string>) => {
    const res = await fetch(hmacUrl, { method: 'POST', headers, body });
    await res.arrayBuffer();
    return res.status;
  };
  assert.equal(await hmacCall({}), 401);
  assert.equal(await hmacCall({ 'X-Signature': sign('wrong-key') }), 401);
  assert.equal(await requested('other'), undefined);
  assert.equal(await hmacCall({ 'X-Signature': sign(token) }), 200);
  assert.ok(await requested('other'), 'the named resource is annotated');
  for (const line of nc.logs) assert.ok(!line.includes(token), `token leaked: ${line}`);
});

test("the manager's controllers post their events to the notification controller it runs", {
  timeout: 180_000,
}, async (t) => {
  const kube = testClient(t);
  await ensureFluxCrds(kube);
  const ns = await testNamespace(t, kube, 'notif-manager');
  const storage = mkdtempSync(join(tmpdir(), 'tsflux-notification-'));
  t.after(() => rmSync(storage, { recursive: true, force: true }));
  const hook = await listener(t);
  const git = await startGitHttpServer();
  t.after(() => git.stop());
  const commit = await git.createRepository('app', { files: { 'app.yaml': 'kind: ConfigMap\n' } });
  await kube.create(providers(ns), provider('hook', { type: 'generic', address: `${hook.url}/events` }));
  await kube.create(alerts(ns), alert('all', 'hook'));
  // no --events-addr: the notification controller in the same process is where events go
  const manager = await startManager(
    kube,
    managerOptionsFromFlags(
      {
        controllers: 'source,notification',
        namespace: ns,
        'watch-all-namespaces': false,
        'metrics-addr': '127.0.0.1:0',
        'health-addr': '127.0.0.1:0',
        'webhook-addr': '',
        'storage-addr': '127.0.0.1:0',
        'storage-path': storage,
        'events-listen-addr': '127.0.0.1:0',
        'receiver-addr': '127.0.0.1:0',
        'log-level': 'error',
      },
      ['source', 'notification'],
    ),
  );
  t.after(() => manager.stop());
  await kube.create(gitRepos(ns), {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'app', namespace: ns },
    spec: { interval: '10m', url: git.repoUrl('app'), ref: { branch: 'main' } },
  } as KubeObject);
  const delivered = await eventually(
    async () => {
      const [d] = hook.at('/events');
      if (!d) throw new Error('no event delivered yet');
      return JSON.parse(d.body) as FluxEvent;
    },
    { timeoutMs: 60_000, what: "the source controller's event delivered" },
  );
  assert.equal(delivered.reportingController, 'source-controller');
  assert.equal(delivered.involvedObject.name, 'app');
  assert.equal(delivered.metadata?.revision, `main@sha1:${commit}`);
});
