/**
 * The executor: walks a parse tree with a dot value and a variable stack, producing output text
 * and Go's execution errors (`template: NAME:LINE:COL: executing "NAME" at <NODE>: MSG`).
 */

import { toError } from '../errors/index.ts';
import * as builtins from './builtins.ts';
import { printIndirect, printValue } from './fmt.ts';
import type { BranchNode, ChainNode, CommandNode, ListNode, Node, NumberNode, PipeNode } from './nodes.ts';
import { nodeContext, nodeLocation, nodeString } from './nodes.ts';
import { goQuote } from './parser.ts';
import {
  funcSignature,
  GoComplex,
  GoFloat32,
  GoInt,
  goInt,
  goTypeName,
  type IntKind,
  intKind,
  isAnyMap,
  isExportedName,
  isMap,
  isStruct,
  mapElemType,
  mapEntries,
  toBigInt,
  truth,
} from './value.ts';

/** An execution failure, with Go's message text. */
export class ExecError extends Error {}

/** What the executor needs from the template set. */
export interface ExecSet {
  missingKey: 'invalid' | 'zero' | 'error';
  findFunc(name: string): ((...args: any[]) => unknown) | undefined;
  findTree(name: string): { root: ListNode } | undefined;
}

const MISSING = Symbol('missing');
const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');
const MAX_EXEC_DEPTH = 100000;
const STACK_EXHAUSTED = Symbol('stack exhausted');

const BUILTIN_NAMES = new Set([
  'and',
  'or',
  'not',
  'len',
  'index',
  'slice',
  'print',
  'printf',
  'println',
  'html',
  'js',
  'urlquery',
  'call',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
]);

const BUILTIN_ARITY: Record<string, [number, boolean]> = {
  not: [1, false],
  len: [1, false],
  index: [1, true],
  slice: [1, true],
  print: [0, true],
  printf: [1, true],
  println: [0, true],
  html: [0, true],
  js: [0, true],
  urlquery: [0, true],
  call: [1, true],
  eq: [1, true],
  ne: [2, false],
  lt: [2, false],
  le: [2, false],
  gt: [2, false],
  ge: [2, false],
  and: [1, true],
  or: [1, true],
};

/** Tells whether a name is one of Go's predefined template functions. */
export function isBuiltin(name: string): boolean {
  return BUILTIN_NAMES.has(name);
}

interface Var {
  name: string;
  value: unknown;
}

/** Executes a template body; returns the output. */
export function executeTree(set: ExecSet, name: string, root: ListNode, data: unknown): string {
  // a nil data value is Go's invalid reflect.Value, not a nil interface
  const dot = unwrapNil(data);
  const s = new State(set, name, dot);
  try {
    s.walk(dot, root);
  } catch (e) {
    if (e === STACK_EXHAUSTED && s.overflow) {
      s.name = s.overflow.name;
      s.at(s.overflow.node);
      s.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    }
    throw e;
  }
  return s.out.join('');
}

/** Go's nil interface values become the invalid value where Go's evalPipeline unwraps them. */
function unwrapNil(v: unknown): unknown {
  return v === null ? undefined : v;
}

class State {
  out: string[] = [];
  vars: Var[];
  node: Node | undefined;
  depth = 0;
  overflow: { node: Node; name: string } | undefined;
  readonly set: ExecSet;
  name: string;
  constructor(set: ExecSet, name: string, data: unknown) {
    this.set = set;
    this.name = name;
    this.vars = [{ name: '$', value: data }];
  }

  errorf(msg: string): never {
    if (!this.node) throw new ExecError(`template: ${this.name}: ${msg}`);
    throw new ExecError(
      `template: ${nodeLocation(this.node)}: executing ${goQuote(this.name)} at <${nodeContext(this.node)}>: ${msg}`,
    );
  }
  at(n: Node): void {
    this.node = n;
  }

