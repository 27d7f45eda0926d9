import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from '../fs/index.ts';
import { buildOrThrow } from './index.ts';

test('Secret data longer than one base64 line is broken into 70-character lines, as kustomize does', () => {
  const long = 'x'.repeat(60);
  const [secret] = buildOrThrow(
    new MemoryFS({
      'kustomization.yaml': `secretGenerator:\n- name: s\n  literals:\n  - long=${long}\n  - short=y\n`,
    }),
    '.',
  );
  const b64 = Buffer.from(long).toString('base64');
  assert.equal((secret as any).data.long, `${b64.slice(0, 70)}\n${b64.slice(70)}\n`);
  assert.equal((secret as any).data.short, 'eQ==');
});
