/**
 * The parts of a Flux Kustomization's spec the offline build pipeline reads. Structurally a subset
 * of the API type, so a whole `Kustomization.spec` can be passed as it is.
 */
export interface KustomizationBuildSpec {
  /** Directory of the root kustomization inside the artifact (default the root). */
  path?: string;
  targetNamespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  patches?: { patch: string; target?: Record<string, string | undefined> }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  components?: string[];
  ignoreMissingComponents?: boolean;
  commonMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  postBuild?: {
    substitute?: Record<string, string>;
    substituteFrom?: { kind: string; name: string; optional?: boolean }[];
    substituteStrategy?: string;
  };
}
