import { needsQuotes } from './resolve.ts';

/** What libyaml's scalar analysis allows for one string. */
interface ScalarAnalysis {
  multiline: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

/** Code points libyaml writes unescaped. */
export const isPrintable = (cp: number): boolean =>
  cp === 0x0a ||
  (cp >= 0x20 && cp <= 0x7e) ||
  (cp >= 0xa0 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);

/** YAML's line breaks: newline, carriage return, NEL and the Unicode line and paragraph separators. */
export const isBreak = (c: string | undefined): boolean =>
  c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';

function analyze(s: string): ScalarAnalysis {
  if (s.length === 0) return { multiline: false, blockPlain: true, singleQuoted: true, block: false };
  let blockInd = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  let precededByWs = true;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const next = chars[i + 1];
    const followedByWs = next === undefined || next === ' ' || next === '\t' || isBreak(next);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockInd = true;
      else if ((c === '?' || c === ':' || c === '-') && followedByWs) blockInd = true;
    } else if (c === ':' && followedByWs) blockInd = true;
    else if (c === '#' && precededByWs) blockInd = true;
    if (!isPrintable(c.codePointAt(0)!)) special = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = c === ' ' || c === '\t' || isBreak(c);
  }
  const r: ScalarAnalysis = { multiline: lineBreaks, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) r.blockPlain = false;
  if (trailingSpace) r.block = false;
  if (breakSpace) {
    r.blockPlain = false;
    r.singleQuoted = false;
  }
  if (spaceBreak || special) {
    r.blockPlain = false;
    r.singleQuoted = false;
    r.block = false;
  }
  if (lineBreaks || blockInd) r.blockPlain = false;
  return r;
}

/** How a string scalar is written. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

/**
 * The style go-yaml's encoder asks for (literal for multi-line text, double quotes for text that
 * would read back as another type, else plain) as libyaml then downgrades it for what the text holds.
 */
export function chooseStyle(s: string, simpleKey: boolean): ScalarStyle {
  let style: ScalarStyle = s.includes('\n') ? 'literal' : needsQuotes(s) ? 'double' : 'plain';
  const a = analyze(s);
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if (!a.blockPlain) style = 'single';
    if (s.length === 0 && simpleKey) style = 'single';
  }
  if (style === 'single' && !a.singleQuoted) style = 'double';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  return style;
}

/** libyaml writes a mapping key inline (`key: value`) only when it is one line of at most 128 bytes. */
export function isSimpleKey(k: string): boolean {
  return Buffer.byteLength(k) <= 128 && !BREAK.test(k);
}

const BREAK = /[\n\r\u0085\u2028\u2029]/;
