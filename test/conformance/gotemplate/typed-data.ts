import { ObjectIdentifier, objectChanges, SetterChange } from '../../../src/controllers/image/index.ts';
import {
  GoFloat32,
  goInt,
  type IntKind,
  typedMap,
  typedSlice,
} from '../../../src/engines/gotemplate/index.ts';

const INT_KINDS = new Set([
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
]);

/**
 * Decodes the conformance cases' typed data encoding into the engine's Go value model, mirroring
 * the oracle: `{"$int": "5"}` is a Go int, `{"$int64": "5"}` an int64, `{"$strings": [...]}` a
 * []string, `{"$ints": [1]}` an []int, `{"$stringmap": {...}}` a map[string]string, `{"$bytes": "x"}` a []byte,
 * `{"$objectchanges": [{id: {apiVersion, kind, name, namespace}, changes: [{old, new, setter}]}]}` a
 * map with struct keys as image automation's `.Changed.Objects`; other JSON as encoding/json
 * decodes it (numbers float64).
 */
export function decodeTypedData(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeTypedData);
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0].startsWith('$')) {
      const kind = keys[0].slice(1);
      const raw = (v as Record<string, unknown>)[keys[0]];
      if (INT_KINDS.has(kind)) return goInt(BigInt(String(raw)), kind as IntKind);
      if (kind === 'strings') return typedSlice('string', (raw as unknown[]).map(String));
      if (kind === 'ints')
        return typedSlice(
          'int',
          (raw as number[]).map((n) => goInt(n)),
        );
      if (kind === 'stringmap') {
        const m: Record<string, string> = {};
        for (const [k, e] of Object.entries(raw as Record<string, unknown>)) m[k] = String(e);
        return typedMap('string', m);
      }
      if (kind === 'objectchanges') return decodeObjectChanges(raw);
      if (kind === 'bytes') return new Uint8Array(Buffer.from(String(raw)));
      if (kind === 'float32') return new GoFloat32(Number(raw));
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = decodeTypedData((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

interface ObjectChangesEntry {
  id: { apiVersion?: string; kind?: string; name?: string; namespace?: string };
  changes: { old?: string; new?: string; setter?: string }[];
}

function decodeObjectChanges(raw: unknown): unknown {
  return objectChanges(
    (raw as ObjectChangesEntry[]).flatMap(({ id, changes }) => {
      const key = new ObjectIdentifier(id);
      return changes.map(
        (c) => [key, new SetterChange(0, c.old ?? '', c.new ?? '', c.setter ?? '')] as const,
      );
    }),
  );
}
