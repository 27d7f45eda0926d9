import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexToJson } from './index-json.ts';
import { parseRepositoryIndex } from './repository-index.ts';

// Expected text written from Go's encoding/json rules for Helm's repo.IndexFile: struct field
// order (metadata fields first), omitempty fields dropped, `created` always present, map keys
// sorted, two-space indent, and `<`, `>`, `&` escaped as \u003c, \u003e, \u0026.
test('the stored index is Go JSON of Helm IndexFile', () => {
  const index = parseRepositoryIndex(
    Buffer.from(`apiVersion: v1
generated: "2024-01-01T00:00:00Z"
entries:
  zeta:
  - version: 1.0.0
    name: zeta
    urls: [zeta-1.0.0.tgz]
  alpha:
  - urls: [alpha-0.1.0.tgz]
    description: a <b> & c
    version: 0.1.0
    apiVersion: v2
    name: alpha
    digest: abc
    created: "2024-01-02T03:04:05.123Z"
    annotations: {z: "1", a: "2"}
`),
  );
  const json = indexToJson(index as typeof index & Record<string, unknown>);
  assert.equal(
    json,
    `{
  "apiVersion": "v1",
  "generated": "2024-01-01T00:00:00Z",
  "entries": {
    "alpha": [
      {
        "name": "alpha",
        "version": "0.1.0",
        "description": "a \\u003cb\\u003e \\u0026 c",
        "apiVersion": "v2",
        "annotations": {
          "a": "2",
          "z": "1"
        },
        "urls": [
          "alpha-0.1.0.tgz"
        ],
        "created": "2024-01-02T03:04:05.123Z",
        "digest": "abc"
      }
    ],
    "zeta": [
      {
        "name": "zeta",
        "version": "1.0.0",
        "apiVersion": "v1",
        "urls": [
          "zeta-1.0.0.tgz"
        ],
        "created": "0001-01-01T00:00:00Z"
      }
    ]
  }
}`,
  );
});
