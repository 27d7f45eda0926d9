import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discordAddress } from './discord.ts';
import { isSupportedProvider, notifierFor, UnsupportedProviderError } from './index.ts';
import { hostOf } from './post.ts';

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
  assert.equal(isSupportedProvider('pagerduty'), false);
  assert.throws(
    () => notifierFor('pagerduty', { address: 'https://x', headers: {} }),
    UnsupportedProviderError,
  );
  assert.throws(
    () => notifierFor('generic-hmac', { address: 'https://x', headers: {} }),
    /requires a 'token'/,
  );
});

test('errors name the host only: a webhook path or credentials can hold a secret', () => {
  assert.equal(hostOf('https://user:pw@hooks.slack.com/services/T0/B0/SECRET'), 'hooks.slack.com');
  assert.equal(hostOf('not a url'), 'an invalid address');
});
