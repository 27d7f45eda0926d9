/** A Kubernetes object as plain JSON-like data. */
export type KubeObject = Record<string, any>;

/** How bad a diagnostic is: errors fail the build, warnings do not. */
export type Severity = 'error' | 'warning';

/**
 * One finding of a build: a stable PascalCase code (MissingResource, Cycle, ConflictingId,
 * MalformedYaml, UnknownField, PatchTargetNotFound, RemoteNotAllowed, ...), a lowercase message,
 * and the root-relative file (and 1-based line, when known) it is about.
 */
export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  file?: string;
  line?: number;
}

/** Options of a build; the Flux-specific ones default to plain `kubectl kustomize` behaviour. */
export interface BuildOptions {
  /** Generate a kustomization (every YAML file below, recursively) where a directory has none. */
  generateKustomization?: boolean;
  /** Allow remote bases (refused otherwise: this engine never touches the network). */
  allowRemoteBases?: boolean;
  /** Allow `helmCharts` (refused otherwise). */
  allowHelmCharts?: boolean;
  /**
   * `rootOnly` (kubectl's default): a kustomization reads files only in or below its directory.
   * `none` (Flux): any file inside the filesystem root.
   */
  loadRestrictor?: 'rootOnly' | 'none';
  /** A Flux Kustomization's build-time spec, merged into the root kustomization as Flux does. */
  flux?: FluxSpec;
}

/** The parts of a Flux Kustomization spec that change the kustomize build. */
export interface FluxSpec {
  targetNamespace?: string;
  patches?: { patch: string; target?: Record<string, string> }[];
  patchesStrategicMerge?: Record<string, unknown>[];
  patchesJson6902?: { patch: unknown[]; target: Record<string, string> }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
}

/** What a build returns: the resources in output order, and every diagnostic found. */
export interface BuildResult {
  resources: KubeObject[];
  diagnostics: Diagnostic[];
}

/** A failed build: the first error diagnostic as the message, all of them attached. */
export class BuildError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
    super(first ? formatDiagnostic(first) : 'kustomize build failed');
    this.name = 'BuildError';
    this.diagnostics = diagnostics;
  }
}

/** One-line text of a diagnostic: `file:line: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}` : ''}: ` : '';
  return `${where}${d.message}`;
}

/** Internal: an error that aborts the build with one diagnostic. */
export class Fail extends Error {
  readonly diagnostic: Diagnostic;
  constructor(code: string, message: string, file?: string, line?: number) {
    super(message);
    this.diagnostic = { severity: 'error', code, message, file, line };
  }
}
