import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FluxEvent } from '../../../runtime/events/index.ts';
import { discordAddress } from './discord.ts';
import { isSupportedProvider, needsAddress, notifierFor, UnsupportedProviderError } from './index.ts';
import { ChangeRequestKey, markdownPost } from './markdown-post.ts';
import { hostOf } from './post.ts';
import { splitCamelCase } from './reason-words.ts';
import { sentryEvent, sentryTarget } from './sentry.ts';
import { telegramEscape, telegramText } from './telegram.ts';
import { zulipEndpoint, zulipTarget } from './zulip.ts';

/** A failed Kustomization event, as the tests below vary it. */
function kustomizationEvent(extra: Partial<FluxEvent> = {}): FluxEvent {
  return {
    involvedObject: { kind: 'Kustomization', name: 'apps', namespace: 'flux-system', uid: 'u1' },
    severity: 'error',
    message: 'health check failed',
    reason: 'HealthCheckFailed',
    reportingController: 'kustomize-controller',
    timestamp: '2026-01-01T00:00:00Z',
    ...extra,
  };
}
test('discord posts on the webhook’s Slack-compatible path', () => {
  assert.equal(
    discordAddress('https://discord.com/api/webhooks/1/abc'),
    'https://discord.com/api/webhooks/1/abc/slack',
  );
  assert.equal(
    discordAddress('https://discord.com/api/webhooks/1/abc/slack'),
    'https://discord.com/api/webhooks/1/abc/slack',
  );
});

test('types not built yet are refused with a clear error, never a crash', () => {
  assert.equal(isSupportedProvider('slack'), true);
  assert.equal(isSupportedProvider('nats'), true);
  assert.equal(isSupportedProvider('zoom'), false);
  assert.throws(() => notifierFor('zoom', { address: 'https://x', headers: {} }), UnsupportedProviderError);
  assert.throws(
    () => notifierFor('generic-hmac', { address: 'https://x', headers: {} }),
    /requires a 'token'/,
  );
});

test('errors name the host only: a webhook path or credentials can hold a secret', () => {
  assert.equal(hostOf('https://user:pw@hooks.slack.com/services/T0/B0/SECRET'), 'hooks.slack.com');
  assert.equal(hostOf('not a url'), 'an invalid address');
});

test('telegram escapes every MarkdownV2 reserved character, and only those', () => {
  assert.equal(
    telegramEscape('a.b-c_d[e]f(g)h~i>j`k#l+m=n|o{p}q!r*s\\t'),
    'a\\.b\\-c\\_d\\[e\\]f\\(g\\)h\\~i\\>j\\`k\\#l\\+m\\=n\\|o\\{p\\}q\\!r\\*s\\\\t',
  );
  assert.equal(telegramEscape('plain words: 42'), 'plain words: 42');
  const text = telegramText(
    kustomizationEvent({
      involvedObject: { kind: 'GitRepository', name: 'app', namespace: 'flux-system' },
      message: 'failed (exit 1)',
      metadata: { z: 'last', a: 'v1.0' },
    }),
  );
  assert.equal(
    text,
    '*🚨 gitrepository/app/flux\\-system*\nfailed \\(exit 1\\)\n\\- *a*: v1\\.0\n\\- *z*: last\n',
  );
});

test('telegram needs a chat and a token, but no address: the public Bot API is the default', () => {
  assert.equal(needsAddress('telegram'), false);
  assert.equal(needsAddress('webex'), true);
  assert.throws(
    () => notifierFor('telegram', { address: '', token: 't', headers: {} }),
    /requires a 'channel'/,
  );
  assert.throws(
    () => notifierFor('telegram', { address: '', channel: '1', headers: {} }),
    /requires a 'token'/,
  );
});

