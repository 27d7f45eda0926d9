import { GO_TYPE, goInt, typedSlice } from '../gotemplate/index.ts';
import type { Chart, ChartFile, ChartMetadata } from './chart.ts';
import { gobwasGlobRegExp } from './glob.ts';
import { toYaml } from './yaml-emit.ts';

/** Helm's version as `.Capabilities.HelmVersion` reports it (the oracle's build). */
export const HELM_BUILD = {
  version: 'v4.1.4',
  git_commit: '05fa37973dc9e42b76e1d2883494c87174b6074f',
  git_tree_state: 'clean',
  go_version: 'go1.25.9',
  kube_client_version: 'v1.35',
};

/** The API versions `helm template` assumes without a cluster (Helm v4.1 over client-go 1.35). */
export const DEFAULT_API_VERSIONS = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'node.k8s.io/v1alpha1',
  'node.k8s.io/v1beta1',
  'policy/v1',
  'policy/v1beta1',
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'resource.k8s.io/v1',
  'resource.k8s.io/v1beta2',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1alpha3',
  'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storagemigration.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
];

/** The Kubernetes version `helm template` assumes without --kube-version. */
export const DEFAULT_KUBE_VERSION = 'v1.35.0';

/** `.Capabilities.KubeVersion`: fields Version, Major, Minor; String() and GitVersion(). */
export class KubeVersion {
  readonly Version: string;
  readonly Major: string;
  readonly Minor: string;
  constructor(version: string) {
    const v = version.startsWith('v') ? version : `v${version}`;
    const m = /^v(\d+)(?:\.(\d+))?/.exec(v);
    if (!m) throw new Error(`invalid kube version '${version}'`);
    this.Version = v;
    this.Major = m[1];
    this.Minor = m[2] ?? '0';
  }
  get [GO_TYPE](): string {
    return 'common.KubeVersion';
  }
  /** The version without pre-release and build parts, as Helm's KubeVersion.String returns it. */
  String(): string {
    return this.Version.replace(/[-+].*$/, '');
  }
  GitVersion(): string {
    return this.Version;
  }
  toGoJSON(): unknown {
    return { Version: this.Version, Major: this.Major, Minor: this.Minor };
  }
}

/** `.Capabilities.APIVersions`: the list, with Has(). */
export class VersionSet {
  readonly list: string[];
  constructor(list: string[]) {
    this.list = list;
  }
  get [GO_TYPE](): string {
    return 'common.VersionSet';
  }
  Has(apiVersion: string): boolean {
    return this.list.includes(apiVersion);
  }
  toGoJSON(): unknown {
    return this.list;
  }
}

/** `.Capabilities.HelmVersion`. */
export class HelmBuildInfo {
  readonly Version = HELM_BUILD.version;
  readonly GitCommit = HELM_BUILD.git_commit;
  readonly GitTreeState = HELM_BUILD.git_tree_state;
  readonly GoVersion = HELM_BUILD.go_version;
  readonly KubeClientVersion = HELM_BUILD.kube_client_version;
  get [GO_TYPE](): string {
    return 'version.BuildInfo';
  }
  toGoJSON(): unknown {
    return HELM_BUILD;
  }
}

/** `.Capabilities`. */
export class Capabilities {
  readonly KubeVersion: KubeVersion;
  readonly APIVersions: VersionSet;
  readonly HelmVersion = new HelmBuildInfo();
  constructor(kubeVersion: string, apiVersions: string[]) {
    this.KubeVersion = new KubeVersion(kubeVersion);
    this.APIVersions = new VersionSet(apiVersions);
  }
  get [GO_TYPE](): string {
    return '*common.Capabilities';
  }
  toGoJSON(): unknown {
    return { KubeVersion: this.KubeVersion, APIVersions: this.APIVersions, HelmVersion: this.HelmVersion };
  }
}

const dec = new TextDecoder();

/** `.Files`: a chart's non-template files, with Helm's accessor methods. */
export class Files {
  readonly entries: Map<string, Uint8Array>;
  constructor(files: ChartFile[] | Map<string, Uint8Array>) {
    this.entries = files instanceof Map ? files : new Map(files.map((f) => [f.name, f.data]));
  }
  get [GO_TYPE](): string {
    return 'engine.files';
  }
  /** The file's text, or "" when it does not exist. */
  Get(name: string): string {
    const d = this.entries.get(name);
    return d ? dec.decode(d) : '';
  }
  GetBytes(name: string): Uint8Array {
    return this.entries.get(name) ?? new Uint8Array();
  }
  Glob(pattern: string): Files {
    const re = gobwasGlobRegExp(pattern);
    return new Files(new Map([...this.entries].filter(([k]) => re.test(k))));
  }
  Lines(name: string): string[] {
    const d = this.entries.get(name);
    if (!d) return typedSlice('string', []);
    let s = dec.decode(d);
    if (s.endsWith('\n')) s = s.slice(0, -1);
    return typedSlice('string', s.split('\n'));
  }
  AsConfig(): string {
    const m: Record<string, string> = {};
    for (const [k, v] of this.entries) m[k.slice(k.lastIndexOf('/') + 1)] = dec.decode(v);
    return toYaml(m);
  }
  AsSecrets(): string {
    const m: Record<string, string> = {};
    for (const [k, v] of this.entries) m[k.slice(k.lastIndexOf('/') + 1)] = Buffer.from(v).toString('base64');
    return toYaml(m);
  }
  toGoJSON(): unknown {
    const out: Record<string, Uint8Array> = {};
    for (const [k, v] of this.entries) out[k] = v;
    return out;
  }
}

/** `.Chart` as Helm v4 exposes it: a map with the metadata's Go field names and IsRoot. */
export function chartObject(chart: Chart): Record<string, unknown> {
  const md: ChartMetadata = chart.metadata;
  const list = (v: string[] | undefined) => [...(v ?? [])];
  return {
    APIVersion: md.apiVersion ?? '',
    Annotations: md.annotations ? { ...md.annotations } : null,
    AppVersion: md.appVersion ?? '',
    Condition: md.condition ?? '',
    Dependencies: (md.dependencies ?? []).map((d) => ({
      Name: d.name ?? '',
      Version: d.version ?? '',
      Repository: d.repository ?? '',
      Condition: d.condition ?? '',
      Tags: list(d.tags),
      Enabled: d.enabled ?? false,
      ImportValues: d['import-values'] ?? [],
      Alias: d.alias ?? '',
    })),
    Deprecated: md.deprecated ?? false,
    Description: md.description ?? '',
    Home: md.home ?? '',
    Icon: md.icon ?? '',
    IsRoot: !chart.parent,
    Keywords: list(md.keywords),
    KubeVersion: md.kubeVersion ?? '',
    Maintainers: (md.maintainers ?? []).map((m) => ({
      Email: m.email ?? '',
      Name: m.name ?? '',
      URL: m.url ?? '',
    })),
    Name: md.name,
    Sources: list(md.sources),
    Tags: md.tags ?? '',
    Type: md.type ?? '',
    Version: md.version,
  };
}

/** `.Release` for `helm template` (a first install). */
export function releaseObject(
  name: string,
  namespace: string,
  revision = 1,
  isUpgrade = false,
): Record<string, unknown> {
  return {
    Name: name,
    Namespace: namespace,
    IsUpgrade: isUpgrade,
    IsInstall: !isUpgrade,
    Revision: goInt(revision),
    Service: 'Helm',
  };
}
