import { parseDuration } from '../../../api/meta/index.ts';
import type { ReconcileContext, Request } from '../../../runtime/controller/index.ts';
import { type ReconcileResult, reconcileObject, reportersOf } from '../../../runtime/reconcile/index.ts';
import { type ImageEnv, type ImageRepositoryObject, loadImageObject, statusWritten } from '../env.ts';
import { type RepositoryRun, scanMessage, scanRepository } from './scan.ts';

/**
 * Reconciles one ImageRepository on the one reconcile shape: scan (or keep the current scan), then
 * Ready `Succeeded` with Flux's message; the next run when the interval is due. Deleting it drops
 * its stored tags.
 */
export async function reconcileImageRepository(
  env: ImageEnv,
  req: Request,
  ctx: ReconcileContext,
): Promise<ReconcileResult | undefined> {
  const loaded = loadImageObject<ImageRepositoryObject>(env, req, 'ImageRepository');
  if (!loaded) return undefined;
  return reconcileObject<ImageRepositoryObject, RepositoryRun>({
    kube: env.kube,
    ...loaded,
    finalize: () => env.tags.remove(req.namespace ?? '', req.name),
    start: () => ({ env, signal: ctx.signal }),
    steps: [scanRepository],
    exit: (o, run) => ({
      intervalMs: run.nextScanMs ?? parseDuration(o.spec.interval),
      successMessage: scanMessage(o.status?.lastScanResult?.tagCount ?? 0),
      onPatched: statusWritten(env, req, 'ImageRepository'),
      reporters: reportersOf({ recorder: env.reflectorRecorder, recordDuration: env.recordDuration }),
    }),
  });
}
