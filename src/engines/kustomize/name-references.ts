import { specApplies, visitPath } from './field-specs.ts';
import { CLUSTER_SCOPED, groupVersion, type Resource } from './resource.ts';
import type { NameReference } from './transformer-config.ts';
import { Fail, type KubeObject } from './types.ts';

type Ref = {
  holder: Record<string, any>;
  key: string;
  kind: string;
  namespace?: string;
  group?: string;
  /** The reference is a map naming the object (a subject, a service): its namespace comes along. */
  mapping?: boolean;
};

function podSpecs(o: KubeObject): any[] {
  switch (o.kind) {
    case 'Pod':
      return [o.spec];
    case 'CronJob':
      return [o.spec?.jobTemplate?.spec?.template?.spec];
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return [o.spec?.template?.spec];
    default:
      return [];
  }
}

function podSpecRefs(spec: any, out: Ref[]): void {
  if (!spec || typeof spec !== 'object') return;
  const add = (holder: any, key: string, kind: string) => {
    if (holder && typeof holder[key] === 'string') out.push({ holder, key, kind });
  };
  add(spec, 'serviceAccountName', 'ServiceAccount');
  add(spec, 'serviceAccount', 'ServiceAccount');
  add(spec, 'priorityClassName', 'PriorityClass');
  for (const s of spec.imagePullSecrets ?? []) add(s, 'name', 'Secret');
  for (const v of spec.volumes ?? []) {
    add(v?.configMap, 'name', 'ConfigMap');
    add(v?.secret, 'secretName', 'Secret');
    add(v?.persistentVolumeClaim, 'claimName', 'PersistentVolumeClaim');
    for (const src of v?.projected?.sources ?? []) {
      add(src?.configMap, 'name', 'ConfigMap');
      add(src?.secret, 'name', 'Secret');
    }
    add(v?.csi?.nodePublishSecretRef, 'name', 'Secret');
  }
  for (const c of [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ]) {
    for (const e of c?.env ?? []) {
      add(e?.valueFrom?.configMapKeyRef, 'name', 'ConfigMap');
      add(e?.valueFrom?.secretKeyRef, 'name', 'Secret');
    }
    for (const e of c?.envFrom ?? []) {
      add(e?.configMapRef, 'name', 'ConfigMap');
      add(e?.secretRef, 'name', 'Secret');
    }
  }
}

