/**
 * Builds one output artifact: the copy rules applied to the fetched sources, the staged tree
 * archived (Flux's default exclusions applied) and stored at
 * `externalartifact/<namespace>/<name>/<content hash>.tar.gz`, with the revision
 * `latest@<digest>` unless the rule borrows a source's revision, and the origin revision in the
 * artifact metadata when asked.
 */
import type { Artifact } from '../../../api/index.ts';
import {
  ArtifactOriginRevisionAnnotation,
  type OutputArtifact,
} from '../../../api/source-extensions/v1beta1/index.ts';
import { createTarGz } from '../../../engines/artifact/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import { sourceIgnoreMatcher } from '../../../engines/ignore/index.ts';
import type { ArtifactStorage } from '../storage/index.ts';
import { contentHash } from './content-hash.ts';
import { applyCopyRules } from './copy-rules.ts';
import type { ObservedSource } from './sources.ts';
import type { FileTree } from './tree.ts';

/** The kind generated artifacts are stored under. */
export const ExternalArtifactKind = 'ExternalArtifact';

/** Builds and stores the artifact of `spec`; throws the build failure message. */
export async function buildArtifact(
  storage: ArtifactStorage,
  namespace: string,
  spec: OutputArtifact,
  trees: ReadonlyMap<string, FileTree>,
): Promise<Artifact> {
  let staging: FileTree;
  try {
    staging = await applyCopyRules(spec.copy, trees);
  } catch (e: unknown) {
    throw new Error(`failed to apply copy operations: ${toError(e).message}`);
  }
  const hash = contentHash(spec.name, staging);
  const ignore = sourceIgnoreMatcher([]);
  const files = [...staging.files]
    .filter(([path]) => !ignoredByDefault(ignore, path))
    .map(([path, f]) => ({ path, data: f.data, executable: f.executable }));
  const base = storage.artifactFor(ExternalArtifactKind, namespace, spec.name, `${hash}.tar.gz`, '');
  let stored: Artifact;
  try {
    stored = await storage.write(base, await createTarGz(files));
  } catch (e: unknown) {
    throw new Error(`failed to create artifact: ${toError(e).message}`);
  }
  return { ...stored, revision: `latest@${stored.digest}` };
}

function ignoredByDefault(ignore: ReturnType<typeof sourceIgnoreMatcher>, path: string): boolean {
  const parts = path.split('/');
  // a file under an ignored directory is ignored with it
  for (let i = 1; i < parts.length; i++) if (ignore.ignores(parts.slice(0, i).join('/'), true)) return true;
  return ignore.ignores(path, false);
}

/**
 * Applies `revision: '@alias'` (the source's revision replaces `latest@...`) and
 * `originRevision: '@alias'` (the source's origin revision, else its revision, in the metadata).
 */
export function withRevisions(
  artifact: Artifact,
  spec: OutputArtifact,
  sources: ReadonlyMap<string, ObservedSource>,
): Artifact {
  const out = { ...artifact };
  const rev = spec.revision && sources.get(spec.revision.slice(1));
  if (rev) out.revision = rev.revision;
  if (spec.originRevision) {
    out.metadata = { ...(out.metadata ?? {}) };
    const origin = sources.get(spec.originRevision.slice(1));
    if (origin) out.metadata[ArtifactOriginRevisionAnnotation] = origin.originRevision || origin.revision;
  }
  return out;
}
