/**
 * Kubernetes label selector strings (`app=web,tier in (front,back),!legacy`), parsed with the
 * grammar of apimachinery's `labels.Parse`, which kustomize uses for the `labelSelector` and
 * `annotationSelector` of patch targets and Flux for those of its ignore rules.
 */

/** A selector string that does not parse; the message names the selector and what was found. */
export class LabelSelectorError extends Error {
  override name = 'LabelSelectorError';
}

type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | '>' | '<';

interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

/** A parsed selector: {@link LabelSelector.matches} tells whether a label (or annotation) map is selected. */
export interface LabelSelector {
  matches(values: Readonly<Record<string, string>> | undefined): boolean;
}

// the characters that end an identifier and start an operator or a separator
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const OPERATORS = ['!=', '==', '=', '!', '(', ')', ',', '>', '<'];
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const COMPARISONS = ['=', '==', '!=', '>', '<'] as const;

type Token = { kind: 'identifier' | 'symbol' | 'end'; text: string };

function tokenize(selector: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < selector.length) {
    const c = selector[i] ?? '';
    if (WHITESPACE.has(c)) {
      i++;
      continue;
    }
    if (SPECIAL.has(c)) {
      const op = OPERATORS.find((o) => selector.startsWith(o, i)) ?? c;
      tokens.push({ kind: 'symbol', text: op });
      i += op.length;
      continue;
    }
    let j = i;
    while (j < selector.length && !WHITESPACE.has(selector[j] ?? '') && !SPECIAL.has(selector[j] ?? '')) j++;
    tokens.push({ kind: 'identifier', text: selector.slice(i, j) });
    i = j;
  }
  tokens.push({ kind: 'end', text: 'end of string' });
  return tokens;
}

// a label key: an optional DNS subdomain prefix and a name of at most 63 characters
const NAME = /^(?=.{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const PREFIX = /^(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^(?:(?=.{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function validKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return NAME.test(key);
  return PREFIX.test(key.slice(0, slash)) && NAME.test(key.slice(slash + 1));
}

/**
 * Parses a selector string; throws {@link LabelSelectorError} for one the Kubernetes parser
 * refuses (a bad token, an invalid key or value, an empty `in ()`, a non-integer with `>`/`<`).
 * The empty string selects everything.
 */
export function parseLabelSelector(selector: string): LabelSelector {
  const tokens = tokenize(selector);
  let pos = 0;
  const peek = () => tokens[pos] as Token;
  const next = () => tokens[pos++] as Token;
  const fail: (why: string) => never = (why) => {
    throw new LabelSelectorError(`invalid selector '${selector}': ${why}`);
  };
  const expect = (text: string) => {
    const t = next();
    if (t.text !== text) fail(`found '${t.text}', expected: '${text}'`);
  };
  const identifier = (what: string) => {
    const t = next();
    return t.kind === 'identifier' ? t.text : fail(`found '${t.text}', expected: ${what}`);
  };
  const value = (v: string) => (VALUE.test(v) ? v : fail(`invalid value '${v}'`));

  // the operator and values after a key: `in (a,b)`, `= a`, `> 3`, or nothing (the key exists)
  const operation = (): { operator: Operator; values: string[] } => {
    const op = peek();
    if (op.kind === 'end' || op.text === ',') return { operator: 'exists', values: [] };
    if (op.kind === 'identifier' && (op.text === 'in' || op.text === 'notin')) {
      next();
      expect('(');
      const values: string[] = [];
      while (peek().text !== ')') {
        values.push(value(identifier("identifier, ')'")));
        if (peek().text === ',') next();
        else if (peek().text !== ')') fail(`found '${peek().text}', expected: ',', ')'`);
      }
      next();
      if (values.length === 0) fail(`for '${op.text}', values set can't be empty`);
      return { operator: op.text, values };
    }
    const operator = op.kind === 'symbol' ? COMPARISONS.find((c) => c === op.text) : undefined;
    if (!operator) return fail(`found '${op.text}', expected: in, notin, =, ==, !=, >, <`);
    next();
    const v = value(peek().kind === 'identifier' ? next().text : '');
    if ((operator === '>' || operator === '<') && !/^-?\d+$/.test(v))
      fail(`for '${operator}', the value must be an integer, got '${v}'`);
    return { operator, values: [v] };
  };

  const requirements: Requirement[] = [];
  while (peek().kind !== 'end') {
    const negated = peek().text === '!';
    if (negated) next();
    const key = identifier('!, identifier');
    if (!validKey(key)) fail(`invalid key '${key}'`);
    requirements.push(negated ? { key, operator: '!', values: [] } : { key, ...operation() });
    const sep = next();
    if (sep.kind === 'end') break;
    if (sep.text !== ',') fail(`found '${sep.text}', expected: ',' or 'end of string'`);
    if (peek().kind === 'end') fail(`found 'end of string', expected: identifier after ','`);
  }
  return { matches: (values) => requirements.every((r) => holds(r, values ?? {})) };
}

function holds(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const v = labels[r.key] ?? '';
  switch (r.operator) {
    case 'exists':
      return has;
    case '!':
      return !has;
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(v);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(v);
    case '>':
    case '<': {
      if (!has || !/^-?\d+$/.test(v)) return false;
      const [have, want] = [Number(v), Number(r.values[0])];
      return r.operator === '>' ? have > want : have < want;
    }
  }
}

/** Whether a label (or annotation) map is selected by a selector string; see {@link parseLabelSelector}. */
export function matchesLabelSelector(
  values: Readonly<Record<string, string>> | undefined,
  selector: string,
): boolean {
  return parseLabelSelector(selector).matches(values);
}
