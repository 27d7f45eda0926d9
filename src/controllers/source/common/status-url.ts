import { mkdirSync, renameSync, symlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Artifact } from '../../../api/index.ts';
import type { ArtifactStorage } from '../storage/index.ts';

/**
 * Points a fixed name (`index.yaml`, `latest.tar.gz`) beside the artifact at it with a symbolic
 * link, replaced atomically, and returns the link's URL, Flux's `status.url`. Best effort, as in
 * Flux: a failure leaves the URL unset.
 */
export function linkArtifact(storage: ArtifactStorage, artifact: Artifact, name: string): string | undefined {
  try {
    const file = storage.localPath(artifact);
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.${name}.tmp-${process.pid}-${Date.now()}`);
    symlinkSync(basename(file), tmp);
    renameSync(tmp, join(dir, name));
    return artifact.url.replace(/[^/]*$/, name);
  } catch {
    return undefined;
  }
}
