import { goYamlTimestamp } from './timestamp.ts';

/** Plain words go-yaml reads as booleans, nulls, infinities or NaN (YAML 1.1's y/n/on/off included). */
const NON_STRING_WORDS = new Set([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'],
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'],
  ...['', '~', 'null', 'Null', 'NULL'],
  ...['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF'],
]);
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_RE = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** Go's strconv.ParseInt/ParseUint with base 0 succeeding on the text (range included). */
export function goParsesAsInt(s: string): boolean {
  let t = s;
  let neg = false;
  if (t.startsWith('+') || t.startsWith('-')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  let digits: RegExp;
  let body = t;
  let base = 10;
  if (/^0[xX]/.test(t)) [digits, body, base] = [/^[0-9a-fA-F]+$/, t.slice(2), 16];
  else if (/^0[oO]/.test(t)) [digits, body, base] = [/^[0-7]+$/, t.slice(2), 8];
  else if (/^0[bB]/.test(t)) [digits, body, base] = [/^[01]+$/, t.slice(2), 2];
  else if (/^0[0-9]/.test(t)) [digits, body, base] = [/^[0-7]+$/, t.slice(1), 8];
  else digits = /^[0-9]+$/;
  if (!digits.test(body)) return false;
  let v = 0n;
  for (const c of body) v = v * BigInt(base) + BigInt(Number.parseInt(c, 16));
  return neg ? v <= 2n ** 63n : v < 2n ** 64n;
}

/** Go's ParseFloat succeeding on YAML-style float text (it fails on overflow). */
const isFiniteFloat = (s: string) => FLOAT_RE.test(s) && Number.isFinite(Number(s));

/**
 * Whether go-yaml would read this text, written plain, back as something other than the same
 * string (a boolean, null, number, timestamp or base-60 float), so that its encoder must quote it.
 */
export function needsQuotes(s: string): boolean {
  if (NON_STRING_WORDS.has(s) || BASE60_RE.test(s)) return true;
  const c = s[0];
  if (c === '.') return isFiniteFloat(s);
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (goYamlTimestamp(s) !== undefined) return true;
    const plain = s.replaceAll('_', '');
    return goParsesAsInt(plain) || isFiniteFloat(plain);
  }
  return false;
}