/** Every name reference kustomize fixes up in an object, with the kind it refers to. */
function referencesOf(o: KubeObject, extra: NameReference[]): Ref[] {
  const out: Ref[] = [];
  // those a `configurations:` file adds: a service reference carrying a namespace matches only there
  for (const n of extra)
    for (const spec of n.fieldSpecs) {
      if (!specApplies(spec, o)) continue;
      visitPath(o, spec.path, false, (holder, key) => {
        // a list of names (`spec/tls/hosts`) refers by each of its items
        if (Array.isArray(holder[key])) {
          const list = holder[key] as unknown[];
          list.forEach((v, i) => {
            if (typeof v === 'string')
              out.push({ holder: list, key: String(i), kind: n.kind, group: n.group });
          });
          return;
        }
        if (typeof holder[key] !== 'string') return;
        const namespace =
          n.kind === 'Service' && typeof holder.namespace === 'string' ? holder.namespace : undefined;
        out.push({ holder, key, kind: n.kind, namespace, group: n.group });
      });
    }
  for (const spec of podSpecs(o)) podSpecRefs(spec, out);
  const add = (holder: any, key: string, kind: string) => {
    if (holder && typeof holder[key] === 'string') out.push({ holder, key, kind });
  };
  if (o.kind === 'StatefulSet') add(o.spec, 'serviceName', 'Service');
  if (o.kind === 'ServiceAccount') for (const s of o.imagePullSecrets ?? []) add(s, 'name', 'Secret');
  if (o.kind === 'PersistentVolumeClaim' || o.kind === 'PersistentVolume')
    add(o.spec, 'storageClassName', 'StorageClass');
  if (o.kind === 'StatefulSet')
    for (const t of o.spec?.volumeClaimTemplates ?? []) add(t?.spec, 'storageClassName', 'StorageClass');
  // service references that carry a namespace match only a Service that was in it
  const addService = (holder: any) => {
    if (holder && typeof holder.name === 'string')
      out.push({
        holder,
        key: 'name',
        kind: 'Service',
        namespace: holder.namespace || undefined,
        mapping: true,
      });
  };
  if (o.kind === 'APIService') addService(o.spec?.service);
  if (o.kind === 'MutatingWebhookConfiguration' || o.kind === 'ValidatingWebhookConfiguration')
    for (const h of o.webhooks ?? []) addService(h?.clientConfig?.service);
  if (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') {
    if (o.roleRef?.kind) add(o.roleRef, 'name', o.roleRef.kind);
    // kustomize matches subjects of any kind against ServiceAccounts by name
    for (const s of o.subjects ?? [])
      if (typeof s?.name === 'string')
        out.push({
          holder: s,
          key: 'name',
          kind: 'ServiceAccount',
          namespace: s.namespace || undefined,
          mapping: true,
        });
  }
  // kustomize's default field specs list the names a Role grants access to as ConfigMap and
  // Secret references (PersistentVolume ones for a ClusterRole), so they follow hashes and prefixes
  if (o.kind === 'Role' || o.kind === 'ClusterRole') {
    const kinds = o.kind === 'Role' ? ['ConfigMap', 'Secret'] : ['ConfigMap', 'Secret', 'PersistentVolume'];
    for (const kind of kinds)
      for (const rule of o.rules ?? [])
        if (Array.isArray(rule?.resourceNames))
          for (let i = 0; i < rule.resourceNames.length; i++) add(rule.resourceNames, String(i), kind);
  }
  if (o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.kind)
    add(o.spec.scaleTargetRef, 'name', o.spec.scaleTargetRef.kind);
  if (o.kind === 'Ingress') {
    for (const t of o.spec?.tls ?? []) add(t, 'secretName', 'Secret');
    add(o.spec?.defaultBackend?.service, 'name', 'Service');
    add(o.spec?.backend, 'serviceName', 'Service');
    for (const rule of o.spec?.rules ?? [])
      for (const p of rule?.http?.paths ?? []) {
        add(p?.backend?.service, 'name', 'Service');
        add(p?.backend, 'serviceName', 'Service');
      }
  }
  if (o.kind === 'PersistentVolumeClaim') add(o.spec, 'volumeName', 'PersistentVolume');
  if (o.kind === 'ValidatingAdmissionPolicyBinding') add(o.spec, 'policyName', 'ValidatingAdmissionPolicy');
  if (o.kind === 'PodDisruptionBudget') return out;
  return out;
}

/** Namespaces compare with the empty one standing for `default`. */
function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return (a || 'default') === (b || 'default');
}

/** Whether the shorter list is the end of the longer one (two empty lists are; one empty list is not the end of a longer one). */
function sameEnding(a: string[], b: string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const diff = long.length - short.length;
  if (short.length === 0) return diff === 0;
  return short.every((v, i) => long[i + diff] === v);
}

/** Whether two objects were renamed alike; with `allowEmpty`, an object with no prefix (suffix) matches any. */
function affixesAlike(a: Resource, b: Resource, allowEmpty: boolean): boolean {
  const alike = (x: string[], y: string[]) =>
    (allowEmpty && (x.length === 0 || y.length === 0)) || sameEnding(x, y);
  return alike(a.prefixes ?? [], b.prefixes ?? []) && alike(a.suffixes ?? [], b.suffixes ?? []);
}

