import { parseDuration } from '../../../api/meta/index.ts';
import type { ReconcileContext, Request } from '../../../runtime/controller/index.ts';
import { type ReconcileResult, reconcileObject, reportersOf } from '../../../runtime/reconcile/index.ts';
import { type ImageEnv, type ImageUpdateAutomationObject, loadImageObject, statusWritten } from '../env.ts';
import { type AutomationRun, loadInputs, updateRepository } from './update-run.ts';

/** Ready's message after a run that left the repository as the policies want it. */
export const UpToDateMessage = 'repository up-to-date';

/**
 * Reconciles one ImageUpdateAutomation on the one reconcile shape: load the source and policies,
 * then update, commit and push; Ready `repository up-to-date`, and an event for each push
 * (`pushed commit '<sha>' to branch '<branch>'` and the message), none when nothing changed.
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
    start: () => ({ env, signal: ctx.signal }),
    steps: [loadInputs, updateRepository],
    exit: (o, run) => ({
      intervalMs: parseDuration(o.spec.interval),
      successMessage: UpToDateMessage,
      onPatched: statusWritten(env, req, 'ImageUpdateAutomation'),
      reporters: reportersOf({ recorder: env.automationRecorder, recordDuration: env.recordDuration }),
      events: {
        success: () =>
          run.pushed && {
            type: 'Normal',
            reason: 'Succeeded',
            message: `pushed commit '${run.pushed.commit}' to branch '${run.pushed.branch}'\n${run.pushed.message}`,
          },
      },
    }),
  });
}
