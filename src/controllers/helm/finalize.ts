import { HelmReleaseReason } from '../../api/helm/v2/index.ts';
import type { Logger } from '../../runtime/logging/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import { deleteChartTemplate } from './chart-source.ts';
import type { HelmEnv, HelmReleaseObject } from './env.ts';
import { releaseCluster } from './release-cluster.ts';
import { installedTarget, uninstallRelease } from './uninstall.ts';

/**
 * Clean-up before the finalizer goes, as Flux does: unless suspended, the release the status
 * records is uninstalled on its target cluster as its service account (see
 * {@link uninstallRelease}, {@link releaseCluster}), then the HelmChart of the template is
 * deleted. A failed uninstall is a Warning `UninstallFailed` and is retried (the finalizer
 * stays).
 */
export async function finalizeHelmRelease(env: HelmEnv, obj: HelmReleaseObject, log: Logger): Promise<void> {
  const target = installedTarget(obj);
  if (obj.spec.suspend) log.info('skipping Helm uninstall for suspended resource');
  else if (target) {
    try {
      const cluster = await releaseCluster(env, obj);
      try {
        await uninstallRelease(cluster.env, obj, target);
      } finally {
        cluster.close();
      }
    } catch (e: unknown) {
      const message = `Helm uninstall failed for release ${target.namespace}/${target.name}: ${toError(e).message}`;
      log.error(e, message);
      env.recorder.event(obj, 'Warning', HelmReleaseReason.UninstallFailed, message);
      throw e;
    }
  }
  await deleteChartTemplate(env, obj);
}
