import { parseDuration } from '../../../api/meta/index.ts';
import type { ReconcileContext, Request } from '../../../runtime/controller/index.ts';
import { type ReconcileResult, reconcileObject, reportersOf } from '../../../runtime/reconcile/index.ts';
import { type ImageEnv, type ImageUpdateAutomationObject, loadImageObject, statusWritten } from '../env.ts';
import { type AutomationRun, loadInputs, pushSummary, updateRepository } from './update-run.ts';

/** Ready's message after a run that left the repository as the policies want it. */
export const UpToDateMessage = 'repository up-to-date';

/**
 * Reconciles one ImageUpdateAutomation on the one reconcile shape: load the source and policies,
 * then update, commit and push; Ready `repository up-to-date`, and an event for each push
 * (Flux's `pushed commit '<short sha>' to branch '<branch>'` and the message), none when nothing
 * changed.
 */
export async function reconcileImageUpdateAutomation(
  env: ImageEnv,
  req: Request,
  ctx: ReconcileContext,
): Promise<ReconcileResult | undefined> {
  const loaded = loadImageObject<ImageUpdateAutomationObject>(env, req, 'ImageUpdateAutomation');
  if (!loaded) return undefined;
  return reconcileObject<ImageUpdateAutomationObject, AutomationRun>({
    kube: env.kube,
    ...loaded,
    start: () => ({ env, signal: ctx.signal, pushes: [] }),
    steps: [loadInputs, updateRepository],
    exit: (o, run) => ({
      intervalMs: parseDuration(o.spec.interval),
      successMessage: UpToDateMessage,
      onPatched: statusWritten(env, req, 'ImageUpdateAutomation'),
      reporters: reportersOf({ recorder: env.automationRecorder, recordDuration: env.recordDuration }),
      events: {
        success: () => {
          // Flux pushes once a run; a templated branch may push more: the event of the last
          // push is the exit's, the others are recorded as they are
          for (const push of run.pushes.slice(0, -1))
            env.automationRecorder.event(o, 'Normal', 'Succeeded', pushSummary(push));
          const last = run.pushes.at(-1);
          return last && { type: 'Normal', reason: 'Succeeded', message: pushSummary(last) };
        },
      },
    }),
  });
}
