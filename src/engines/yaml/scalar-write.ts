import { chooseStyle, isBreak, isPrintable } from './scalar-style.ts';
import type { Writer } from './writer.ts';

/** Go's named escapes in double-quoted scalars, by code point. */
const NAMED_ESCAPES: Record<number, string> = {
  0: '0',
  7: 'a',
  8: 'b',
  9: 't',
  10: 'n',
  11: 'v',
  12: 'f',
  13: 'r',
  27: 'e',
  34: '"',
  92: '\\',
  133: 'N',
  160: '_',
  8232: 'L',
  8233: 'P',
};

function escapeAlways(c: string): string {
  const cp = c.codePointAt(0)!;
  const named = NAMED_ESCAPES[cp];
  if (named !== undefined) return `\\${named}`;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/** The escape of a character in a double-quoted scalar, or undefined when it is written as is. */
function escapeDouble(c: string): string | undefined {
  const cp = c.codePointAt(0)!;
  // only non-printable characters, the BOM, line breaks, quotes and backslashes are escaped
  if (isPrintable(cp) && cp !== 0xfeff && !isBreak(c) && c !== '"' && c !== '\\') return undefined;
  return escapeAlways(c);
}

/** Where scalar text goes and how wide lines may grow before libyaml folds them at a space. */
export interface ScalarPlace {
  /** column of continuation lines and block content */
  indent: number;
  /** a mapping key written inline: never folded, plain or quoted on one line */
  simpleKey: boolean;
  /** the emitter's best width: 80 for go-yaml v2, unbounded (no folding) for v3 */
  width: number;
}

/** Writes a string scalar in the style go-yaml and libyaml pick for it. */
export function writeString(w: Writer, s: string, place: ScalarPlace): void {
  const chars = [...s];
  const style = chooseStyle(s, place.simpleKey);
  if (style === 'plain') writePlain(w, chars, place);
  else if (style === 'single') writeSingle(w, chars, place);
  else if (style === 'double') writeDouble(w, chars, place);
  else writeLiteral(w, chars, place.indent);
}

/** Whether a space at `i` is where libyaml breaks the line (past the width, not at a run of spaces). */
function foldsAt(w: Writer, spaces: boolean, place: ScalarPlace): boolean {
  return !place.simpleKey && !spaces && w.column > place.width;
}

function writePlain(w: Writer, chars: string[], place: ScalarPlace): void {
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === ' ') {
      if (foldsAt(w, spaces, place) && chars[i + 1] !== ' ') w.newline(place.indent);
      else w.putChar(c);
      spaces = true;
    } else {
      w.putChar(c);
      spaces = false;
    }
  }
}

function writeSingle(w: Writer, chars: string[], place: ScalarPlace): void {
  const { indent } = place;
  w.put("'");
  let spaces = false;
  let breaks = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (isBreak(c)) {
      // a line or paragraph separator is written as is and the next text indented
      w.lineBreak(c);
      breaks = true;
      continue;
    }
    if (breaks && c !== ' ') {
      if (w.column > indent) w.newline(indent);
      else w.put(' '.repeat(indent - w.column));
      breaks = false;
    }
    if (c === ' ') {
      const inside = i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ';
      if (inside && foldsAt(w, spaces, place)) w.newline(indent);
      else w.putChar(c);
      spaces = true;
    } else {
      if (c === "'") w.put("'");
      w.putChar(c);
      spaces = false;
    }
  }
  w.put("'");
}

function writeDouble(w: Writer, chars: string[], place: ScalarPlace): void {
  w.put('"');
  let spaces = false;
  // libyaml tests for a byte order mark at the start of the whole value, not at each character,
  // so a value that starts with one has every character escaped
  const escapeAll = chars[0] === '\ufeff';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const esc = escapeAll ? escapeAlways(c) : escapeDouble(c);
    if (esc !== undefined) {
      w.put(esc);
      spaces = false;
    } else if (c === ' ') {
      if (i > 0 && i < chars.length - 1 && foldsAt(w, spaces, place)) {
        w.newline(place.indent);
        if (chars[i + 1] === ' ') w.put('\\');
      } else w.putChar(c);
      spaces = true;
    } else {
      w.putChar(c);
      spaces = false;
    }
  }
  w.put('"');
}

function writeLiteral(w: Writer, chars: string[], indent: number): void {
  let header = '|';
  if (chars[0] === ' ' || isBreak(chars[0])) header += '2';
  const last = chars[chars.length - 1];
  if (!isBreak(last)) header += '-';
  else if (chars.length === 1 || isBreak(chars[chars.length - 2])) header += '+';
  w.put(header);
  w.lineBreak('\n');
  let breaks = true;
  for (const c of chars) {
    if (isBreak(c)) {
      // only a newline starts a new output line; other separators are copied as they are
      w.lineBreak(c);
      breaks = true;
    } else {
      if (breaks) w.put(' '.repeat(indent));
      w.putChar(c);
      breaks = false;
    }
  }
}
