import { dirname } from 'node:path';
import { defaultClusterDir } from '../../cluster/index.ts';

/**
 * tsflux's own state directory on this machine (`$XDG_STATE_HOME/tsflux`, by default
 * `~/.local/state/tsflux`): the local control plane's directory, `tsflux up`'s artifact storage
 * and its pid file live there, never in the directory tsflux was started from.
 */
export function stateDir(): string {
  return dirname(defaultClusterDir());
}
