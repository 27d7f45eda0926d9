import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArtifactGenerator } from '../../../api/source-extensions/v1beta1/index.ts';
import { validateGenerator } from './validate.ts';

const gen = (spec: ArtifactGenerator['spec']): ArtifactGenerator => ({
  metadata: { name: 'g', namespace: 'apps' },
  spec,
});
const copy = [{ from: '@a/**', to: '@artifact/' }];
const src = (alias: string, namespace?: string) => ({
  alias,
  kind: 'GitRepository' as const,
  name: 'repo',
  namespace,
});

test('a valid spec passes, also with a same-namespace source under no-cross-namespace-refs', () => {
  assert.equal(
    validateGenerator(
      gen({ sources: [src('a', 'apps')], artifacts: [{ name: 'x', copy, revision: '@a' }] }),
      true,
    ),
    undefined,
  );
});

test("spec errors carry source-watcher's reasons and messages", () => {
  assert.deepEqual(
    validateGenerator(gen({ sources: [src('a'), src('a')], artifacts: [{ name: 'x', copy }] }), false),
    {
      reason: 'ValidationFailed',
      message: "duplicate source alias 'a' found",
    },
  );
  assert.deepEqual(
    validateGenerator(
      gen({
        sources: [src('a')],
        artifacts: [
          { name: 'x', copy },
          { name: 'x', copy },
        ],
      }),
      false,
    ),
    { reason: 'ValidationFailed', message: "duplicate artifact name 'x' found" },
  );
  assert.deepEqual(
    validateGenerator(gen({ sources: [src('a')], artifacts: [{ name: 'x', copy, revision: '@b' }] }), false),
    { reason: 'ValidationFailed', message: "artifact x revision source alias 'b' not found" },
  );
  assert.deepEqual(
    validateGenerator(gen({ sources: [src('a', 'other')], artifacts: [{ name: 'x', copy }] }), true),
    {
      reason: 'AccessDenied',
      message: 'cross-namespace reference to source GitRepository/other/repo is not allowed',
    },
  );
  assert.equal(
    validateGenerator(gen({ sources: [src('a', 'other')], artifacts: [{ name: 'x', copy }] }), false),
    undefined,
  );
});
