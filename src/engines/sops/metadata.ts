import { type Branch, isBranch, isComment, isTime, type Value } from './tree.ts';

/** An age recipient entry of the `sops` metadata. */
export interface AgeEntry {
  recipient: string;
  enc: string;
}

/** A PGP entry of the `sops` metadata. */
export interface PgpEntry {
  fp: string;
  enc: string;
}

/** One key group: any one of its keys yields the (part of the) data key. */
export interface KeyGroup {
  age: AgeEntry[];
  pgp: PgpEntry[];
  /** Kinds of cloud or Vault keys present; tsflux cannot use these offline. */
  other: string[];
}

/** The parts of the `sops` metadata that decryption needs. */
export interface SopsMetadata {
  keyGroups: KeyGroup[];
  shamirThreshold: number;
  lastModified: string;
  mac: string;
  version: string;
  unencryptedSuffix: string;
  encryptedSuffix: string;
  unencryptedRegex: string;
  encryptedRegex: string;
  unencryptedCommentRegex: string;
  encryptedCommentRegex: string;
  macOnlyEncrypted: boolean;
}

type Plain = string | number | boolean | null | Plain[] | { [k: string]: Plain };

function toPlain(v: Value): Plain {
  if (isBranch(v)) {
    const o: { [k: string]: Plain } = {};
    for (const it of v.items) if (!isComment(it.key)) o[it.key] = toPlain(it.value);
    return o;
  }
  if (Array.isArray(v)) return v.filter((x) => !isComment(x)).map(toPlain);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (isComment(v)) return null;
  if (isTime(v)) return v.time;
  return v;
}

/** Turns flattened keys (`age__list_0__map_enc`) back into nested values, as sops' dotenv store does. */
export function unflatten(entries: [string, Plain][]): { [k: string]: Plain } {
  const root: { [k: string]: Plain } = {};
  for (const [key, value] of entries) {
    const tokens = key.split(/(__map_|__list_)/);
    let container: Plain = root;
    let current: string | number = tokens[0] as string;
    for (let t = 1; t < tokens.length; t += 2) {
      const isList = tokens[t] === '__list_';
      const next: string | number = isList ? Number(tokens[t + 1]) : (tokens[t + 1] as string);
      const holder = container as Record<string | number, Plain>;
      if (holder[current] === undefined) holder[current] = isList ? [] : {};
      container = holder[current] as Plain;
      current = next;
    }
    (container as Record<string | number, Plain>)[current] = value;
  }
  return root;
}

const str = (v: Plain | undefined): string =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v);
const list = (v: Plain | undefined): { [k: string]: Plain }[] =>
  Array.isArray(v)
    ? (v.filter((x) => x && typeof x === 'object' && !Array.isArray(x)) as { [k: string]: Plain }[])
    : [];

function groupFrom(m: { [k: string]: Plain }): KeyGroup {
  const other: string[] = [];
  for (const kind of ['kms', 'gcp_kms', 'hckms', 'azure_kv', 'hc_vault'])
    if (list(m[kind]).length > 0) other.push(kind);
  return {
    age: list(m.age).map((e) => ({ recipient: str(e.recipient), enc: str(e.enc) })),
    pgp: list(m.pgp).map((e) => ({ fp: str(e.fp), enc: str(e.enc) })),
    other,
  };
}

/** mapstructure's weak boolean decoding of `mac_only_encrypted`. */
function weakBool(v: Plain | undefined): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v);
  return false;
}

/**
 * Builds the metadata from the `sops` mapping (or flattened `sops_*` entries). Applies sops'
 * rules: at most one encryption-selection rule, and `_unencrypted` as suffix when none is set.
 */