test('zulip posts on the API path of the server and needs a <channel>/<topic>', () => {
  assert.equal(
    zulipEndpoint('https://chat.example.org/some/path?x=1'),
    'https://chat.example.org/api/v1/messages?x=1',
  );
  assert.deepEqual(zulipTarget('flux/deploys/prod'), { stream: 'flux', topic: 'deploys/prod' });
  for (const bad of [undefined, 'flux', 'flux/', '/topic'])
    assert.throws(() => zulipTarget(bad), /invalid zulip channel: expected <channel>\/<topic>/);
});

test('a Markdown post leaves out the change request, which comment providers read instead', () => {
  const text = markdownPost(
    kustomizationEvent({ metadata: { [ChangeRequestKey]: '42', revision: 'main@sha1:abc' } }),
  );
  assert.equal(
    text,
    '## Flux Status\n\n⚠️ Kustomization/flux-system/apps\n\nhealth check failed\n\nMetadata:\n* `revision`: main@sha1:abc\n',
  );
});

test('matrix and opsgenie refuse a Provider they cannot deliver with', () => {
  assert.throws(
    () => notifierFor('matrix', { address: 'https://m', token: 't', headers: {} }),
    /requires a 'channel'/,
  );
  assert.throws(() => notifierFor('opsgenie', { address: 'https://o', headers: {} }), /requires a 'token'/);
});

test('reasons read as words, as incident and commit-status services show them', () => {
  assert.deepEqual(splitCamelCase('HealthCheckFailed'), ['Health', 'Check', 'Failed']);
  assert.deepEqual(splitCamelCase('HTTPServer2'), ['HTTP', 'Server', '2']);
  assert.deepEqual(splitCamelCase('already lower'), ['already', ' ', 'lower']);
});

test('pagerduty sends no progressing or commit-status-only event, and needs a routing key', async () => {
  const pd = notifierFor('pagerduty', { address: 'http://127.0.0.1:9/x', channel: 'key', headers: {} });
  const event = kustomizationEvent({
    severity: 'info',
    message: 'reconciliation in progress',
    reason: 'Progressing',
  });
  // an aborted signal makes any attempt to send fail: resolving proves nothing was sent
  await pd.post(event, AbortSignal.abort());
  await pd.post(
    { ...event, reason: 'ReconciliationSucceeded', metadata: { commit_status: 'update' } },
    AbortSignal.abort(),
  );
  await assert.rejects(pd.post({ ...event, reason: 'ReconciliationSucceeded' }, AbortSignal.abort()));
  assert.throws(
    () => notifierFor('pagerduty', { address: 'https://p', headers: {} }),
    /requires a 'channel'/,
  );
});

test('a sentry DSN names the envelope endpoint and the key, a path prefix kept', () => {
  assert.deepEqual(sentryTarget('https://abc@o1.ingest.sentry.io/42'), {
    url: 'https://o1.ingest.sentry.io/api/42/envelope/',
    key: 'abc',
  });
  assert.deepEqual(sentryTarget('http://k@sentry.local:9000/prefix/7'), {
    url: 'http://sentry.local:9000/prefix/api/7/envelope/',
    key: 'k',
  });
  assert.throws(() => sentryTarget('https://sentry.io/42'), /invalid sentry dsn/);
  assert.throws(() => sentryTarget('https://abc@sentry.io/'), /invalid sentry dsn/);
});

test('an error is a sentry error event with the metadata as extra, not a transaction', () => {
  const e = sentryEvent(
    kustomizationEvent({ timestamp: '2026-01-01T00:00:00.000Z', metadata: { revision: 'main@sha1:abc' } }),
    undefined,
  );
  assert.match(e.event_id, /^[0-9a-f]{32}$/);
  const { event_id: _, ...rest } = e;
  assert.deepEqual(rest, {
    timestamp: '2026-01-01T00:00:00Z',
    transaction: 'Kustomization: flux-system/apps',
    message: 'health check failed',
    level: 'error',
    server_name: 'kustomize-controller',
    extra: { revision: 'main@sha1:abc' },
  });
});
