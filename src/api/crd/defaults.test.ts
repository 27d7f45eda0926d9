import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultObject } from '../registry.ts';
import { applyDefaults } from './defaults.ts';

test('defaults fill absent and null fields, recursively, but never create absent parents', () => {
  const schema = {
    type: 'object',
    properties: {
      a: { type: 'string', default: 'x' },
      b: { type: 'object', properties: { c: { type: 'integer', default: 3 } } },
      d: { type: 'object', default: {}, properties: { e: { type: 'boolean', default: true } } },
      list: { type: 'array', items: { type: 'object', properties: { f: { type: 'string', default: 'g' } } } },
      map: {
        type: 'object',
        additionalProperties: { type: 'object', properties: { h: { type: 'string', default: 'i' } } },
      },
      n: { type: 'string', nullable: true, default: 'kept-null' },
      m: { type: 'string', default: 'replaces-null' },
    },
  };
  const input = { list: [{}, { f: 'own' }], map: { k: {} }, n: null, m: null };
  assert.deepEqual(applyDefaults(schema, input), {
    a: 'x',
    d: { e: true },
    list: [{ f: 'g' }, { f: 'own' }],
    map: { k: { h: 'i' } },
    n: null,
    m: 'replaces-null',
  });
  assert.deepEqual(input.list, [{}, { f: 'own' }], 'the input is not modified');
});

test('a v1 GitRepository gets the defaults its CRD declares', () => {
  const repo: { spec: Record<string, unknown> } = defaultObject({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    spec: { interval: '1m', url: 'https://example.com/x', verify: { secretRef: { name: 'k' } } },
  });
  assert.equal(repo.spec.timeout, '60s');
  assert.equal((repo.spec.verify as { mode?: string }).mode, 'HEAD');
  const unknown = { apiVersion: 'example.com/v1', kind: 'Thing' };
  assert.equal(defaultObject(unknown), unknown);
});
