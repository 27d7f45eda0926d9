import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanSize } from './human-size.ts';

test('sizes read as docker units.HumanSize writes them', () => {
  assert.equal(humanSize(578), '578B');
  assert.equal(humanSize(1234), '1.234kB');
  assert.equal(humanSize(1000), '1kB');
  assert.equal(humanSize(52428800), '52.43MB');
});
