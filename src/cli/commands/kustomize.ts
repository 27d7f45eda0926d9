import * as nodePath from 'node:path';
import { DiskFS } from '../../engines/fs/index.ts';
import { build, emitYamlStream, formatDiagnostic } from '../../engines/kustomize/index.ts';
import { withRoot } from '../build-diff/root-paths.ts';
import { CliError, type Command } from '../command.ts';

/**
 * `tsflux kustomize DIR`: builds a kustomization offline and prints the same multi-document YAML
 * as `kubectl kustomize DIR`. Files are read through a root-confined filesystem: by default the
 * whole disk (like kubectl), or only `--root` when given, so a build can be proven not to read
 * outside a source tree. `--generate` adds Flux's behaviour of generating a kustomization for
 * directories that have none.
 */
export const kustomizeCommand: Command = {
  name: 'kustomize',
  summary: 'build a kustomization directory and print the resulting YAML',
  usage: 'DIR [flags]',
  flags: {
    root: { type: 'string', help: 'confine every file read to this directory' },
    generate: { type: 'boolean', help: 'generate a kustomization where a directory has none (as Flux does)' },
    'load-restrictor': {
      type: 'string',
      default: 'LoadRestrictionsRootOnly',
      help: 'LoadRestrictionsRootOnly or LoadRestrictionsNone (as kubectl kustomize)',
    },
  },
  run(inv) {
    if (inv.args.length !== 1) throw new CliError('expected exactly one directory argument', 2);
    const dir = nodePath.resolve(inv.args[0]);
    const root = nodePath.resolve(typeof inv.flags.root === 'string' ? inv.flags.root : '/');
    const rel = nodePath.relative(root, dir);
    if (rel.startsWith('..') || nodePath.isAbsolute(rel))
      throw new CliError(`'${inv.args[0]}' is outside the root '${root}'`);
    const result = build(new DiskFS(root), rel === '' ? '.' : rel, {
      generateKustomization: Boolean(inv.flags.generate),
    });
    const error = result.diagnostics.find((d) => d.severity === 'error');
    if (error) {
      // name the file as the user would, relative to the working directory
      const abs = error.file === undefined ? undefined : nodePath.join(root, error.file);
      const rel = abs === undefined ? undefined : nodePath.relative('.', abs) || '.';
      const file = rel?.startsWith('..') ? abs : rel;
      throw new CliError(withRoot(formatDiagnostic({ ...error, file }), root, nodePath.relative(root, dir)));
    }
    process.stdout.write(emitYamlStream(result.resources));
    return 0;
  },
};
