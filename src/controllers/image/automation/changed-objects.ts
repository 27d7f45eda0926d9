/**
 * The object identity of Flux's commit message data: `.Changed.FileChanges` maps each file to a
 * map keyed by the changed object, and `.Changed.Objects` merges those maps across files. Flux's
 * key is `update.ObjectIdentifier`, which embeds kyaml's `ResourceIdentifier` (itself embedding
 * `TypeMeta{APIVersion, Kind}` and `NameMeta{Name, Namespace}`); the nesting is kept so that Go's
 * key order (field by field: apiVersion, kind, name, namespace) and `%v` printing
 * (`{{{apps/v1 Deployment} {name ns}}}`) come out as in Flux, and the promoted fields
 * (`$resource.Kind`) are getters, as Go's embedding makes them reachable.
 */
import { GO_TYPE, KeyedMap } from '../../../engines/gotemplate/index.ts';
import type { SetterChange } from './setters.ts';

class TypeMeta {
  readonly APIVersion: string;
  readonly Kind: string;
  constructor(apiVersion: string, kind: string) {
    this.APIVersion = apiVersion;
    this.Kind = kind;
  }
  get [GO_TYPE](): string {
    return 'yaml.TypeMeta';
  }
}

class NameMeta {
  readonly Name: string;
  readonly Namespace: string;
  constructor(name: string, namespace: string) {
    this.Name = name;
    this.Namespace = namespace;
  }
  get [GO_TYPE](): string {
    return 'yaml.NameMeta';
  }
}

class ResourceIdentifier {
  readonly TypeMeta: TypeMeta;
  readonly NameMeta: NameMeta;
  constructor(typeMeta: TypeMeta, nameMeta: NameMeta) {
    this.TypeMeta = typeMeta;
    this.NameMeta = nameMeta;
  }
  get [GO_TYPE](): string {
    return 'yaml.ResourceIdentifier';
  }
}

/** What identifies a changed object in the commit message data (Flux's `update.ObjectIdentifier`). */
export class ObjectIdentifier {
  readonly ResourceIdentifier: ResourceIdentifier;
  constructor(id: { apiVersion?: string; kind?: string; name?: string; namespace?: string }) {
    this.ResourceIdentifier = new ResourceIdentifier(
      new TypeMeta(id.apiVersion ?? '', id.kind ?? ''),
      new NameMeta(id.name ?? '', id.namespace ?? ''),
    );
  }
  get [GO_TYPE](): string {
    return 'update.ObjectIdentifier';
  }
  get APIVersion(): string {
    return this.ResourceIdentifier.TypeMeta.APIVersion;
  }
  get Kind(): string {
    return this.ResourceIdentifier.TypeMeta.Kind;
  }
  get Name(): string {
    return this.ResourceIdentifier.NameMeta.Name;
  }
  get Namespace(): string {
    return this.ResourceIdentifier.NameMeta.Namespace;
  }
}

const KEY_TYPE = 'update.ObjectIdentifier';
const ELEM_TYPE = '[]update.Change';

/** One file's changes by object (Flux's `update.ObjectChanges`), changes in file order. */
export function objectChanges(changes: Iterable<readonly [ObjectIdentifier, SetterChange]>): KeyedMap {
  const byId = new Map<string, [ObjectIdentifier, SetterChange[]]>();
  for (const [id, change] of changes) {
    const key = JSON.stringify([id.APIVersion, id.Kind, id.Name, id.Namespace]);
    const entry = byId.get(key) ?? [id, []];
    entry[1].push(change);
    byId.set(key, entry);
  }
  return new KeyedMap(KEY_TYPE, ELEM_TYPE, byId.values());
}

/**
 * `.Changed.Objects`: every file's object changes in one map. As in Flux, an object found in
 * two files keeps one file's list, not both; here the last file in path order, where Flux's
 * pick depends on Go's random map iteration.
 */
export function allObjectChanges(fileChanges: Record<string, KeyedMap>): KeyedMap {
  const entries = Object.keys(fileChanges)
    .sort()
    .flatMap((file) => fileChanges[file].entries);
  return new KeyedMap(KEY_TYPE, ELEM_TYPE, entries);
}
