/**
 * Version constraints as Masterminds/semver v3.4 reads and checks them: `||` alternatives of
 * comparisons separated by commas or spaces (AND), operators `=`, `!=`, `>`, `<`, `>=`, `<=`
 * (and `=>`, `=<`), `~`/`~>` and `^`, wildcards (`1.2.x`, `1.X`, `*`, or a missing segment),
 * hyphen ranges (`1 - 2`, rewritten to `>= 1, <= 2`). A prerelease version only satisfies an
 * alternative in which some comparison names a prerelease, whatever its major.minor.patch.
 */
import { comparePrerelease, compareVersions, parseVersion, type Version } from './version.ts';

const CV =
  'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
// the empty alternative (between `=` and `!=`) is the library's: no operator means `=`
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
// Go's \s is ASCII white space only
const S = '[\\t\\n\\f\\r ]';
const CONSTRAINT = new RegExp(`^${S}*(${OPS})${S}*(${CV})${S}*$`);
const RANGE = new RegExp(`${S}*(${CV})${S}+-${S}+(${CV})${S}*`, 'g');
const FIND = new RegExp(`(${OPS})${S}*(${CV})`, 'g');
const VALID = new RegExp(`^(${S}*(${OPS})${S}*(${CV})${S}*)((?:${S}+|,${S}*)(${OPS})${S}*(${CV})${S}*)*$`);

/** One comparison: its operator, the version it compares with and which segments were wildcards. */
interface Comparison {
  op: string;
  con: Version;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const isX = (s: string) => s === 'x' || s === 'X' || s === '*';

function parseComparison(text: string): Comparison {
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
  let con: Version;
  try {
    con = parseVersion(version);
  } catch {
    // e.g. `1|2`: the constraint grammar admits `|` inside a segment, the version parser does not
    throw new Error('constraint parser error');
  }
  return { op, con, dirty, minorDirty, patchDirty };
}

/** Rewrites hyphen ranges `a - b` to `>= a, <= b` (each occurrence replaced once, in order). */
function rewriteRange(text: string): string {
  let out = text;
  for (const m of text.matchAll(RANGE)) out = out.replace(m[0], () => `>= ${m[1]}, <= ${m[11]} `);
  return out;
}

/** Parsed constraints (`semver.Constraints`): alternatives of conjunctions of comparisons. */
export class Constraints {
  readonly #groups: Comparison[][];
  /** Per alternative: whether one of its comparisons names a prerelease. */
  readonly #groupHasPre: boolean[];

  /** Use {@link parseConstraints}. */
  constructor(groups: Comparison[][]) {
    this.#groups = groups;
    this.#groupHasPre = groups.map((g) => g.some((c) => c.con.pre !== ''));
  }

  /** `Constraints.Check`: whether some alternative accepts the version. */
  check(v: Version): boolean {
    return this.#groups.some((group, i) => group.every((c) => check(c, v, this.#groupHasPre[i])));
  }
}

/** `semver.NewConstraint`. Throws the library's error texts (`improper constraint: ...`). */
export function parseConstraints(text: string): Constraints {
  const groups: Comparison[][] = [];
  for (const or of rewriteRange(text).split('||')) {
    if (!VALID.test(or)) throw new Error(`improper constraint: ${or}`);
    const found = [...or.matchAll(FIND)].map((m) => m[0]);
    groups.push((found.length > 0 ? found : [or]).map(parseComparison));
  }
  return new Constraints(groups);
}

function check(c: Comparison, v: Version, includePre: boolean): boolean {
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

function notEqual(c: Comparison, v: Version): boolean {
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

function greater(c: Comparison, v: Version): boolean {
  if (!c.dirty) return compareVersions(v, c.con) === 1;
  if (v.major > c.con.major) return true;
  if (v.major < c.con.major) return false;
  if (c.minorDirty) return false;
  if (c.patchDirty) return v.minor > c.con.minor;
  return compareVersions(v, c.con) === 1;
}

function lessOrEqual(c: Comparison, v: Version): boolean {
  if (!c.dirty) return compareVersions(v, c.con) <= 0;
  if (v.major > c.con.major) return false;
  return !(v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty);
}

function tilde(c: Comparison, v: Version): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  // ~0.0.0 (also `*`, `x`) accepts everything
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty)
    return true;
  if (v.major !== c.con.major) return false;
  return !(v.minor !== c.con.minor && !c.minorDirty);
}

function caret(c: Comparison, v: Version): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
  if (c.con.major === 0n && v.major > 0n) return false;
  if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
  if (c.con.minor === 0n && v.minor > 0n) return false;
  return c.con.patch === v.patch;
}
