import type { Command } from '../command.ts';
import { listCommand, pullCommand, pushCommand, tagCommand } from './artifact.ts';
import { clusterCommand } from './cluster.ts';
import { controllerCommand } from './controller.ts';
import { deleteCommand } from './delete.ts';
import { eventsCommand } from './events.ts';
import { exportCommand } from './export.ts';
import { getCommand } from './get.ts';
import { helmCommand } from './helm.ts';
import { checkCommand, installCommand, uninstallCommand } from './install.ts';
import { kustomizeCommand } from './kustomize.ts';
import { reconcileCommand } from './reconcile.ts';
import { resumeCommand, suspendCommand } from './suspend-resume.ts';
import { upCommand } from './up.ts';

/**
 * Every top-level `tsflux` command, in the order `tsflux --help` lists them.
 * Each command lives in its own file beside this one.
 */
export const commands: Command[] = [
  upCommand,
  getCommand,
  reconcileCommand,
  suspendCommand,
  resumeCommand,
  exportCommand,
  deleteCommand,
  eventsCommand,
  pushCommand,
  pullCommand,
  listCommand,
  tagCommand,
  controllerCommand,
  installCommand,
  uninstallCommand,
  checkCommand,
  clusterCommand,
  kustomizeCommand,
  helmCommand,
];
