import { HelmReleaseReason } from '../../api/helm/v2/index.ts';
import type { Logger } from '../../runtime/logging/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import { deleteChartTemplate } from './chart-source.ts';
import type { HelmEnv, HelmReleaseObject } from './env.ts';
import { installedTarget, uninstallRelease } from './uninstall.ts';

/**
 * Clean-up before the finalizer goes, as Flux does: unless suspended, the release the status
 * records is uninstalled (see {@link uninstallRelease}), then the HelmChart of the template is
 * deleted. A failed uninstall is a Warning `UninstallFailed` and is retried (the finalizer
 * stays).
 */
export async function finalizeHelmRelease(env: HelmEnv, obj: HelmReleaseObject, log: Logger): Promise<void> {
  const target = installedTarget(obj);
  if (obj.spec.suspend) log.info('skipping Helm uninstall for suspended resource');
  else if (target) {
    try {
      await uninstallRelease(env, obj, target);
    } catch (e: unknown) {
      const message = `Helm uninstall failed for release ${target.namespace}/${target.name}: ${toError(e).message}`;
      log.error(e, message);
      env.recorder.event(obj, 'Warning', HelmReleaseReason.UninstallFailed, message);
      throw e;
    }
  }
  await deleteChartTemplate(env, obj);
}
