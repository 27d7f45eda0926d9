/** Flux's chart build failure reasons: the condition reason and the message prefix. */
export const BuildReason = {
  ChartReference: { reason: 'InvalidChartReference', summary: 'invalid chart reference' },
  ChartPull: { reason: 'ChartPullError', summary: 'chart pull error' },
  MetadataPatch: { reason: 'MetadataPatchError', summary: 'chart metadata patch error' },
  ValuesFilesMerge: { reason: 'ValuesFilesError', summary: 'values files merge error' },
  DependencyBuild: { reason: 'DependencyBuildError', summary: 'dependency build error' },
  ChartPackage: { reason: 'ChartPackageError', summary: 'chart package error' },
  Unknown: { reason: 'Unknown', summary: 'unknown build error' },
} as const;
/** One of {@link BuildReason}. */
export type BuildReason = (typeof BuildReason)[keyof typeof BuildReason];

/** Reasons a new generation must fix (Flux stalls on them instead of retrying). */
const PERSISTENT: BuildReason[] = [
  BuildReason.ChartReference,
  BuildReason.MetadataPatch,
  BuildReason.ValuesFilesMerge,
];
/** Reasons Flux records as BuildFailed; every other one is FetchFailed. */
const BUILD_FAILURES: BuildReason[] = [
  BuildReason.MetadataPatch,
  BuildReason.ValuesFilesMerge,
  BuildReason.DependencyBuild,
  BuildReason.ChartPackage,
];

/** A failed chart build: `<summary>: <cause>`, as Flux's BuildError prints. */
export class ChartBuildError extends Error {
  override name = 'ChartBuildError';
  readonly kind: BuildReason;
  constructor(kind: BuildReason, cause: string, options?: { cause?: unknown }) {
    super(`${kind.summary}: ${cause}`, options);
    this.kind = kind;
  }
  get persistent(): boolean {
    return PERSISTENT.includes(this.kind);
  }
  get isBuildFailure(): boolean {
    return BUILD_FAILURES.includes(this.kind);
  }
}
