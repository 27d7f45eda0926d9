/**
 * The Artifact sources produce and appliers consume.
 */
import Type from 'typebox';
import { StringMap } from './schema-helpers.ts';

/** A file produced by a source (tarball or chart) with its revision, digest, size and download URL. */
export const Artifact = Type.Object({
  digest: Type.String({ pattern: '^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$' }),
  lastUpdateTime: Type.String({ format: 'date-time' }),
  metadata: Type.Optional(StringMap()),
  path: Type.String(),
  revision: Type.String(),
  size: Type.Optional(Type.Integer({ format: 'int64' })),
  url: Type.String(),
});
/** Artifact, as TypeScript. */
export type Artifact = Type.Static<typeof Artifact>;
