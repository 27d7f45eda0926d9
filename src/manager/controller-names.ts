/**
 * Flux's controllers by their `--controllers` name, with the API groups each one reconciles.
 * tsflux implements some of them (see `availableControllers`); the others are listed so the CLI
 * can say plainly that no controller handles a kind, rather than leave its objects waiting.
 */
export const fluxControllers: Record<string, readonly string[]> = {
  source: ['source.toolkit.fluxcd.io', 'source.extensions.fluxcd.io'],
  kustomize: ['kustomize.toolkit.fluxcd.io'],
  helm: ['helm.toolkit.fluxcd.io'],
  image: ['image.toolkit.fluxcd.io'],
  notification: ['notification.toolkit.fluxcd.io'],
};

/**
 * Flux's component names of a `--controllers` name (`kustomize-controller`): one each, but the
 * image controller, which is Flux's image-reflector-controller and image-automation-controller.
 */
export function fluxComponents(controller: string): string[] {
  return controller === 'image'
    ? ['image-reflector-controller', 'image-automation-controller']
    : [`${controller}-controller`];
}

/** The `--controllers` name of the controller that reconciles an API group's kinds. */
export function controllerForGroup(group: string): string | undefined {
  return Object.entries(fluxControllers).find(([, groups]) => groups.includes(group))?.[0];
}
