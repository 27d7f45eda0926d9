import assert from 'node:assert/strict';
import { test } from 'node:test';
import { remoteReason, shortMessage } from './client.ts';
import { resolveRef } from './refs.ts';

test('shortMessage: the subject, cut to 50 characters with ... as Flux', () => {
  assert.equal(shortMessage('fix: typo\n\nlong body'), 'fix: typo');
  assert.equal(shortMessage('x'.repeat(50)), 'x'.repeat(50));
  assert.equal(shortMessage(`${'é'.repeat(51)}\n`), `${'é'.repeat(50)}...`);
  assert.equal(shortMessage(''), '');
});

test("remoteReason: git's refusals in the Go client's words", () => {
  assert.equal(
    remoteReason("could not read Username for 'http://h': terminal prompts disabled"),
    'authentication required',
  );
  assert.equal(remoteReason("Authentication failed for 'https://h/r.git/'"), 'authentication required');
  assert.equal(
    remoteReason("unable to access 'http://h/r.git/': The requested URL returned error: 403"),
    'authorization failed',
  );
  assert.equal(remoteReason("repository 'http://h/r.git/' not found"), 'repository not found');
  assert.equal(remoteReason('Could not resolve host: h'), 'Could not resolve host: h');
});

test('resolveRef: tags carry their name and, when annotated, the tag object', () => {
  const refs = new Map([
    ['refs/heads/main', 'c'.repeat(40)],
    ['refs/tags/v1.0.0', 'a'.repeat(40)],
    ['refs/tags/v1.1.0', 't'.repeat(40)],
    ['refs/tags/v1.1.0^{}', 'b'.repeat(40)],
  ]);
  assert.deepEqual(resolveRef({ tag: 'v1.0.0' }, refs).tag, { name: 'v1.0.0' });
  const annotated = resolveRef({ semver: '1.x' }, refs);
  assert.equal(annotated.revision, `v1.1.0@sha1:${'b'.repeat(40)}`);
  assert.deepEqual(annotated.tag, { name: 'v1.1.0', object: 't'.repeat(40) });
  assert.equal(resolveRef({ branch: 'main' }, refs).tag, undefined);
});
