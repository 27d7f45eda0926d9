import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { commonMetadataDigest, postRenderersDigest } from './flux-digests.ts';
import type { PostRenderSpec } from './flux-post-render.ts';

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const spec = (s: PostRenderSpec) => s;

test('the post-renderers digest is Go JSON of the list (API field order, omitempty) with a newline', () => {
  const digest = postRenderersDigest(
    spec({
      postRenderers: [
        {
          kustomize: {
            // keys in another order than Go's fields: the digest must not depend on it
            images: [{ newTag: '2.0', name: 'web' }],
            patches: [{ target: { name: 'web', kind: 'Deployment' }, patch: 'x: <1>' }],
          },
        },
      ],
    }),
  );
  assert.equal(
    digest,
    sha(
      '[{"kustomize":{"patches":[{"patch":"x: \\u003c1\\u003e","target":{"kind":"Deployment","name":"web"}}],"images":[{"name":"web","newTag":"2.0"}]}}]\n',
    ),
  );
  assert.equal(postRenderersDigest(spec({})), undefined);
  assert.equal(postRenderersDigest(spec({ postRenderers: [] })), sha('[]\n'));
});

test('the common metadata digest: annotations then labels, maps sorted', () => {
  assert.equal(
    commonMetadataDigest(spec({ commonMetadata: { labels: { b: '2', a: '1' }, annotations: { x: 'y' } } })),
    sha('{"annotations":{"x":"y"},"labels":{"a":"1","b":"2"}}\n'),
  );
  assert.equal(commonMetadataDigest(spec({})), undefined);
});
