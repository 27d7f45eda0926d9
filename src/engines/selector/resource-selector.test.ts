import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RegexSyntaxError } from '../regex/index.ts';
import {
  matchesResource,
  type ResourceSelector,
  resourceMatcher,
  type SelectableObject,
} from './resource-selector.ts';

const object = (apiVersion: string, kind: string, metadata: SelectableObject['metadata']) => ({
  apiVersion,
  kind,
  metadata,
});
const deployment = object('apps/v1', 'Deployment', {
  name: 'web',
  namespace: 'apps',
  labels: { app: 'web', tier: 'front' },
  annotations: { 'example.com/owner': 'team-a' },
});
const configMap = object('v1', 'ConfigMap', { name: 'web-config' });

test('resource selectors: every field is an anchored regular expression, empty selects all', () => {
  const cases: [selector: ResourceSelector, deployment: boolean, configMap: boolean][] = [
    [{}, true, true],
    [{ group: '', version: '', kind: '', name: '' }, true, true],
    [{ group: 'apps', version: 'v1', kind: 'Deployment' }, true, false],
    [{ version: 'v1' }, true, true],
    [{ group: 'batch' }, false, false],
    // kustomize build treated these as patterns and ssa drift as literals; both are patterns now
    [{ kind: 'Deploy.*' }, true, false],
    [{ group: 'app.' }, true, false],
    [{ version: 'v[0-9]+' }, true, true],
    [{ kind: 'ConfigMap|Deployment' }, true, true],
    // anchored: a pattern must match the whole field, not part of it
    [{ name: 'we' }, false, false],
    [{ name: 'web' }, true, false],
    [{ name: 'web.*' }, true, true],
    [{ kind: 'Deploy' }, false, false],
    [{ namespace: 'app.' }, true, false],
    [{ namespace: '' }, true, true],
    // a literal name with regex metacharacters still matches itself
    [{ name: 'web-config' }, false, true],
    [{ labelSelector: 'app=web,tier in (front)' }, true, false],
    [{ labelSelector: '!app' }, false, true],
    [{ annotationSelector: 'example.com/owner=team-a' }, true, false],
    [{ kind: 'Deployment', labelSelector: 'tier=back' }, false, false],
  ];
  for (const [selector, d, c] of cases) {
    const selects = resourceMatcher(selector);
    assert.equal(selects(deployment), d, `${JSON.stringify(selector)} on the Deployment`);
    assert.equal(matchesResource(configMap, selector), c, `${JSON.stringify(selector)} on the ConfigMap`);
  }
});

test('resource selectors: invalid patterns fail with Go RE2 messages, backtracking bombs run in linear time', () => {
  assert.throws(() => resourceMatcher({ name: '(' }), RegexSyntaxError);
  assert.throws(() => resourceMatcher({ name: '(?=web)' }), RegexSyntaxError, 'no lookaround in RE2');
  assert.throws(() => resourceMatcher({ labelSelector: 'app in (' }), /invalid selector 'app in \('/);
  // catastrophic for a backtracking engine; RE2 answers at once
  const bomb = resourceMatcher({ name: '(a+)+b' });
  assert.equal(bomb({ metadata: { name: `${'a'.repeat(5000)}c` } }), false);
});
