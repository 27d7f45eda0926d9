/**
 * kustomize's resource selector (`types.Selector`, matched as `SelectorRegex` does): the target
 * of a kustomize patch and of a Flux drift ignore rule. Group, version, kind, name and namespace
 * are regular expressions matched against the whole field; an empty or missing one selects
 * everything. Label and annotation selectors are Kubernetes selector strings.
 */
import { compileRegex } from '../regex/index.ts';
import { parseLabelSelector } from './label-selector.ts';

/** Which objects a patch or an ignore rule applies to (every field optional). */
export interface ResourceSelector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** The fields of an object a {@link ResourceSelector} reads. */
export interface SelectableObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

/**
 * Compiles a selector once into a predicate (for matching it against many objects). Throws on a
 * pattern that is not valid RE2 (Go's message) or a selector string that does not parse. Patterns
 * come from users' repositories and specs, so they run on the linear-time RE2 engine.
 */
export function resourceMatcher(selector: ResourceSelector): (obj: SelectableObject) => boolean {
  const field = (pattern: string | undefined) => {
    if (!pattern) return () => true;
    const re = compileRegex(pattern);
    return (value: string) => re.testWhole(value);
  };
  const group = field(selector.group);
  const version = field(selector.version);
  const kind = field(selector.kind);
  const name = field(selector.name);
  const namespace = field(selector.namespace);
  const labels = selector.labelSelector ? parseLabelSelector(selector.labelSelector) : undefined;
  const annotations = selector.annotationSelector
    ? parseLabelSelector(selector.annotationSelector)
    : undefined;
  return (obj) => {
    const apiVersion = obj.apiVersion ?? '';
    const slash = apiVersion.indexOf('/');
    return (
      group(slash < 0 ? '' : apiVersion.slice(0, slash)) &&
      version(apiVersion.slice(slash + 1)) &&
      kind(obj.kind ?? '') &&
      name(obj.metadata?.name ?? '') &&
      namespace(obj.metadata?.namespace ?? '') &&
      (!labels || labels.matches(obj.metadata?.labels)) &&
      (!annotations || annotations.matches(obj.metadata?.annotations))
    );
  };
}

/** Whether one object is selected; see {@link resourceMatcher} (which compiles once for many). */
export function matchesResource(obj: SelectableObject, selector: ResourceSelector): boolean {
  return resourceMatcher(selector)(obj);
}