export function readMetadata(raw: Value | { [k: string]: Plain }): SopsMetadata {
  const m = (isBranch(raw as Value) ? toPlain(raw as Value) : raw) as { [k: string]: Plain };
  if (!m || typeof m !== 'object' || Array.isArray(m))
    throw new Error('found sops entry that is not a mapping');
  const groups = list(m.key_groups);
  const md: SopsMetadata = {
    keyGroups: groups.length > 0 ? groups.map(groupFrom) : [groupFrom(m)],
    shamirThreshold: Number(m.shamir_threshold ?? 0) || 0,
    lastModified: str(m.lastmodified),
    mac: str(m.mac),
    version: str(m.version),
    unencryptedSuffix: str(m.unencrypted_suffix),
    encryptedSuffix: str(m.encrypted_suffix),
    unencryptedRegex: str(m.unencrypted_regex),
    encryptedRegex: str(m.encrypted_regex),
    unencryptedCommentRegex: str(m.unencrypted_comment_regex),
    encryptedCommentRegex: str(m.encrypted_comment_regex),
    macOnlyEncrypted: weakBool(m.mac_only_encrypted),
  };
  const rules = [
    md.unencryptedSuffix,
    md.encryptedSuffix,
    md.unencryptedRegex,
    md.encryptedRegex,
    md.unencryptedCommentRegex,
    md.encryptedCommentRegex,
  ];
  const count = rules.filter((r) => r !== '').length;
  if (count > 1) {
    throw new Error(
      'Cannot use more than one of encrypted_suffix, unencrypted_suffix, encrypted_regex, unencrypted_regex, encrypted_comment_regex, or unencrypted_comment_regex in the same file',
    );
  }
  if (count === 0) md.unencryptedSuffix = '_unencrypted';
  md.lastModified = rfc3339(md.lastModified);
  return md;
}

/** Parses and re-formats a timestamp as Go's time.RFC3339 layout prints it (no fraction, `Z` for UTC). */
function rfc3339(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.exec(s);
  if (!m) throw new Error(`parsing time ${JSON.stringify(s)} as "2006-01-02T15:04:05Z07:00": cannot parse`);
  const zone = (m[2] as string).toUpperCase();
  return `${m[1]}${zone === '+00:00' || zone === '-00:00' ? 'Z' : zone}`;
}

/**
 * Removes the `sops` entry from every document of a nested-format file (YAML, JSON, binary) and
 * reads it from the first document. Throws `sops metadata not found` when there is none.
 */
export function extractNestedMetadata(docs: Branch[]): SopsMetadata {
  let found: Value | undefined;
  for (const [d, doc] of docs.entries()) {
    const keep = [];
    for (const it of doc.items) {
      if (it.key === 'sops') {
        if (d === 0) {
          if (found !== undefined) throw new Error('Found duplicate sops entry');
          if (!isBranch(it.value)) throw new Error('Found sops entry that is not a mapping');
          found = it.value;
        }
      } else keep.push(it);
    }
    doc.items = keep;
  }
  if (found === undefined) throw new Error('sops metadata not found');
  return readMetadata(found);
}

/** Reads `sops_*` entries of a flat file (dotenv) and removes them from the document. */
export function extractFlatMetadata(doc: Branch): SopsMetadata {
  const entries: [string, Plain][] = [];
  const keep = [];
  for (const it of doc.items) {
    if (typeof it.key === 'string' && it.key.startsWith('sops_'))
      entries.push([it.key.slice(5), toPlain(it.value)]);
    else keep.push(it);
  }
  doc.items = keep;
  if (entries.length === 0) throw new Error('sops metadata not found');
  return readMetadata(unflatten(entries));
}

/**
 * Reads the `[sops]` section of an INI file (flattened below the top, `\\n` escapes in values)
 * and removes it from the document.
 */
export function extractSectionMetadata(doc: Branch): SopsMetadata {
  const index = doc.items.findIndex((it) => it.key === 'sops');
  const section = doc.items[index];
  if (!section || !isBranch(section.value)) throw new Error('sops metadata not found');
  doc.items.splice(index, 1);
  const entries: [string, Plain][] = [];
  for (const it of section.value.items) {
    if (isComment(it.key)) continue;
    const v = toPlain(it.value);
    entries.push([it.key, typeof v === 'string' ? v.replaceAll('\\n', '\n') : v]);
  }
  return readMetadata(unflatten(entries));
}