  walk(dot: unknown, n: Node): void {
    this.at(n);
    switch (n.type) {
      case 'action': {
        const v = this.evalPipeline(dot, n.pipe);
        if (n.pipe.decl.length === 0) this.out.push(this.printable(n, v));
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'comment':
        return;
      case 'if':
      case 'with':
        this.walkIfOrWith(dot, n);
        return;
      case 'list':
        for (const c of n.nodes) this.walk(dot, c);
        return;
      case 'range':
        this.walkRange(dot, n);
        return;
      case 'template':
        this.walkTemplate(dot, n);
        return;
      case 'text':
        this.out.push(n.text);
        return;
    }
    this.errorf(`unknown node: ${nodeString(n)}`);
  }

  printable(n: Node, v: unknown): string {
    if (typeof v === 'string') return v;
    if (v === undefined) return '<no value>';
    if (typeof v === 'function') {
      this.at(n);
      this.errorf(`can't print ${nodeString(n)} of type ${goTypeName(v)}`);
    }
    // an action prints what a pointer points to (Go indirects before printing), so no leading &
    return printIndirect(v);
  }

  walkIfOrWith(dot: unknown, n: BranchNode): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, n.pipe);
      if (truth(val)) {
        if (n.type === 'with') this.walk(val, n.list);
        else this.walk(dot, n.list);
      } else if (n.elseList) {
        this.walk(dot, n.elseList);
      }
    } finally {
      this.vars.length = mark;
    }
  }

  walkRange(dot: unknown, r: BranchNode): void {
    this.at(r);
    const mark = this.vars.length;
    try {
      const val = unwrapNil(this.evalPipeline(dot, r.pipe));
      const inner = this.vars.length;
      const decl = r.pipe.decl;
      const one = (key: unknown, elem: unknown): boolean => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) this.setVar(decl[0].ident[0], decl.length > 1 ? key : elem);
          else this.vars[inner - 1].value = elem;
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1].ident[0], elem);
          else this.vars[inner - 2].value = key;
        }
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (e === CONTINUE) return true;
          if (e === BREAK) return false;
          throw e;
        } finally {
          this.vars.length = inner;
        }
        return true;
      };
      let ran = false;
      const k = intKind(val);
      if (k !== undefined) {
        if (decl.length > 1)
          this.errorf(`can't use ${printValue(val)} to iterate over more than one variable`);
        const n = toBigInt(val as bigint | GoInt);
        for (let i = 0n; i < n; i++) {
          ran = true;
          if (!one(undefined, goInt(i, k as IntKind))) break;
        }
      } else if (Array.isArray(val) || val instanceof Uint8Array) {
        for (let i = 0; i < val.length; i++) {
          ran = true;
          const e = val instanceof Uint8Array ? new GoInt('uint8', BigInt(val[i])) : val[i];
          if (!one(BigInt(i), e)) break;
        }
      } else if (isAnyMap(val)) {
        for (const [key, elem] of mapEntries(val)) {
          ran = true;
          if (!one(key, elem)) break;
        }
      } else if (val !== undefined) {
        this.errorf(`range can't iterate over ${printValue(val)}`);
      }
      if (!ran && r.elseList) {
        this.vars.length = mark;
        this.walk(dot, r.elseList);
      }
    } finally {
      this.vars.length = mark;
    }
  }

  walkTemplate(dot: unknown, t: Node & { type: 'template' }): void {
    this.at(t);
    const tree = this.set.findTree(t.name);
    if (!tree) this.errorf(`template ${goQuote(t.name)} not defined`);
    if (this.depth >= MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = unwrapNil(this.evalPipeline(dot, t.pipe));
    const saved = { name: this.name, vars: this.vars };
    this.name = t.name;
    this.vars = [{ name: '$', value: newDot }];
    this.depth++;
    try {
      this.walk(newDot, tree.root);
    } catch (e) {
      // JS runs out of stack long before Go's depth limit: remember the innermost template call
      // (doing no other work this deep) and report it as Go does at its limit, once back up
      if (e instanceof RangeError || e === STACK_EXHAUSTED) {
        if (!this.overflow) this.overflow = { node: t, name: saved.name };
        throw STACK_EXHAUSTED;
      }
      throw e;
    } finally {
      this.depth--;
      this.name = saved.name;
      this.vars = saved.vars;
    }
  }

  evalPipeline(dot: unknown, pipe: PipeNode | undefined): unknown {
    if (!pipe) return undefined;
    this.at(pipe);
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) {
      value = unwrapNil(this.evalCommand(dot, cmd, value));
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0], value);
      else this.vars.push({ name: v.ident[0], value });
    }
    return value;
  }

  setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    this.errorf(`undefined variable: ${name}`);
  }

  notAFunction(args: Node[], final: unknown): void {
    if (args.length > 1 || final !== MISSING)
      this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  evalCommand(dot: unknown, cmd: CommandNode, final: unknown): unknown {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        this.at(first);
        return this.evalFieldChain(dot, dot, first, first.ident, cmd.args, final);
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first.ident, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
        break;
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
    this.errorf(`can't evaluate command ${goQuote(nodeString(first))}`);
  }

  idealConstant(n: NumberNode): unknown {
    this.at(n);
    if (n.isComplex) return new GoComplex(n.complex[0], n.complex[1]);
    if (n.isFloat && !/^[+-]?0[xX]/.test(n.text) && !n.text.startsWith("'") && /[.eEpP]/.test(n.text)) {
      return n.float64;
    }
    if (n.isInt) return n.int64;
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  evalVariable(dot: unknown, v: Node & { type: 'variable' }, args: Node[], final: unknown): unknown {
    this.at(v);
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  evalChain(dot: unknown, chain: ChainNode, args: Node[], final: unknown): unknown {
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    // Go gives the chain's term no type, and its pipeline unwraps a nil interface to the invalid
    // value, so `((.a).missing).b` is quietly empty where `.a.null.b` is an error
    const pipe =
      chain.node.type === 'pipe'
        ? unwrapNil(this.evalPipeline(dot, chain.node))
        : this.evalArg(dot, 'reflect.Value', chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  evalFieldChain(
    dot: unknown,
    receiver: unknown,
    node: Node,
    ident: string[],
    args: Node[],
    final: unknown,
  ): unknown {
    let r = receiver;
    // Go reports a field error with the receiver's static type: a map element's type, not its content's
    let staticType: string | undefined;
    for (let i = 0; i < ident.length - 1; i++) {
      const next = this.evalField(dot, ident[i], node, [], MISSING, r, staticType);
      staticType = isMap(r) ? mapElemType(r) : undefined;
      r = next;
    }
    return this.evalField(dot, ident[ident.length - 1], node, args, final, r, staticType);
  }

  evalField(
    dot: unknown,
    field: string,
    node: Node,
    args: Node[],
    final: unknown,
    receiver: unknown,
    staticType?: string,
  ): unknown {
    if (receiver === undefined) {
      if (this.set.missingKey === 'error') this.errorf(`nil data; no entry for key ${goQuote(field)}`);
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${field}`);
    const hasArgs = args.length > 1 || final !== MISSING;
    // Go looks for a method first; class instances (structs, and named slice types such as an
    // Array subclass with a Has method) carry methods, plain-object maps never do
    if (typeof receiver === 'object' && !isMap(receiver) && isExportedName(field)) {
      const method = (receiver as any)[field];
      if (typeof method === 'function') {
        return this.evalCall(
          dot,
          method.bind(receiver),
          false,
          node,
          field,
          args,
          final,
          funcSignature(method),
        );
      }
    }
    if (isMap(receiver)) {
      if (hasArgs) this.errorf(`${field} is not a method but has arguments`);
      if (Object.hasOwn(receiver, field)) return receiver[field];
      switch (this.set.missingKey) {
        case 'zero':
          return builtins.zeroOf(mapElemType(receiver));
        case 'error':
          this.errorf(`map has no entry for key ${goQuote(field)}`);
      }
      return undefined;
    }
    if (isStruct(receiver) && isExportedName(field)) {
      const member = (receiver as any)[field];
      if (field in (receiver as object)) {
        if (hasArgs) this.errorf(`${field} has arguments but cannot be invoked as function`);
        return member;
      }
    }
    this.errorf(`can't evaluate field ${field} in type ${staticType ?? goTypeName(receiver)}`);
  }

  evalFunction(dot: unknown, name: string, cmd: Node, args: Node[], final: unknown): unknown {
    this.at(args[0] ?? cmd);
    const fn = this.set.findFunc(name);
    if (fn) return this.evalCall(dot, fn, false, cmd, name, args, final, funcSignature(fn));
    if (!BUILTIN_NAMES.has(name)) this.errorf(`${goQuote(name)} is not a defined function`);
    return this.evalBuiltin(dot, name, cmd, args, final);
  }

  /** Checks the argument count of a call as Go's evalCall does. */
  checkArity(name: string, nArgs: number, final: unknown, want: number, variadic: boolean): void {
    const numIn = nArgs + (final !== MISSING ? 1 : 0);
    if (variadic) {
      if (numIn < want) this.errorf(`wrong number of args for ${name}: want at least ${want} got ${nArgs}`);
    } else if (numIn !== want) {
      this.errorf(`wrong number of args for ${name}: want ${want} got ${numIn}`);
    }
  }

  evalBuiltin(dot: unknown, name: string, node: Node, args: Node[], final: unknown): unknown {
    const argNodes = args.slice(1);
    const [want, variadic] = BUILTIN_ARITY[name];
    this.checkArity(name, argNodes.length, final, want, variadic);
    if (name === 'and' || name === 'or') {
      let v: unknown;
      for (const a of argNodes) {
        v = unwrapNil(this.evalArg(dot, 'reflect.Value', a));
        if (truth(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }
    const argv: unknown[] = [];
    // printf's first parameter is a string; the others are interface{} / reflect.Value
    argNodes.forEach((a, i) => {
      argv.push(this.evalArg(dot, builtinParamType(name, i), a));
    });
    if (final !== MISSING) {
      if (name === 'printf' && argNodes.length === 0) argv.push(this.validateType(final, 'string'));
      else argv.push(final);
    }
    if (name === 'call') return this.builtinCall(node, args, argv, final);
    const fn = (builtins as any)[name] as (...a: unknown[]) => unknown;
    // len tells the invalid value (undefined) from a nil interface (null); the others treat both alike
    const reflectArgs = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'index', 'slice', 'not'].includes(name);
    const callArgs = reflectArgs
      ? argv.map(unwrapNil)
      : name === 'len'
        ? argv
        : argv.map((a) => (a === undefined ? null : a));
    try {
      return fn(...callArgs);
    } catch (e) {
      if (e instanceof ExecError) throw e;
      this.at(node);
      this.errorf(`error calling ${name}: ${toError(e).message}`);
    }
  }

  builtinCall(node: Node, args: Node[], argv: unknown[], final: unknown): unknown {
    const calleeName = args.length > 1 ? nodeString(args[1]) : String(final);
    const [fn, ...rest] = argv;
    try {
      if (fn === null || fn === undefined) throw new Error('call of nil');
      if (typeof fn !== 'function') throw new Error(`non-function ${calleeName} of type ${goTypeName(fn)}`);
      const sig = funcSignature(fn);
      if (sig) {
        const want = sig.params.length;
        if (sig.variadic !== undefined) {
          if (rest.length < want) {
            throw new Error(
              `wrong number of args for ${calleeName}: got ${rest.length} want at least ${want}`,
            );
          }
        } else if (rest.length !== want) {
          throw new Error(`wrong number of args for ${calleeName}: got ${rest.length} want ${want}`);
        }
      }
      const args = rest.map((a) => (a === undefined ? null : a));
      if (sig) {
        for (let i = 0; i < args.length; i++) {
          prepareCallArg(args[i], i < sig.params.length ? sig.params[i] : sig.variadic!, i);
        }
      }
      return fn(...args);
    } catch (e) {
      if (e instanceof ExecError) throw e;
      this.at(node);
      this.errorf(`error calling call: ${toError(e).message}`);
    }
  }

  evalCall(
    dot: unknown,
    fn: (...a: unknown[]) => unknown,
    _isBuiltin: boolean,
    node: Node,
    name: string,
    args: Node[],
    final: unknown,
    sig: ReturnType<typeof funcSignature>,
  ): unknown {
    const argNodes = args.slice(1);
    const argv: unknown[] = [];
    if (sig) {
      this.checkArity(name, argNodes.length, final, sig.params.length, sig.variadic !== undefined);
      const numIn = argNodes.length + (final !== MISSING ? 1 : 0);
      argNodes.forEach((a, i) => {
        argv.push(this.evalArg(dot, i < sig.params.length ? sig.params[i] : sig.variadic!, a));
      });
      if (final !== MISSING) {
        const t = numIn - 1 < sig.params.length ? sig.params[numIn - 1] : sig.variadic!;
        argv.push(this.validateType(final, t));
      }
    } else {
      for (const a of argNodes) argv.push(this.evalArg(dot, 'interface {}', a));
      if (final !== MISSING) argv.push(final);
    }
    try {
      return fn(...argv.map((a) => (a === undefined ? null : a)));
    } catch (e) {
      if (e === BREAK || e === CONTINUE) throw e;
      this.at(node);
      this.errorf(`error calling ${name}: ${toError(e).message}`);
    }
  }

  /** Go's validateType: checks a computed value against a parameter type. */
  validateType(value: unknown, type: string): unknown {
    // reflective builtins receive the value itself, the invalid value included
    if (type === 'reflect.Value') return value;
    if (value === undefined || value === null) {
      if (canBeNil(type)) return null;
      if (value === null) this.errorf(`wrong type for value; expected ${type}; got interface {}`);
      this.errorf(`invalid value; expected ${type}`);
    }
    if (type === 'interface {}' || type === 'any' || type === 'reflect.Value') return value;
    const actual = goTypeName(value);
    if (actual === type) return value;
    if (type === '[]interface {}' && Array.isArray(value) && actual === '[]interface {}') return value;
    this.errorf(`wrong type for value; expected ${type}; got ${actual}`);
  }

  evalArg(dot: unknown, type: string, n: Node): unknown {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, type);
      case 'nil':
        if (type === 'reflect.Value') return undefined;
        if (canBeNil(type)) return null;
        this.errorf(`cannot assign nil to ${type}`);
        break;
      case 'field':
        return this.validateType(this.evalFieldChain(dot, dot, n, n.ident, [n], MISSING), type);
      case 'variable':
        return this.validateType(this.evalVariable(dot, n, [], MISSING), type);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), type);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n.ident, n, [n], MISSING), type);
      case 'chain':
        return this.validateType(this.evalChain(dot, n, [], MISSING), type);
    }
    switch (type) {
      case 'bool':
        if (n.type === 'bool') return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
        break;
      case 'complex128':
        if (n.type === 'number' && n.isComplex) return new GoComplex(n.complex[0], n.complex[1]);
        this.errorf(`expected complex; found ${nodeString(n)}`);
        break;
      case 'float32':
      case 'float64':
        if (n.type === 'number' && n.isFloat)
          return type === 'float32' ? new GoFloat32(n.float64) : n.float64;
        this.errorf(`expected float; found ${nodeString(n)}`);
        break;
      case 'int':
      case 'int8':
      case 'int16':
      case 'int32':
      case 'int64':
        if (n.type === 'number' && n.isInt) return goInt(n.int64, type);
        this.errorf(`expected integer; found ${nodeString(n)}`);
        break;
      case 'uint':
      case 'uint8':
      case 'uint16':
      case 'uint32':
      case 'uint64':
      case 'uintptr':
        if (n.type === 'number' && n.isUint) return goInt(n.uint64, type);
        this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
        break;
      case 'string':
        if (n.type === 'string') return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
        break;
      case 'interface {}':
      case 'any':
      case 'reflect.Value':
        return this.evalEmptyInterface(dot, n);
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${type}`);
  }

  evalEmptyInterface(_dot: unknown, n: Node): unknown {
    switch (n.type) {
      case 'bool':
        return n.value;
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return n.text;
    }
    this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }
}

const INT_TYPES = new Set([
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

/** Go's prepareArg for `call`: the argument must be assignable (integers convert between kinds). */
function prepareCallArg(value: unknown, type: string, i: number): void {
  if (type === 'interface {}' || type === 'any') return;
  if (value === null) {
    if (!canBeNil(type)) throw new Error(`arg ${i}: value is nil; should be of type ${type}`);
    return;
  }
  const actual = goTypeName(value);
  if (actual === type || (INT_TYPES.has(actual) && INT_TYPES.has(type))) return;
  throw new Error(`arg ${i}: value has type ${actual}; should be ${type}`);
}

/** The parameter type of a predefined function: print-like ones take interfaces, the rest reflect.Values. */
function builtinParamType(name: string, i: number): string {
  if (name === 'printf' && i === 0) return 'string';
  if (['print', 'printf', 'println', 'html', 'js', 'urlquery'].includes(name)) return 'interface {}';
  return 'reflect.Value';
}

function canBeNil(type: string): boolean {
  return (
    type === 'interface {}' ||
    type === 'any' ||
    type.startsWith('[]') ||
    type.startsWith('map[') ||
    type.startsWith('*') ||
    type.startsWith('func')
  );
}

/** Used by tests: the integer kinds a typed parameter may take. */
export type { IntKind };
