/**
 * The `Setters` update strategy, as an edit of bytes rather than of a parsed tree: a line that
 * ends with a marker comment (`# {"$imagepolicy": "ns:name"}`, `...:tag`, `...:name`,
 * `...:digest`) has the scalar just before the comment replaced, and nothing else of the file is
 * touched. Flux rewrites the whole file through kyaml, which moves comments and drops a leading
 * `---` (fluxcd/flux2#1441, #4435); reading the line is enough to find the one scalar a marker
 * names, so every other byte (comments, indentation, quoting, flow style, anchors, CRLF) stays.
 */
import type { ImageRef } from '../../../api/image/v1/index.ts';
import { GO_TYPE } from '../../../engines/gotemplate/index.ts';

/**
 * One value a setter changed, as Flux's template data lists it (`.Changed.Changes`): a struct of
 * `OldValue`, `NewValue` and `Setter` (`ns:name`, `ns:name:tag`...), printed by the template
 * engine as Go prints it; the line is kept apart so it is no field of the struct.
 */
export class SetterChange {
  readonly OldValue: string;
  readonly NewValue: string;
  readonly Setter: string;
  readonly #line: number;
  constructor(line: number, oldValue: string, newValue: string, setter: string) {
    this.#line = line;
    this.OldValue = oldValue;
    this.NewValue = newValue;
    this.Setter = setter;
  }
  get [GO_TYPE](): string {
    return 'update.Change';
  }
  /** 1-based line of the change in its file. */
  get line(): number {
    return this.#line;
  }
}

/** Which part of the policy's image a marker asks for. */
type Part = 'image' | 'tag' | 'name' | 'digest';

/** A marker comment read from a line: the policy it names (`ns:name`) and the part. */
export interface Marker {
  policy: string;
  part: Part;
  setter: string;
}

/** Where the marked scalar sits in a line, and how it is written. */
interface ScalarSpan {
  start: number;
  end: number;
  style: 'plain' | 'single' | 'double';
  marker: Marker;
}

const MARKER_KEY = '$imagepolicy';

/** Reads a comment's text (after `#`) as a marker, or undefined when it is none. */
export function parseMarker(comment: string): Marker | undefined {
  const text = comment.trim();
  if (!text.startsWith('{') || !text.includes(MARKER_KEY)) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const setter = (doc as Record<string, unknown>)?.[MARKER_KEY];
  if (typeof setter !== 'string') return undefined;
  const fields = setter.split(':');
  if (fields.length < 2 || fields.length > 3 || !fields[0] || !fields[1]) return undefined;
  const suffix = fields[2];
  if (suffix !== undefined && suffix !== 'tag' && suffix !== 'name' && suffix !== 'digest') return undefined;
  return { policy: `${fields[0]}:${fields[1]}`, part: suffix ?? 'image', setter };
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t';

// the end (exclusive) of a quoted scalar starting at `i`, or -1 when it does not close on the line
function quotedEnd(s: string, i: number): number {
  const q = s[i];
  for (let j = i + 1; j < s.length; j++) {
    if (q === '"' && s[j] === '\\') j++;
    else if (s[j] === q) {
      if (q === "'" && s[j + 1] === "'") j++;
      else return j + 1;
    }
  }
  return -1;
}

// the start of a comment in plain text from `i` (a `#` after whitespace), or the line's length
function commentStart(s: string, i: number): number {
  for (let j = i; j < s.length; j++) if (s[j] === '#' && (j === 0 || isSpace(s[j - 1]))) return j;
  return s.length;
}

const skipSpaces = (s: string, i: number) => {
  while (isSpace(s[i])) i++;
  return i;
};

// `i` past a mapping key at `i` (and its `:` and spaces), or `i` itself when the node is no key
function skipKey(s: string, i: number): number {
  if (s[i] === '"' || s[i] === "'") {
    const end = quotedEnd(s, i);
    if (end < 0) return i;
    const colon = skipSpaces(s, end);
    return s[colon] === ':' && (colon + 1 === s.length || isSpace(s[colon + 1]))
      ? skipSpaces(s, colon + 1)
      : i;
  }
  const limit = commentStart(s, i);
  for (let j = i; j < limit; j++) {
    if (s[j] === ':' && (j + 1 === s.length || isSpace(s[j + 1]))) return skipSpaces(s, j + 1);
  }
  return i;
}

/**
 * The marked scalar of one line (without its line break): after any `- ` entries and a mapping
 * key, past an anchor or tag, a plain or quoted scalar followed by a marker comment. Lines whose
 * value is a flow collection, an alias or a block scalar have no scalar to set.
 */
export function findMarkedScalar(line: string): ScalarSpan | undefined {
  if (!line.includes(MARKER_KEY)) return undefined;
  let i = skipSpaces(line, 0);
  while (line[i] === '-' && (i + 1 === line.length || isSpace(line[i + 1]))) i = skipSpaces(line, i + 1);
  i = skipKey(line, i);
  // node properties: an anchor and/or a tag before the scalar
  while ((line[i] === '&' || line[i] === '!') && i < line.length) {
    while (i < line.length && !isSpace(line[i])) i++;
    i = skipSpaces(line, i);
  }
  const first = line[i];
  if (first === undefined || '#*[{|>'.includes(first)) return undefined;
  const start = i;
  let end: number;
  let style: ScalarSpan['style'] = 'plain';
  if (first === '"' || first === "'") {
    end = quotedEnd(line, i);
    if (end < 0) return undefined;
    style = first === '"' ? 'double' : 'single';
  } else {
    end = commentStart(line, i);
    while (end > start && isSpace(line[end - 1])) end--;
    if (end === start) return undefined;
  }
  const hash = skipSpaces(line, end);
  if (line[hash] !== '#' || hash === end) return undefined;
  const marker = parseMarker(line.slice(hash + 1));
  if (!marker) return undefined;
  return { start, end, style, marker };
}

/** The scalar's value as YAML reads it (enough for the quoting styles a setter meets). */
function readScalar(text: string, style: ScalarSpan['style']): string {
  if (style === 'plain') return text;
  if (style === 'single') return text.slice(1, -1).replaceAll("''", "'");
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.slice(1, -1);
  }
}

