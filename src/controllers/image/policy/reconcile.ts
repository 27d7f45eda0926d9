import type { ReconcileContext, Request } from '../../../runtime/controller/index.ts';
import { type ReconcileResult, reconcileObject, reportersOf } from '../../../runtime/reconcile/index.ts';
import { type ImageEnv, type ImagePolicyObject, loadImageObject, statusWritten } from '../env.ts';
import { type PolicyRun, resolvedMessage, resolvePolicy, updatedMessage } from './resolve.ts';

/**
 * Reconciles one ImagePolicy on the one reconcile shape: resolve the latest tag from the stored
 * scan, Ready with Flux's message, and an event only when the latest reference changed (its first
 * resolution, or an update from one tag to another). A policy has no interval of its own (digest
 * reflection is a later phase): it runs again when its repository's scan changes.
 */
export async function reconcileImagePolicy(
  env: ImageEnv,
  req: Request,
  _ctx: ReconcileContext,
): Promise<ReconcileResult | undefined> {
  const loaded = loadImageObject<ImagePolicyObject>(env, req, 'ImagePolicy');
  if (!loaded) return undefined;
  return reconcileObject<ImagePolicyObject, PolicyRun>({
    kube: env.kube,
    ...loaded,
    start: () => ({ env }),
    steps: [resolvePolicy],
    exit: (o, run) => {
      const latest = o.status?.latestRef;
      return {
        intervalMs: 0,
        successMessage: latest ? resolvedMessage(latest.name, latest.tag) : undefined,
        onPatched: statusWritten(env, req, 'ImagePolicy'),
        reporters: reportersOf({ recorder: env.reflectorRecorder, recordDuration: env.recordDuration }),
        events: {
          success: () => {
            const prev = run.previous;
            if (!latest || (prev && prev.name === latest.name && prev.tag === latest.tag)) return undefined;
            return {
              type: 'Normal',
              reason: 'Succeeded',
              message: prev
                ? updatedMessage(latest.name, prev.tag, latest.tag)
                : resolvedMessage(latest.name, latest.tag),
            };
          },
        },
      };
    },
  });
}
