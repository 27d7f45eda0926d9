#!/usr/bin/env node
import { dispatch } from './command.ts';
import { commands } from './commands/index.ts';
import { exitQuietlyOnClosedPipe } from './quiet-pipe.ts';

const root = {
  name: '',
  summary: 'a drop-in, API-compatible Flux v2 GitOps toolkit in one process',
  description:
    'tsflux runs the Flux controllers (source, kustomize, helm, image, notification) in one process,\n' +
    'reads and writes the same custom resources as Flux 2.9, and renders Kustomizations and Helm charts offline.',
  subcommands: commands,
};

exitQuietlyOnClosedPipe();
process.exitCode = await dispatch(root, process.argv.slice(2));
