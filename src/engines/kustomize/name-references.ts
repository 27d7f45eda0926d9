import { specApplies, visitPath } from './field-specs.ts';
import { groupVersion, type Resource } from './resource.ts';
import type { NameReference } from './transformer-config.ts';
import type { KubeObject } from './types.ts';

type Ref = { holder: Record<string, any>; key: string; kind: string; namespace?: string; group?: string };

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
      out.push({ holder, key: 'name', kind: 'Service', namespace: holder.namespace || undefined });
  };
  if (o.kind === 'APIService') addService(o.spec?.service);
  if (o.kind === 'MutatingWebhookConfiguration' || o.kind === 'ValidatingWebhookConfiguration')
    for (const h of o.webhooks ?? []) addService(h?.clientConfig?.service);
  if (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') {
    if (o.roleRef?.kind) add(o.roleRef, 'name', o.roleRef.kind);
    // kustomize matches subjects of any kind against ServiceAccounts by name
    for (const s of o.subjects ?? [])
      if (typeof s?.name === 'string')
        out.push({ holder: s, key: 'name', kind: 'ServiceAccount', namespace: s.namespace || undefined });
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

/**
 * Points references at renamed objects: when a field names an object of the right kind by one of
 * its earlier names (before a prefix, suffix or hash), it gets the object's current name. A
 * candidate in the referrer's own namespace wins over one elsewhere.
 */
export function fixNameReferences(resources: Resource[], extra: NameReference[] = []): void {
  // objects that were renamed or moved to another namespace
  const renamed = resources.filter((r) =>
    r.previous.some(
      (p) => p.name !== r.obj.metadata?.name || p.namespace !== (r.obj.metadata?.namespace ?? ''),
    ),
  );
  if (renamed.length === 0) return;
  // index by kind and every earlier name, so large builds stay linear
  const byOldName = new Map<string, Resource[]>();
  for (const t of renamed) {
    for (const name of new Set(t.previous.map((p) => p.name))) {
      const key = `${t.obj.kind}|${name}`;
      const list = byOldName.get(key);
      if (list) list.push(t);
      else byOldName.set(key, [t]);
    }
  }
  for (const r of resources) {
    const ns = r.obj.metadata?.namespace ?? '';
    for (const ref of referencesOf(r.obj, extra)) {
      const old = ref.holder[ref.key];
      const candidates = (byOldName.get(`${ref.kind}|${old}`) ?? []).filter(
        (t) =>
          t !== r &&
          (ref.group === undefined || groupVersion(t.obj.apiVersion).group === ref.group) &&
          (ref.namespace === undefined ||
            sameNamespace(t.obj.metadata?.namespace, ref.namespace) ||
            t.previous.some((p) => sameNamespace(p.namespace, ref.namespace))),
      );
      if (candidates.length === 0) continue;
      const best = candidates.find((t) => (t.obj.metadata?.namespace ?? '') === ns) ?? candidates[0];
      ref.holder[ref.key] = best.obj.metadata?.name;
      // a reference that also names the namespace follows the object there
      if (ref.kind === 'Service' && typeof ref.holder.namespace === 'string' && best.obj.metadata?.namespace)
        ref.holder.namespace = best.obj.metadata.namespace;
    }
  }
}
