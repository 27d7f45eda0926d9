import { ImageReflectorReason } from '../../../api/image/v1/index.ts';
import { parseDuration } from '../../../api/meta/index.ts';
import { compileRegex, type Regex } from '../../../engines/regex/index.ts';
import { StallingError, TransientError, toError } from '../../../runtime/reconcile/index.ts';
import type { ImageEnv, ImageRepositoryObject } from '../env.ts';
import { type ImageName, parseImageName } from '../image-name.ts';
import { latestTags, latestTagsOptions } from './latest-tags.ts';
import { registryClient } from './registry-client.ts';

/** Flux's default `spec.exclusionList`: cosign signature tags. */
export const DefaultExclusionList = ['^.*\\.sig$'];

/** What one run of an ImageRepository learns. */
export interface RepositoryRun {
  env: ImageEnv;
  signal: AbortSignal;
  /** Set when the run skipped the scan: the time left until the next one is due. */
  nextScanMs?: number;
}

/** The exclusion patterns of the spec, compiled (RE2); a bad one stalls until the spec changes. */
export function exclusions(obj: ImageRepositoryObject): { patterns: string[]; regexes: Regex[] } {
  const patterns = obj.spec.exclusionList ?? DefaultExclusionList;
  const regexes = patterns.map((p) => {
    try {
      return compileRegex(p);
    } catch (e: unknown) {
      // Flux's words (its scan fails); stalled here, as only a new spec can mend it
      throw new StallingError(
        ImageReflectorReason.ReadOperationFailed,
        `scan failed: failed to compile regex ${p}: ${toError(e).message}`,
      );
    }
  });
  return { patterns, regexes };
}

const sameList = (a: readonly string[] | undefined, b: readonly string[]) =>
  !!a && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Whether the stored scan still answers: same spec generation, image and exclusions, no reconcile
 * requested since, the tags still on disk, and the interval not elapsed. A restarted manager thus
 * answers its policies from disk and scans when the interval is due, as Flux's reflector does.
 * Returns the time left until the next scan, or undefined to scan now.
 */
async function scanDueIn(
  obj: ImageRepositoryObject,
  run: RepositoryRun,
  image: ImageName,
  patterns: string[],
): Promise<number | undefined> {
  const status = obj.status;
  const last = status?.lastScanResult;
  if (!last?.scanTime || status?.observedGeneration !== obj.metadata?.generation) return undefined;
  if (status?.canonicalImageName !== image.canonical || !sameList(status?.observedExclusionList, patterns))
    return undefined;
  const requested = obj.metadata?.annotations?.['reconcile.fluxcd.io/requestedAt'];
  if (requested && requested !== status?.lastHandledReconcileAt) return undefined;
  const stored = await run.env.tags.read(obj.metadata?.namespace ?? '', obj.metadata?.name ?? '');
  if (!stored || stored.revision !== last.revision) return undefined;
  const left = Date.parse(last.scanTime) + parseDuration(obj.spec.interval) - Date.now();
  return left > 0 ? left : undefined;
}

/** Flux's wording of a successful scan (Ready's message and the event). */
export const scanMessage = (tagCount: number) => `successful scan: found ${tagCount} tags`;

/**
 * The one step of an ImageRepository: reads the image name, lists every tag through the registry
 * API (all pages), drops the excluded ones, stores the rest on disk and records the scan in the
 * status. Skipped, with the stored result kept, while the last scan is still current.
 */
export async function scanRepository(obj: ImageRepositoryObject, run: RepositoryRun): Promise<void> {
  const image = parseImageName(obj.spec.image);
  const { patterns, regexes } = exclusions(obj);
  const listed = latestTagsOptions(obj);
  obj.status ??= {};
  const dueIn = await scanDueIn(obj, run, image, patterns);
  if (dueIn !== undefined) {
    run.nextScanMs = dueIn;
    return;
  }
  const timeoutMs = parseDuration(obj.spec.timeout ?? obj.spec.interval);
  const signal = AbortSignal.any([run.signal, AbortSignal.timeout(timeoutMs)]);
  const client = await registryClient(run.env.kube, obj, image, { timeoutMs, signal });
  let tags: string[];
  try {
    tags = await client.listTags(image.repository);
  } catch (e: unknown) {
    // as Flux: any listing failure, refused credentials included, is a failed read
    throw new TransientError(ImageReflectorReason.ReadOperationFailed, `scan failed: ${toError(e).message}`, {
      cause: e,
    });
  }
  const kept = tags.filter((t) => !regexes.some((re) => re.test(t)));
  const revision = await run.env.tags.write(
    obj.metadata?.namespace ?? '',
    obj.metadata?.name ?? '',
    image.canonical,
    kept,
  );
  obj.status.canonicalImageName = image.canonical;
  obj.status.observedExclusionList = patterns;
  obj.status.lastScanResult = {
    tagCount: kept.length,
    scanTime: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    latestTags: latestTags(kept, listed),
    revision,
  };
}
