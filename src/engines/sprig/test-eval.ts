/**
 * A stop-gap evaluator for sprig's tests while the gotemplate executor is being written: it runs
 * templates made of text and `{{ }}` actions holding pipelines of function calls over literals
 * (strings, numbers, bools, nil), parenthesised pipelines and `.Field`/`.Method` selectors. It
 * applies the declared Go parameter types the way text/template does for these literals. Not a
 * template engine; tests switch to the real one as soon as it executes.
 */
import { funcSignature, GoInt, goTypeName, isMap } from '../gotemplate/value.ts';
import { sprint } from './go-format.ts';

type Funcs = Record<string, (...args: any[]) => unknown>;

interface Cursor {
  src: string;
  pos: number;
}

const MISSING = Symbol('missing');

/** A method that takes arguments, waiting for them in command position. */
class BoundMethod {
  readonly target: unknown;
  readonly fn: (...args: unknown[]) => unknown;
  constructor(target: unknown, fn: (...args: unknown[]) => unknown) {
    this.target = target;
    this.fn = fn;
  }
}

function skipSpace(c: Cursor) {
  while (c.pos < c.src.length && /\s/.test(c.src[c.pos])) c.pos++;
}

/** Renders `template` with the functions; throws the first execution error. */
export function renderWith(funcs: Funcs, template: string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open < 0) {
      out += template.slice(i);
      break;
    }
    let text = template.slice(i, open);
    let start = open + 2;
    if (template.startsWith('- ', start)) {
      text = text.trimEnd();
      start += 2;
    }
    out += text;
    const close = findClose(template, start);
    let end = close;
    let trimAfter = false;
    if (template[close - 1] === '-' && template[close - 2] === ' ') {
      end = close - 2;
      trimAfter = true;
    }
    const c: Cursor = { src: template.slice(start, end), pos: 0 };
    const value = pipeline(funcs, c);
    if (value === null || value === undefined) out += '<no value>';
    else if (value !== MISSING) out += sprint(value);
    i = close + 2;
    if (trimAfter) while (i < template.length && /\s/.test(template[i])) i++;
  }
  return out;
}

function findClose(t: string, from: number): number {
  let quote = '';
  for (let i = from; i < t.length; i++) {
    const ch = t[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === '`') quote = ch;
    else if (t.startsWith('}}', i)) return i;
  }
  throw new Error('unclosed action');
}

function pipeline(funcs: Funcs, c: Cursor): unknown {
  let value: unknown = MISSING;
  for (;;) {
    value = command(funcs, c, value);
    skipSpace(c);
    if (c.src[c.pos] !== '|') return value;
    c.pos++;
  }
}

function command(funcs: Funcs, c: Cursor, piped: unknown): unknown {
  skipSpace(c);
  const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(c.src.slice(c.pos))?.[0];
  if (ident && !['true', 'false', 'nil'].includes(ident)) {
    c.pos += ident.length;
    const args: unknown[] = [];
    for (;;) {
      skipSpace(c);
      if (c.pos >= c.src.length || c.src[c.pos] === '|' || c.src[c.pos] === ')') break;
      args.push(operand(funcs, c));
    }
    if (piped !== MISSING) args.push(piped);
    return call(funcs, ident, args);
  }
  const v = operand(funcs, c);
  if (!(v instanceof BoundMethod)) return v;
  const args: unknown[] = [];
  for (;;) {
    skipSpace(c);
    if (c.pos >= c.src.length || c.src[c.pos] === '|' || c.src[c.pos] === ')') break;
    args.push(operand(funcs, c));
  }
  if (piped !== MISSING) args.push(piped);
  return v.fn.call(v.target, ...args);
}

function operand(funcs: Funcs, c: Cursor): unknown {
  skipSpace(c);
  const rest = c.src.slice(c.pos);
  let v: unknown;
  if (rest.startsWith('(')) {
    c.pos++;
    v = pipeline(funcs, c);
    skipSpace(c);
    c.pos++;
  } else if (rest.startsWith('"')) {
    const m = /^"(?:[^"\\]|\\.)*"/.exec(rest)![0];
    c.pos += m.length;
    v = JSON.parse(m.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (e) => (e[1] === 'x' ? `\\u00${e.slice(2)}` : e)));
  } else if (rest.startsWith('`')) {
    const end = rest.indexOf('`', 1);
    c.pos += end + 1;
    v = rest.slice(1, end);
  } else {
    const m = /^[^\s|()]+/.exec(rest)![0];
    c.pos += m.length;
    if (m === 'true' || m === 'false') v = m === 'true';
    else if (m === 'nil') v = null;
    else if (/^[-+]?(0x[0-9a-f]+|\d+)$/i.test(m)) v = BigInt(m);
    else if (/^[-+]?[\d.]+(e[-+]?\d+)?$/i.test(m)) v = Number(m);
    else if (/^[A-Za-z_]\w*$/.test(m)) v = call(funcs, m, []);
    else throw new Error(`cannot parse operand ${m}`);
  }
  while (c.src[c.pos] === '.') {
    const name = /^\.([A-Za-z_]\w*)/.exec(c.src.slice(c.pos))![1];
    c.pos += name.length + 1;
    const target = v as any;
    const member = isMap(target) ? target[name] : target?.[name];
    if (member === undefined) throw new Error(`can't evaluate field ${name}`);
    if (typeof member === 'function' && member.length > 0) v = new BoundMethod(target, member);
    else v = typeof member === 'function' ? member.call(target) : member;
  }
  return v;
}

function convert(type: string, v: unknown, name: string): unknown {
  if (['int', 'int64', 'uint32', 'uint64'].includes(type)) {
    if (typeof v === 'number' && Number.isInteger(v)) v = BigInt(v);
    if (typeof v !== 'bigint' && !(v instanceof GoInt))
      throw new Error(`${name}: expected integer; found ${sprint(v)}`);
    if (type === 'int') return v;
    return new GoInt(type as 'int64', typeof v === 'bigint' ? v : v.value);
  }
  if (type === 'float64') {
    if (typeof v === 'bigint') return Number(v);
    if (typeof v !== 'number') throw new Error(`${name}: expected float64`);
    return v;
  }
  if (type === 'string' && typeof v !== 'string')
    throw new Error(`${name}: expected string; found ${sprint(v)}`);
  if (type === 'map[string]interface {}' && v !== null && !isMap(v))
    throw new Error(`${name}: can't handle map`);
  if (/^\*?\w+\.\w+$/.test(type) && goTypeName(v) !== type) throw new Error(`${name}: can't handle ${type}`);
  if (type === 'bool' && typeof v !== 'boolean') throw new Error(`${name}: expected bool`);
  return v;
}

function call(funcs: Funcs, name: string, args: unknown[]): unknown {
  const fn = funcs[name];
  if (!fn) throw new Error(`function "${name}" not defined`);
  const sig = funcSignature(fn);
  let converted = args;
  if (sig) {
    const fixed = sig.params.length;
    if (sig.variadic === undefined ? args.length !== fixed : args.length < fixed) {
      throw new Error(`wrong number of args for ${name}: want ${fixed} got ${args.length}`);
    }
    converted = args.map((a, i) => convert(i < fixed ? sig.params[i] : sig.variadic!, a, name));
  }
  try {
    return fn(...converted);
  } catch (e) {
    throw new Error(`error calling ${name}: ${(e as Error).message}`);
  }
}
