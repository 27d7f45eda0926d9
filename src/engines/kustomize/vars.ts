import { type FieldSpec, specApplies, visitPath } from './field-specs.ts';
import { getField } from './replacements.ts';
import { groupVersion, type Resource } from './resource.ts';
import { Fail } from './types.ts';

/** One legacy `vars:` entry. */
export interface Var {
  name: string;
  objref?: { kind?: string; name?: string; apiVersion?: string; namespace?: string };
  fieldref?: { fieldpath?: string };
}

/** A var bound, where its kustomization declared it, to the one resource its objref names. */
export interface BoundVar {
  name: string;
  target: Resource;
  fieldpath: string;
}

const POD_FIELDS = [
  'containers/args',
  'containers/command',
  'containers/env/value',
  'containers/volumeMounts/mountPath',
  'initContainers/args',
  'initContainers/command',
  'initContainers/env/value',
  'initContainers/volumeMounts/mountPath',
];

/** Where `$(VAR)` is expanded: the fields of kustomize's default varReference configuration. */
const VAR_REFERENCE_SPECS: FieldSpec[] = [
  { path: 'metadata/labels' },
  { path: 'metadata/annotations' },
  ...POD_FIELDS.map((f) => ({ path: `spec/${f}`, kind: 'Pod' })),
  { path: 'spec/volumes/nfs/server', kind: 'Pod' },
  ...['DaemonSet', 'Deployment', 'Job', 'ReplicaSet', 'StatefulSet'].flatMap((kind) =>
    POD_FIELDS.map((f) => ({ path: `spec/template/spec/${f}`, kind })),
  ),
  ...['DaemonSet', 'Deployment', 'Job', 'ReplicaSet'].map((kind) => ({
    path: 'spec/template/spec/volumes/nfs/server',
    kind,
  })),
  { path: 'spec/template/metadata/annotations', kind: 'Deployment' },
  ...POD_FIELDS.map((f) => ({ path: `spec/jobTemplate/spec/template/spec/${f}`, kind: 'CronJob' })),
  { path: 'spec/jobTemplate/spec/template/volumes/nfs/server', kind: 'CronJob' },
  { path: 'spec/volumeClaimTemplates/spec/nfs/server', kind: 'StatefulSet' },
  { path: 'spec/nfs/server', kind: 'PersistentVolume' },
  { path: 'spec/ports/port', kind: 'Service' },
  { path: 'spec/ports/targetPort', kind: 'Service' },
  { path: 'spec/rules/host', kind: 'Ingress' },
  { path: 'spec/tls/hosts', kind: 'Ingress' },
  { path: 'spec/tls/secretName', kind: 'Ingress' },
];

/**
 * Expands `$(NAME)` in `text` as Kubernetes expands container variables: `$$` is a literal `$`,
 * unknown names and unterminated references stay as written. A text that is exactly one known
 * reference takes the var's value with its type (a port stays a number).
 */
function expand(text: string, values: Map<string, unknown>): unknown {
  const whole = /^\$\(([^)]*)\)$/.exec(text);
  if (whole && values.has(whole[1])) return values.get(whole[1]);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    const close = next === '(' ? text.indexOf(')', i + 2) : -1;
    if (close < 0) {
      out += c;
      continue;
    }
    const name = text.slice(i + 2, close);
    out += values.has(name) ? String(values.get(name)) : text.slice(i, close + 1);
    i = close;
  }
  return out;
}

/** Expands every string at (or directly under: list items, map values) a node. */
function expandNode(parent: Record<string, any>, key: string, values: Map<string, unknown>): void {
  const v = parent[key];
  if (typeof v === 'string') parent[key] = expand(v, values);
  else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (typeof v[i] === 'string') v[i] = expand(v[i], values);
  } else if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) if (typeof v[k] === 'string') v[k] = expand(v[k], values);
  }
}

/**
 * Binds the vars a kustomization declares to the one resource each objref names among that
 * kustomization's resources (by current or any earlier name): none is an error, and so is more
 * than one (kustomize cannot disambiguate) or a var name declared again.
 */
export function bindVars(resources: Resource[], vars: Var[], file: string, bound: BoundVar[]): void {
  for (const v of vars) {
    if (bound.some((b) => b.name === v.name))
      throw new Fail('VarConflict', `var '${v.name}' already encountered`, file);
    const ref = v.objref ?? {};
    const gv = ref.apiVersion ? groupVersion(ref.apiVersion) : undefined;
    const targets = resources.filter((r) => {
      if (ref.kind && r.obj.kind !== ref.kind) return false;
      if (gv && groupVersion(r.obj.apiVersion).group !== gv.group) return false;
      if (gv?.version && groupVersion(r.obj.apiVersion).version !== gv.version) return false;
      const names = [
        { name: r.obj.metadata?.name, namespace: r.obj.metadata?.namespace ?? '' },
        ...r.previous,
      ];
      return names.some(
        (n) =>
          (!ref.name || n.name === ref.name) &&
          (!ref.namespace || (n.namespace || 'default') === ref.namespace),
      );
    });
    if (targets.length === 0)
      throw new Fail(
        'VarTargetNotFound',
        `var '${v.name}' cannot be mapped to a field in the set of known resources`,
        file,
      );
    if (targets.length > 1)
      throw new Fail(
        'VarAmbiguous',
        `found ${targets.length} resId matches for var '${v.name}' (unable to disambiguate)`,
        file,
      );
    // a var's fieldpath indexes lists Go-style (`containers[0].image`): one segment per index
    const fieldpath = (v.fieldref?.fieldpath ?? 'metadata.name').replace(/([^.])\[/g, '$1.[');
    bound.push({ name: v.name, target: targets[0], fieldpath });
  }
}

/**
 * Resolves legacy vars after every transformer ran: each var takes a field (default
 * metadata.name) of the resource it was bound to, as it is now, and `$(NAME)` is expanded in the
 * fields of kustomize's varReference configuration (and `extra`, from `configurations:`).
 * Unknown vars stay as text.
 */
export function resolveVars(resources: Resource[], bound: BoundVar[], extra: FieldSpec[] = []): void {
  if (bound.length === 0) return;
  const values = new Map<string, unknown>();
  for (const b of bound) {
    const value = getField(b.target.obj, b.fieldpath);
    values.set(b.name, value === undefined || value === null ? '' : value);
  }
  for (const r of resources) {
    for (const spec of [...VAR_REFERENCE_SPECS, ...extra]) {
      if (!specApplies(spec, r.obj)) continue;
      visitPath(r.obj, spec.path, false, (parent, key) => expandNode(parent, key, values));
    }
  }
}
