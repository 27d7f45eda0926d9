import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StallingError } from '../../../runtime/reconcile/index.ts';
import { parseRepositoryUrl } from './auth-options.ts';

test('http, https and ssh URLs parse', () => {
  for (const url of ['http://h/r.git', 'https://h:8443/o/r', 'ssh://git@h:22/o/r.git'])
    assert.equal(parseRepositoryUrl(url).href.startsWith(url.split(':')[0]), true);
});

test('an unparsable URL or another scheme stalls with URLInvalid', () => {
  for (const url of ['http://exa mple/[x', 'ftp://h/r.git', 'file:///tmp/r']) {
    assert.throws(
      () => parseRepositoryUrl(url),
      (e: unknown) => e instanceof StallingError && e.reason === 'URLInvalid',
    );
  }
});
