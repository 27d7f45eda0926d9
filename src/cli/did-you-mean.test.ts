import assert from 'node:assert/strict';
import { test } from 'node:test';
import { didYouMean } from './did-you-mean.ts';

const words = ['kustomization', 'ks', 'helmrelease', 'hr', 'source git', 'alert', 'receiver'];

test('a typo or a prefix suggests the nearest word', () => {
  assert.equal(didYouMean('kustomizaton', words), 'kustomization');
  assert.equal(didYouMean('helmrelase', words), 'helmrelease');
  assert.equal(didYouMean('source gti', words), 'source git');
  assert.equal(didYouMean('recei', words), 'receiver');
});

test('nothing close suggests nothing', () => {
  assert.equal(didYouMean('deployment', words), undefined);
  assert.equal(didYouMean('x', words), undefined);
});