// a plain scalar YAML would read as something else than this string
const NON_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[0-9]+(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$/;

/** Whether a value can be written as a plain scalar and still read back as the same string. */
function plainSafe(v: string): boolean {
  if (v === '' || NON_STRING.test(v) || v !== v.trim()) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(v)) return false;
  return !/: |:$| #|[\r\n\t]/.test(v);
}

/** Writes a value in the scalar's own style (a plain one is quoted only when it must be). */
function writeScalar(value: string, style: ScalarSpan['style']): string {
  if (style === 'single') return `'${value.replaceAll("'", "''")}'`;
  if (style === 'plain' && plainSafe(value)) return value;
  return JSON.stringify(value);
}

/** The value a marker asks for, given its policy's latest image; undefined leaves the scalar. */
function valueFor(marker: Marker, ref: ImageRef): string | undefined {
  switch (marker.part) {
    case 'tag':
      return ref.tag;
    case 'name':
      return ref.name;
    case 'digest':
      return ref.digest || undefined;
    default:
      return ref.digest ? `${ref.name}:${ref.tag}@${ref.digest}` : `${ref.name}:${ref.tag}`;
  }
}

/** What {@link applySetters} returns: the new text and what changed in it. */
export interface SetterResult {
  text: string;
  changes: SetterChange[];
}

/**
 * Applies the setters of one YAML file: each marked scalar whose policy `lookup` knows (by
 * `namespace:name`) is set to the policy's latest image, tag, name or digest; everything else,
 * line breaks included, is copied as it was. A value already equal is no change.
 */
export function applySetters(text: string, lookup: (policy: string) => ImageRef | undefined): SetterResult {
  if (!text.includes(MARKER_KEY)) return { text, changes: [] };
  const changes: SetterChange[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n];
    const cr = raw.endsWith('\r');
    const line = cr ? raw.slice(0, -1) : raw;
    const span = findMarkedScalar(line);
    if (!span) continue;
    const ref = lookup(span.marker.policy);
    const value = ref && valueFor(span.marker, ref);
    if (value === undefined) continue;
    const old = readScalar(line.slice(span.start, span.end), span.style);
    if (old === value) continue;
    lines[n] =
      `${line.slice(0, span.start)}${writeScalar(value, span.style)}${line.slice(span.end)}${cr ? '\r' : ''}`;
    changes.push(new SetterChange(n + 1, old, value, span.marker.setter));
  }
  return changes.length ? { text: lines.join('\n'), changes } : { text, changes };
}
