import { IgnoreMatcher } from './gitignore.ts';

/** Version-control files Flux never puts in an artifact. */
export const EXCLUDE_VCS = ['.git/', '.gitignore', '.gitmodules', '.gitattributes'];
/** CI configuration Flux leaves out by default. */
export const EXCLUDE_CI = [
  '.github/',
  '.circleci/',
  '.travis.yml',
  '.gitlab-ci.yml',
  'appveyor.yml',
  '.drone.yml',
  'cloudbuild.yaml',
  'codeship-services.yml',
  'codeship-steps.yml',
];
/** Other tooling files Flux leaves out by default. */
export const EXCLUDE_EXTRA = [
  '**/.goreleaser.yml',
  '**/.goreleaser.brew.yml',
  '**/.sops.yaml',
  '**/.flux.yaml',
  '**/.golangci.yaml',
];

/** The name of the per-directory ignore file Flux reads from sources. */
export const SOURCE_IGNORE_FILE = '.sourceignore';

/**
 * The matcher a source controller applies when packaging an artifact: Flux's default exclusions,
 * then every `.sourceignore` found in the tree (each relative to its directory), then the
 * object's `spec.ignore`, so that later patterns (including `!` negations) override earlier ones.
 */
export function sourceIgnoreMatcher(
  sourceIgnoreFiles: { dir: string; content: string }[],
  specIgnore?: string,
): IgnoreMatcher {
  const m = new IgnoreMatcher().add([...EXCLUDE_VCS, ...EXCLUDE_CI, ...EXCLUDE_EXTRA].join('\n'));
  for (const f of [...sourceIgnoreFiles].sort((a, b) => a.dir.split('/').length - b.dir.split('/').length))
    m.add(f.content, f.dir);
  if (specIgnore) m.add(specIgnore);
  return m;
}
