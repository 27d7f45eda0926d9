#!/usr/bin/env node
import { controllerSetups } from '../manager/controllers.ts';
import { dispatch } from './command.ts';
import { commands } from './commands/index.ts';
import { exitQuietlyOnClosedPipe } from './quiet-pipe.ts';

const root = {
  name: '',
  summary: 'a drop-in, API-compatible Flux v2 GitOps toolkit in one process',
  description:
    `tsflux runs Flux's ${Object.keys(controllerSetups)
      .join(', ')
      .replace(/, ([^,]*)$/, ' and $1')} controllers in one process ('tsflux check' lists what\n` +
    'runs; docs/controllers.md says what each does yet), reads and writes the same custom resources as\n' +
    'Flux 2.9, and renders Kustomizations and Helm charts offline.',
  subcommands: commands,
};

exitQuietlyOnClosedPipe();
process.exitCode = await dispatch(root, process.argv.slice(2));