/**
 * Of the objects that had the referenced name, the one a reference means, as kustomize sieves
 * them: those the referrer can see (cluster-scoped referrers see all; namespaced ones see
 * cluster-scoped objects, ServiceAccounts and their own namespace), then, while more than one is
 * left, those renamed with the referrer's prefixes and suffixes. Several left that differ (in
 * name, or in namespace for a reference that carries it) are an error, as in kustomize.
 */
function selectReferral(referrer: Resource, candidates: Resource[], ref: Ref): Resource | undefined {
  const ns = referrer.obj.metadata?.namespace ?? '';
  const referrerClusterScoped = CLUSTER_SCOPED.has(referrer.obj.kind);
  let left = candidates.filter(
    (t) =>
      referrerClusterScoped ||
      CLUSTER_SCOPED.has(t.obj.kind) ||
      t.obj.kind === 'ServiceAccount' ||
      sameNamespace(t.obj.metadata?.namespace, ns),
  );
  if (left.length === 0) left = candidates;
  if (left.length > 1) {
    const alike = left.filter((t) => affixesAlike(t, referrer, true));
    left = alike.length > 1 ? alike.filter((t) => affixesAlike(t, referrer, false)) : alike;
    if (left.length === 0) return undefined;
  }
  const first = left[0];
  const same = (t: Resource) =>
    t.obj.metadata?.name === first?.obj.metadata?.name &&
    (!ref.mapping || (t.obj.metadata?.namespace ?? '') === (first?.obj.metadata?.namespace ?? ''));
  if (!left.every(same))
    throw new Fail(
      'AmbiguousReference',
      `${describe(referrer)}: found multiple possible referrals: ${left.map(describe).join(', ')}`,
    );
  return left.find((t) => (t.obj.metadata?.namespace ?? '') === ns) ?? first;
}

function describe(r: Resource): string {
  const md = r.obj.metadata ?? {};
  return `${r.obj.kind}/${md.namespace ? `${md.namespace}/` : ''}${md.name ?? ''}`;
}

/**
 * Points references at renamed objects: when a field names an object of the right kind by one of
 * its earlier names (before a prefix, suffix, hash or namespace), it gets the object's current
 * name; the object meant is chosen as {@link selectReferral} says.
 */
export function fixNameReferences(resources: Resource[], extra: NameReference[] = []): void {
  // objects that went through a transformer that records ids (renamed, moved, or merely passed)
  const recorded = resources.filter((r) => r.previous.length > 0);
  if (
    !recorded.some((r) =>
      r.previous.some(
        (p) => p.name !== r.obj.metadata?.name || p.namespace !== (r.obj.metadata?.namespace ?? ''),
      ),
    )
  )
    return;
  // index by kind and every earlier name, so large builds stay linear
  const byOldName = new Map<string, Resource[]>();
  for (const t of recorded) {
    for (const name of new Set(t.previous.map((p) => p.name))) {
      const key = `${t.obj.kind}|${name}`;
      const list = byOldName.get(key);
      if (list) list.push(t);
      else byOldName.set(key, [t]);
    }
  }
  for (const r of resources) {
    for (const ref of referencesOf(r.obj, extra)) {
      const old = ref.holder[ref.key];
      const candidates = (byOldName.get(`${ref.kind}|${old}`) ?? []).filter(
        // an object may name itself (kustomize fixes self-references too)
        (t) =>
          (ref.group === undefined || groupVersion(t.obj.apiVersion).group === ref.group) &&
          (ref.namespace === undefined ||
            sameNamespace(t.obj.metadata?.namespace, ref.namespace) ||
            t.previous.some((p) => sameNamespace(p.namespace, ref.namespace))),
      );
      if (candidates.length === 0) continue;
      const best = selectReferral(r, candidates, ref);
      if (!best) continue;
      ref.holder[ref.key] = best.obj.metadata?.name;
      // a reference that also names the namespace follows the object there
      if (ref.kind === 'Service' && typeof ref.holder.namespace === 'string' && best.obj.metadata?.namespace)
        ref.holder.namespace = best.obj.metadata.namespace;
    }
  }
}
