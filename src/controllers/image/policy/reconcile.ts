import { parseDuration } from '../../../api/meta/index.ts';
import type { ReconcileContext, Request } from '../../../runtime/controller/index.ts';
import { type ReconcileResult, reconcileObject, reportersOf } from '../../../runtime/reconcile/index.ts';
import { type ImageEnv, type ImagePolicyObject, loadImageObject, statusWritten } from '../env.ts';
import { digestPolicyOf } from './digest.ts';
import { type PolicyRun, resolvedMessage, resolvePolicy, updatedMessage } from './resolve.ts';

/**
 * Reconciles one ImagePolicy on the one reconcile shape: resolve the latest tag from the stored
 * scan, Ready with Flux's message, and an event only when the latest reference changed (its first
 * resolution, or an update from one tag to another). A policy runs again when its repository's
 * scan changes, and at its `interval` when `digestReflectionPolicy` is `Always`.
 */
export async function reconcileImagePolicy(
  env: ImageEnv,
  req: Request,
  ctx: ReconcileContext,
): Promise<ReconcileResult | undefined> {
  const loaded = loadImageObject<ImagePolicyObject>(env, req, 'ImagePolicy');
  if (!loaded) return undefined;
  return reconcileObject<ImagePolicyObject, PolicyRun>({
    kube: env.kube,
    ...loaded,
    start: () => ({ env, signal: ctx.signal }),
    steps: [resolvePolicy],
    exit: (o, run) => {
      const latest = o.status?.latestRef;
      return {
        // only `Always` looks again on its own: the others wait for a new scan
        intervalMs: digestPolicyOf(o) === 'Always' && o.spec.interval ? parseDuration(o.spec.interval) : 0,
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
