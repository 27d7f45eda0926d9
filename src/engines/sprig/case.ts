/**
 * Case conversions with the word rules of huandu/xstrings v1.5, which sprig uses: camelcase
 * (PascalCase), snakecase and kebabcase. Words break at connectors (`-`, `_`, white space), at
 * punctuation, at lower-to-upper changes, around acronyms (`HTTPServer` = HTTP + Server) and
 * between letters and numbers, with a number kept in its word when no lower-case letter follows.
 */
import { isLetter, isNumber, isPunct, isSpace, isUpper, runeLower, runeUpper } from './text.ts';

const isConnector = (ch: string): boolean => ch === '-' || ch === '_' || isSpace(ch);

/** A letter that is not a CJK ideograph (xstrings treats those as word-less). */
function isAlphabet(ch: string): boolean {
  if (!isLetter(ch)) return false;
  const cp = ch.codePointAt(0)!;
  if (cp < 0x3400) return true;
  if (cp >= 0x4e00 && cp <= 0x9fcc) return false;
  if (cp >= 0x3400 && cp <= 0x4d85) return false;
  if (cp >= 0x20000 && cp <= 0x2b81d) return false;
  return true;
}

/** PascalCase: connectors dropped, the rune after each upper-cased, acronym tails lower-cased. */
export function toPascalCase(s: string): string {
  if (s === '') return '';
  const runes = [...s];
  let out = '';
  let i = 0;
  let r0 = '';
  let firstUpper = false;
  while (i < runes.length) {
    r0 = runes[i++];
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = runeUpper(r0);
      break;
    }
    out += r0;
  }
  if (i >= runes.length) return out + r0;
  while (i < runes.length) {
    const r1 = r0;
    r0 = runes[i++];
    if (isConnector(r0) && isConnector(r1)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = runeUpper(r0);
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = runeLower(r0);
        else firstUpper = false;
      }
      out += r1;
    }
  }
  return out + r0;
}

const WordType = {
  Invalid: 0,
  Number: 1,
  Upper: 2,
  Alphabet: 3,
  Connector: 4,
  Punct: 5,
  Other: 6,
} as const;
type WordType = (typeof WordType)[keyof typeof WordType];

interface Word {
  type: WordType;
  text: string;
  next: number;
}

/** Reads the word starting at rune index `start`. */
function nextWord(runes: string[], start: number): Word {
  const n = runes.length;
  if (start >= n) return { type: WordType.Invalid, text: '', next: start };
  const first = runes[start];
  let i = start + 1;
  const take = (type: WordType): Word => ({ type, text: runes.slice(start, i).join(''), next: i });
  const skipWhile = (pred: (ch: string) => boolean) => {
    while (i < n && pred(runes[i])) i++;
  };
  if (isConnector(first)) {
    skipWhile(isConnector);
    return take(WordType.Connector);
  }
  if (isPunct(first)) {
    skipWhile(isPunct);
    return take(WordType.Punct);
  }
  if (isUpper(first)) {
    if (i < n && isUpper(runes[i])) {
      let lastUpper = i;
      i++;
      while (i < n && isUpper(runes[i])) lastUpper = i++;
      // "HTTPStatus": the last capital starts the next word.
      if (i < n && isAlphabet(runes[i])) i = lastUpper;
    } else if (i < n && isAlphabet(runes[i])) {
      i++;
      skipWhile((ch) => isAlphabet(ch) && !isUpper(ch));
    }
    return take(WordType.Upper);
  }
  if (isAlphabet(first)) {
    skipWhile((ch) => isAlphabet(ch) && !isUpper(ch));
    return take(WordType.Alphabet);
  }
  if (isNumber(first)) {
    skipWhile(isNumber);
    return take(WordType.Number);
  }
  skipWhile((ch) => !(isConnector(ch) || isAlphabet(ch) || isNumber(ch) || isPunct(ch)));
  return take(WordType.Other);
}

/** Lower-cases upper-case and connector words (connectors become `connector`); others stay. */
function lowerWord(type: WordType, text: string, connector: string): string {
  if (type !== WordType.Upper && type !== WordType.Connector) return text;
  return Array.from(text, (ch) => (isConnector(ch) ? connector : isUpper(ch) ? runeLower(ch) : ch)).join('');
}

/** snake_case (connector `_`) or kebab-case (connector `-`). */
export function toDelimitedLower(s: string, connector: string): string {
  if (s === '') return '';
  const runes = [...s];
  let out = '';
  let w = nextWord(runes, 0);
  const separates = (t: WordType) => t !== WordType.Connector && t !== WordType.Punct;
  while (w.next < runes.length) {
    if (w.type !== WordType.Connector) out += lowerWord(w.type, w.text, connector);
    const prev = w;
    w = nextWord(runes, w.next);
    if (prev.type === WordType.Number) {
      while (w.type === WordType.Alphabet || w.type === WordType.Number) {
        out += lowerWord(w.type, w.text, connector);
        w = nextWord(runes, w.next);
      }
      if (w.type !== WordType.Invalid && separates(w.type)) out += connector;
    } else if (prev.type === WordType.Connector) {
      out += lowerWord(prev.type, prev.text, connector);
    } else if (prev.type !== WordType.Punct) {
      if (w.type !== WordType.Number) {
        if (separates(w.type)) out += connector;
        continue;
      }
      if (w.next >= runes.length) continue;
      const num = w;
      w = nextWord(runes, w.next);
      if (w.type !== WordType.Alphabet) {
        // a number without lower-case letters after it stays in the previous word ("Bld4Floor")
        out += lowerWord(WordType.Number, num.text, connector);
        if (separates(w.type)) out += connector;
        continue;
      }
      out += connector + lowerWord(WordType.Number, num.text, connector);
      while (w.type === WordType.Alphabet || w.type === WordType.Number) {
        out += lowerWord(w.type, w.text, connector);
        w = nextWord(runes, w.next);
      }
      if (w.type !== WordType.Invalid && separates(w.type)) out += connector;
    }
  }
  return out + lowerWord(w.type, w.text, connector);
}
