import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kindTable } from './kind-table.ts';
import { kinds } from './registry.ts';

test('the plain kind table names exactly the registry kinds at their storage versions', () => {
  assert.deepEqual(
    kindTable,
    kinds.map((k) => ({ group: k.group, kind: k.kind, plural: k.plural, storageVersion: k.storageVersion })),
  );
});
