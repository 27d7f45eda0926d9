/**
 * Builds CustomResourceDefinition objects from kind definitions: one CRD per group and kind, with
 * every served version, the storage version marked, the status subresource, printer columns and
 * the schema derived from TypeBox. When a kind has more than one version, a conversion webhook
 * stanza is added if the caller says where the webhook lives.
 */
import type { KindVersion } from './kind-definition.ts';
import { type OpenAPISchema, toOpenAPISchema } from './openapi.ts';

/** Where the API server reaches the conversion webhook: a Service in the cluster or a URL. */
export interface ConversionWebhookTarget {
  service?: { namespace: string; name: string; path?: string; port?: number };
  url?: string;
  /** PEM bundle (it is base64-encoded here) or already base64-encoded bytes. */
  caBundle?: string;
}

/** Options for {@link generateCRD}. */
export interface GenerateCRDOptions {
  conversion?: ConversionWebhookTarget;
  /**
   * Label the CRD as Flux's installer does (`app.kubernetes.io/part-of: flux`, `component`,
   * `instance`, `version`), which `flux check` and `flux uninstall` select on.
   */
  fluxLabels?: { instance: string; version: string };
}

/** The Flux controller that owns each API group's kinds (the `app.kubernetes.io/component` label). */
export function componentOf(group: string, kind: string): string {
  if (group === 'source.extensions.fluxcd.io') return 'source-watcher';
  if (group.startsWith('image.')) {
    return kind === 'ImageUpdateAutomation' ? 'image-automation-controller' : 'image-reflector-controller';
  }
  return `${group.split('.')[0]}-controller`;
}

/** A CustomResourceDefinition (apiextensions.k8s.io/v1), as a plain object. */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: {
    group: string;
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames?: string[];
      categories?: string[];
    };
    scope: 'Namespaced' | 'Cluster';
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      deprecated?: boolean;
      deprecationWarning?: string;
      additionalPrinterColumns?: KindVersion['printerColumns'];
      schema: { openAPIV3Schema: OpenAPISchema };
      subresources?: { status?: Record<string, never> };
    }>;
    conversion?: {
      strategy: 'None' | 'Webhook';
      webhook?: {
        conversionReviewVersions: string[];
        clientConfig: {
          service?: { namespace: string; name: string; path?: string; port?: number };
          url?: string;
          caBundle?: string;
        };
      };
    };
  };
}

/**
 * The CRD for one kind, from all its versions (same group and kind; exactly one storage version).
 * Older versions are included only with a `conversion` target: without the webhook the API
 * server would convert them by rewriting apiVersion alone and silently drop renamed fields.
 */
export function generateCRD(
  versions: readonly KindVersion[],
  options: GenerateCRDOptions = {},
): CustomResourceDefinition {
  if (versions.length === 0) throw new Error('a CRD needs at least one version');
  const storage = versions.filter((v) => v.storage);
  if (storage.length !== 1) throw new Error(`${versions[0].kind} must have exactly one storage version`);
  const first = storage[0];
  for (const v of versions) {
    if (v.group !== first.group || v.kind !== first.kind)
      throw new Error('versions of one CRD must share group and kind');
  }
  // Without a conversion webhook the API server would convert old versions by rewriting
  // apiVersion alone, silently pruning renamed fields: serve them only when a webhook exists.
  const served = options.conversion ? versions : [first];
  const sorted = [...served].sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  const names: CustomResourceDefinition['spec']['names'] = {
    kind: first.kind,
    listKind: first.listKind,
    plural: first.plural,
    singular: first.singular,
  };
  if (first.shortNames.length > 0) names.shortNames = [...first.shortNames];
  if (first.categories.length > 0) names.categories = [...first.categories];
  const crd: CustomResourceDefinition = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${first.plural}.${first.group}` },
    spec: {
      group: first.group,
      names,
      scope: first.namespaced ? 'Namespaced' : 'Cluster',
      versions: sorted.map((v) => {
        const entry: CustomResourceDefinition['spec']['versions'][number] = {
          name: v.version,
          served: v.served,
          storage: v.storage,
          schema: { openAPIV3Schema: toOpenAPISchema(v.schema) },
          subresources: v.statusSubresource ? { status: {} } : {},
        };
        if (v.printerColumns.length > 0)
          entry.additionalPrinterColumns = v.printerColumns.map((c) => ({ ...c }));
        if (v.deprecated) entry.deprecated = true;
        if (v.deprecationWarning) entry.deprecationWarning = v.deprecationWarning;
        return entry;
      }),
    },
  };
  if (Object.keys(first.crdAnnotations).length > 0) crd.metadata.annotations = { ...first.crdAnnotations };
  if (options.fluxLabels) {
    crd.metadata.labels = {
      'app.kubernetes.io/component': componentOf(first.group, first.kind),
      'app.kubernetes.io/instance': options.fluxLabels.instance,
      'app.kubernetes.io/part-of': 'flux',
      'app.kubernetes.io/version': options.fluxLabels.version,
    };
  }
  if (served.length > 1 && options.conversion) crd.spec.conversion = conversionStanza(options.conversion);
  return crd;
}

/** The `spec.conversion` block that points the API server at tsflux's conversion webhook. */
export function conversionStanza(
  target: ConversionWebhookTarget,
): NonNullable<CustomResourceDefinition['spec']['conversion']> {
  if (!target.service === !target.url)
    throw new Error('conversion webhook needs exactly one of service or url');
  const clientConfig: NonNullable<
    NonNullable<CustomResourceDefinition['spec']['conversion']>['webhook']
  >['clientConfig'] = {};
  if (target.service) clientConfig.service = { path: '/convert', port: 443, ...target.service };
  if (target.url) clientConfig.url = target.url;
  if (target.caBundle) clientConfig.caBundle = toBase64(target.caBundle);
  return { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'], clientConfig } };
}

function toBase64(bundle: string): string {
  return bundle.includes('-----BEGIN') ? Buffer.from(bundle, 'utf8').toString('base64') : bundle;
}

/** `<group>_<plural>.yaml`, the file name controller-gen uses for a CRD. */
export function crdFileName(crd: CustomResourceDefinition): string {
  return `${crd.spec.group}_${crd.spec.names.plural}.yaml`;
}
