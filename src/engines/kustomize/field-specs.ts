import { groupVersion } from './resource.ts';
import type { KubeObject } from './types.ts';

/** A place a transformer writes: a slash path, optionally limited to a kind/group, maybe created. */
export interface FieldSpec {
  path: string;
  kind?: string;
  group?: string;
  version?: string;
  create?: boolean;
}

const WORKLOADS = ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'];

/** Where commonLabels (and labels with includeSelectors) go beyond metadata/labels. */
export const SELECTOR_LABEL_SPECS: FieldSpec[] = [
  { path: 'spec/selector', kind: 'Service', create: true },
  { path: 'spec/selector', kind: 'ReplicationController', create: true },
  ...WORKLOADS.map((kind) => ({ path: 'spec/selector/matchLabels', kind, create: true })),
  { path: 'spec/selector/matchLabels', kind: 'Job', create: false },
  { path: 'spec/jobTemplate/spec/selector/matchLabels', kind: 'CronJob', create: false },
  { path: 'spec/selector/matchLabels', kind: 'PodDisruptionBudget', create: false },
  { path: 'spec/podSelector/matchLabels', kind: 'NetworkPolicy', create: false },
  { path: 'spec/ingress/from/podSelector/matchLabels', kind: 'NetworkPolicy', create: false },
  { path: 'spec/egress/to/podSelector/matchLabels', kind: 'NetworkPolicy', create: false },
];

/** Where labels with includeTemplates (and commonLabels) go in pod and job templates. */
export const TEMPLATE_LABEL_SPECS: FieldSpec[] = [
  { path: 'spec/template/metadata/labels', kind: 'ReplicationController', create: true },
  ...WORKLOADS.map((kind) => ({ path: 'spec/template/metadata/labels', kind, create: true })),
  { path: 'spec/volumeClaimTemplates[]/metadata/labels', kind: 'StatefulSet', create: true },
  { path: 'spec/template/metadata/labels', kind: 'Job', create: true },
  { path: 'spec/jobTemplate/metadata/labels', kind: 'CronJob', create: true },
  { path: 'spec/jobTemplate/spec/template/metadata/labels', kind: 'CronJob', create: true },
];

/** Where commonAnnotations go beyond metadata/annotations. */
export const TEMPLATE_ANNOTATION_SPECS: FieldSpec[] = [
  ...[...WORKLOADS, 'ReplicationController', 'Job'].map((kind) => ({
    path: 'spec/template/metadata/annotations',
    kind,
    create: true,
  })),
  { path: 'spec/jobTemplate/metadata/annotations', kind: 'CronJob', create: true },
  { path: 'spec/jobTemplate/spec/template/metadata/annotations', kind: 'CronJob', create: true },
];

/** Whether a field spec's kind/group/version filter admits the object. */
export function specApplies(spec: FieldSpec, obj: KubeObject): boolean {
  if (spec.kind && spec.kind !== obj.kind) return false;
  const gv = groupVersion(obj.apiVersion);
  if (spec.group !== undefined && spec.group !== gv.group) return false;
  if (spec.version !== undefined && spec.version !== gv.version) return false;
  return true;
}

/**
 * Visits the map at a field-spec path inside an object (`a/b[]/c`: `[]` walks every list item),
 * creating missing maps along the way when `create` is set. The callback gets the parent object
 * and the final key.
 */
export function visitPath(
  obj: any,
  path: string,
  create: boolean,
  fn: (parent: Record<string, any>, key: string) => void,
): void {
  const parts = path.split('/').filter(Boolean);
  const walk = (cur: any, i: number): void => {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return;
    let part = parts[i];
    const isList = part.endsWith('[]');
    if (isList) part = part.slice(0, -2);
    if (i === parts.length - 1) {
      if (isList) {
        if (Array.isArray(cur[part])) for (let j = 0; j < cur[part].length; j++) fn(cur[part], String(j));
        return;
      }
      fn(cur, part);
      return;
    }
    // lists along the way are walked item by item, with or without the `[]` marker
    if (isList || Array.isArray(cur[part])) {
      if (Array.isArray(cur[part])) for (const item of cur[part]) walk(item, i + 1);
      return;
    }
    if (cur[part] === undefined || cur[part] === null) {
      if (!create) return;
      cur[part] = {};
    }
    walk(cur[part], i + 1);
  };
  walk(obj, 0);
}

/** Adds key/value pairs into the map at each applicable field spec of the object. */
export function addToMaps(obj: KubeObject, specs: FieldSpec[], pairs: Record<string, string>): void {
  for (const spec of specs) {
    if (!specApplies(spec, obj)) continue;
    visitPath(obj, spec.path, spec.create ?? false, (parent, key) => {
      if (parent[key] === undefined || parent[key] === null) {
        if (!spec.create) return;
        parent[key] = {};
      }
      if (typeof parent[key] !== 'object' || Array.isArray(parent[key])) return;
      Object.assign(parent[key], pairs);
    });
  }
}
