/** Names one resource collection or object of the API: `/api/v1/...` or `/apis/<group>/<version>/...`. */
export interface ResourceRef {
  /** API group; '' or undefined for the core group. */
  group?: string;
  version: string;
  /** Plural resource name, e.g. `configmaps`. */
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Builds the URL path of a resource collection or object. */
export function resourcePath(ref: ResourceRef): string {
  const parts = [ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`];
  if (ref.namespace) parts.push('namespaces', encodeURIComponent(ref.namespace));
  parts.push(ref.resource);
  if (ref.name) parts.push(encodeURIComponent(ref.name));
  if (ref.subresource) parts.push(ref.subresource);
  return parts.join('/');
}
