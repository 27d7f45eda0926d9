import type { Command } from '../command.ts';
import { clusterCommand } from './cluster.ts';
import { upCommand } from './up.ts';

/**
 * Every top-level `tsflux` command, in the order `tsflux --help` lists them.
 * Each command lives in its own file beside this one.
 */
export const commands: Command[] = [upCommand, clusterCommand];
