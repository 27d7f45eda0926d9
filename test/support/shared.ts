import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * `shared/` beside the project checkout: Flux's reference CRDs and the fixture charts and
 * repositories some tests read in place. A fresh clone may not have it; `TSFLUX_SHARED_DIR`
 * points elsewhere (and lets a test prove the suite copes without it).
 */
export const sharedDir = resolve(
  process.env.TSFLUX_SHARED_DIR ?? join(import.meta.dirname, '../../../shared'),
);

/** A path inside {@link sharedDir}. */
export const sharedPath = (...parts: string[]) => join(sharedDir, ...parts);

/**
 * For node:test's `skip` option: the reason when `shared/` is missing, else false, so tests that
 * read it are reported as skipped and why, instead of failing on ENOENT.
 */
export const withoutShared: string | false = existsSync(sharedDir)
  ? false
  : `${sharedDir} is missing (Flux's reference CRDs and fixtures; see README, Development)`;
