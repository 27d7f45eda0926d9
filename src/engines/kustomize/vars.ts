import { getField } from './replacements.ts';
import { groupVersion, type Resource } from './resource.ts';
import { Fail } from './types.ts';

/** One legacy `vars:` entry. */
export interface Var {
  name: string;
  objref?: { kind?: string; name?: string; apiVersion?: string; namespace?: string };
  fieldref?: { fieldpath?: string };
}

function replaceIn(value: string, values: Map<string, string>): string {
  return value.replace(/\$\(([A-Za-z0-9_.-]+)\)/g, (whole, name: string) => values.get(name) ?? whole);
}

function substituteContainers(spec: any, values: Map<string, string>): void {
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    if (!c || typeof c !== 'object') continue;
    for (const f of ['command', 'args'])
      if (Array.isArray(c[f]))
        c[f] = c[f].map((v: unknown) => (typeof v === 'string' ? replaceIn(v, values) : v));
    for (const e of c.env ?? []) if (typeof e?.value === 'string') e.value = replaceIn(e.value, values);
    if (typeof c.workingDir === 'string') c.workingDir = replaceIn(c.workingDir, values);
  }
}

/**
 * Resolves legacy vars after every transformer ran: each var takes a field (default
 * metadata.name) of the object it names (by its original or current name), and `$(NAME)` in
 * container commands, args, env values and ingress hosts is replaced. Unknown vars stay as text.
 */
export function resolveVars(resources: Resource[], vars: Var[], file: string): void {
  if (vars.length === 0) return;
  const values = new Map<string, string>();
  for (const v of vars) {
    const ref = v.objref ?? {};
    const gv = ref.apiVersion ? groupVersion(ref.apiVersion) : undefined;
    const target = resources.find((r) => {
      if (ref.kind && r.obj.kind !== ref.kind) return false;
      if (gv && groupVersion(r.obj.apiVersion).group !== gv.group) return false;
      const names = [r.obj.metadata?.name, ...r.previous.map((p) => p.name)];
      return !ref.name || names.includes(ref.name);
    });
    if (!target)
      throw new Fail(
        'VarTargetNotFound',
        `var '${v.name}' cannot be mapped to a field in the set of known resources`,
        file,
      );
    const value = getField(target.obj, v.fieldref?.fieldpath ?? 'metadata.name');
    values.set(v.name, value === undefined || value === null ? '' : String(value));
  }
  for (const r of resources) {
    const o = r.obj;
    substituteContainers(o.spec, values);
    substituteContainers(o.spec?.template?.spec, values);
    substituteContainers(o.spec?.jobTemplate?.spec?.template?.spec, values);
    if (o.kind === 'Ingress') {
      for (const rule of o.spec?.rules ?? [])
        if (typeof rule?.host === 'string') rule.host = replaceIn(rule.host, values);
      for (const t of o.spec?.tls ?? [])
        if (Array.isArray(t?.hosts))
          t.hosts = t.hosts.map((h: unknown) => (typeof h === 'string' ? replaceIn(h, values) : h));
    }
  }
}
