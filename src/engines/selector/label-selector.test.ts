import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LabelSelectorError, matchesLabelSelector, parseLabelSelector } from './label-selector.ts';

const labels = { app: 'web', tier: 'front', 'example.com/replicas': '3', empty: '' };

test('label selectors: equality, sets, existence and comparisons, as Kubernetes parses them', () => {
  const cases: [selector: string, selected: boolean][] = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app = web', true],
    ['app=api', false],
    ['app!=web', false],
    ['missing!=x', true],
    ['app,tier', true],
    ['app,!tier', false],
    ['!missing', true],
    ['missing', false],
    ['empty=', true],
    ['empty', true],
    ['tier in (front,back)', true],
    ['tier in (back)', false],
    ['missing in (x)', false],
    ['tier notin (back, side)', true],
    ['missing notin (x)', true],
    ['app=web, tier in (front), !legacy', true],
    ['app=web,tier notin (front)', false],
    ['example.com/replicas>2', true],
    ['example.com/replicas<3', false],
    ['app>1', false],
    ['missing<9', false],
  ];
  for (const [selector, selected] of cases)
    assert.equal(matchesLabelSelector(labels, selector), selected, selector);
  assert.equal(matchesLabelSelector(undefined, '!app'), true);
  assert.equal(parseLabelSelector('app=web').matches({ app: 'web' }), true);
});

test('label selectors: what Kubernetes refuses is an error naming the selector', () => {
  const cases: [selector: string, why: RegExp][] = [
    ['app=web,', /expected: identifier after ','/],
    ['app in (a', /found 'end of string', expected: ',', '\)'/],
    ['app in ()', /values set can't be empty/],
    ['app in a', /expected: '\('/],
    ['app=a b', /found 'b', expected: ',' or 'end of string'/],
    ['a b=c', /found 'b', expected: in, notin/],
    ['app>x', /must be an integer/],
    ['=web', /found '=', expected: !, identifier/],
    ['-app=web', /invalid key '-app'/],
    ['app=a/b', /invalid value 'a\/b'/],
    ['!app=web', /found '=', expected: ',' or 'end of string'/],
  ];
  for (const [selector, why] of cases)
    assert.throws(
      () => parseLabelSelector(selector),
      (e: Error) => {
        assert.ok(e instanceof LabelSelectorError, selector);
        assert.ok(e.message.startsWith(`invalid selector '${selector}': `), e.message);
        assert.match(e.message, why, selector);
        return true;
      },
    );
});
