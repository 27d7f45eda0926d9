import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTagVersion, pickSemverTag } from './semver-tag.ts';

// Expected picks follow Flux's documented semver behaviour (Masterminds constraints, tags parsed
// as strict SemVer with an optional `v`): prereleases only for constraints that name one.
const tags = ['latest', '6.0.0', 'v6.1.0', '6.1.1-rc.1', '6.2', '7.0.0', 'v6.0.3', 'main-abc'];

test('tags parse as strict semver with an optional v', () => {
  assert.equal(parseTagVersion('v1.2.3')?.toString(), '1.2.3');
  assert.equal(parseTagVersion('1.2.3-rc.1+b1')?.toString(), '1.2.3-rc.1+b1');
  for (const bad of ['latest', '1.2', '=1.2.3', '01.2.3', 'v1.2.3.4'])
    assert.equal(parseTagVersion(bad), undefined, bad);
});

test('the highest matching tag wins and keeps its original spelling', () => {
  assert.equal(pickSemverTag(tags, '6.x'), 'v6.1.0');
  assert.equal(pickSemverTag(tags, '>=6.0.0'), '7.0.0');
  assert.equal(pickSemverTag(tags, '>= 6.0.0, < 6.1.0'), 'v6.0.3');
  assert.equal(pickSemverTag(tags, '~6.0'), 'v6.0.3');
  assert.equal(pickSemverTag(tags, '>=6.1.1-rc.0 <6.2.0-0'), '6.1.1-rc.1');
  assert.equal(pickSemverTag(tags, '>=6.1.1-rc.0 <6.2.0'), '6.1.1-rc.1');
  assert.equal(pickSemverTag(tags, '5.x || 6.0.x'), 'v6.0.3');
});

test('a prerelease matches only when its alternative names a prerelease (Masterminds)', () => {
  const pre = ['1.4.0', '1.5.0-rc.1', '2.0.0-beta.1'];
  assert.equal(pickSemverTag(pre, '>=1.0.0-0'), '2.0.0-beta.1');
  assert.equal(pickSemverTag(pre, '>=1.0.0-0 <2.0.0'), '2.0.0-beta.1');
  assert.equal(pickSemverTag(pre, '>=1.0.0-0 <2.0.0-0'), '1.5.0-rc.1');
  assert.equal(pickSemverTag(pre, '>=1.0.0'), '1.4.0');
  assert.equal(pickSemverTag(pre, '>=3.0.0 || >=1.5.0-0'), '2.0.0-beta.1');
});

test('semverFilter keeps only matching tags first', () => {
  assert.equal(pickSemverTag(tags, '*', '^6\\.'), '6.0.0');
  assert.equal(pickSemverTag(tags, '*', '^v'), 'v6.1.0');
});

test('no match, a bad constraint and a bad filter fail with Flux wording', () => {
  assert.throws(() => pickSemverTag(tags, '>=8.0.0'), /^Error: no match found for semver: >=8\.0\.0$/);
  assert.throws(() => pickSemverTag(tags, 'not a range!'), /semver 'not a range!' parse error/);
  assert.throws(() => pickSemverTag(tags, '*', '('), /error parsing regexp/);
});
