/**
 * Version constraints as Masterminds/semver v3.4 (the version Helm v4.1 uses) reads and checks them: `||` alternatives of
 * comma- or space-separated comparisons (`=`, `!=`, `>`, `<`, `>=`, `<=`, `~`, `~>`, `^`), wildcards
 * (`1.2.x`, `*`), hyphen ranges (`1 - 2`); pre-release versions only match an alternative that
 * itself names a pre-release.
 */
import { comparePrerelease, compareVersions, parseVersion, type SemverVersion } from './semver-version.ts';

const CV =
  'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
// Go's \s is ASCII white space only.
const S = '[\\t\\n\\f\\r ]';
const CONSTRAINT = new RegExp(`^${S}*(${OPS})${S}*(${CV})${S}*$`);
const RANGE = new RegExp(`${S}*(${CV})${S}+-${S}+(${CV})${S}*`, 'g');
const FIND = new RegExp(`(${OPS})${S}*(${CV})`, 'g');
const VALID = new RegExp(`^(${S}*(${OPS})${S}*(${CV})${S}*)((?:${S}+|,${S}*)(${OPS})${S}*(${CV})${S}*)*$`);

interface Constraint {
  op: string;
  orig: string;
  con: SemverVersion;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const isX = (s: string) => s === 'x' || s === 'X' || s === '*';

function parseConstraint(text: string): Constraint {
  const m = CONSTRAINT.exec(text);
  if (!m) throw new Error(`improper constraint: ${text}`);
  const [, op, orig, major, minorPart = '', patchPart = '', prePart = ''] = m;
  let version = orig;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major) || major === '') {
    version = `0.0.0${prePart}`;
    dirty = true;
  } else if (isX(minorPart.slice(1)) || minorPart === '') {
    version = `${major}.0.0${prePart}`;
    dirty = minorDirty = true;
  } else if (isX(patchPart.slice(1)) || patchPart === '') {
    version = `${major}${minorPart}.0${prePart}`;
    dirty = patchDirty = true;
  }
  let con: SemverVersion;
  try {
    con = parseVersion(version);
  } catch {
    throw new Error('constraint parser error');
  }
  return { op, orig, con, dirty, minorDirty, patchDirty };
}

/** Rewrites hyphen ranges `a - b` to `>= a, <= b`. */
function rewriteRange(text: string): string {
  let out = text;
  for (const m of text.matchAll(RANGE)) out = out.replace(m[0], `>= ${m[1]}, <= ${m[11]} `);
  return out;
}

/** Parsed constraints: alternatives of conjunctions. */
export interface Constraints {
  groups: Constraint[][];
  groupHasPre: boolean[];
}

/** semver.NewConstraint. Throws the library's error texts. */
export function parseConstraints(text: string): Constraints {
  const ors = rewriteRange(text).split('||');
  const groups: Constraint[][] = [];
  const groupHasPre: boolean[] = [];
  for (const or of ors) {
    if (!VALID.test(or)) throw new Error(`improper constraint: ${or}`);
    const found = [...or.matchAll(FIND)].map((m) => m[0]);
    const parts = (found.length > 0 ? found : [or]).map(parseConstraint);
    groups.push(parts);
    groupHasPre.push(parts.some((c) => c.con.pre !== ''));
  }
  return { groups, groupHasPre };
}

/** Constraints.Check: does any alternative accept the version? */
export function checkConstraints(cs: Constraints, v: SemverVersion): boolean {
  return cs.groups.some((group, i) => group.every((c) => check(c, v, cs.groupHasPre[i])));
}

function check(c: Constraint, v: SemverVersion, includePre: boolean): boolean {
  if (v.pre !== '' && !includePre) return false;
  const cmp = () => compareVersions(v, c.con);
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(c, v) : cmp() === 0;
    case '!=':
      return notEqual(c, v);
    case '>':
      return greater(c, v);
    case '<':
      return cmp() < 0;
    case '>=':
    case '=>':
      return cmp() >= 0;
    case '<=':
    case '=<':
      return lessOrEqual(c, v);
    case '~':
    case '~>':
      return tilde(c, v);
    case '^':
      return caret(c, v);
  }
  return false;
}

function notEqual(c: Constraint, v: SemverVersion): boolean {
  if (c.dirty) {
    if (c.con.major !== v.major) return true;
    if (c.con.minor !== v.minor && !c.minorDirty) return true;
    if (c.minorDirty) return false;
    if (c.con.patch !== v.patch && !c.patchDirty) return true;
    if (c.patchDirty) {
      if (v.pre !== '' || c.con.pre !== '') return comparePrerelease(v.pre, c.con.pre) !== 0;
      return false;
    }
  }
  return compareVersions(v, c.con) !== 0;
}

function greater(c: Constraint, v: SemverVersion): boolean {
  if (!c.dirty) return compareVersions(v, c.con) === 1;
  if (v.major > c.con.major) return true;
  if (v.major < c.con.major) return false;
  if (c.minorDirty) return false;
  if (c.patchDirty) return v.minor > c.con.minor;
  return compareVersions(v, c.con) === 1;
}

function lessOrEqual(c: Constraint, v: SemverVersion): boolean {
  if (!c.dirty) return compareVersions(v, c.con) <= 0;
  if (v.major > c.con.major) return false;
  return !(v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty);
}

function tilde(c: Constraint, v: SemverVersion): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty)
    return true;
  if (v.major !== c.con.major) return false;
  return !(v.minor !== c.con.minor && !c.minorDirty);
}

function caret(c: Constraint, v: SemverVersion): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
  if (c.con.major === 0n && v.major > 0n) return false;
  if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
  if (c.con.minor === 0n && v.minor > 0n) return false;
  return c.con.patch === v.patch;
}
