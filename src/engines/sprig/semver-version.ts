/**
 * Semantic versions as Masterminds/semver v3.4 (Helm v4.1's) parses them (the library behind sprig's semver and
 * semverCompare): lenient parsing (`v` prefix, missing minor or patch), prerelease ordering by
 * dot-separated identifiers, numeric identifiers compared as numbers. A {@link SemverVersion} is a
 * template value of Go type `*semver.Version`, with the library's methods.
 */
import { defineFunc, GO_TYPE, GoInt } from '../gotemplate/index.ts';
import { quote } from './go-format.ts';

const LOOSE =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const MAX_UINT64 = 2n ** 64n - 1n;

/** strconv.ParseUint(s, 10, 64) with its range error, as semver wraps it. */
function parseSegment(s: string): bigint {
  const n = BigInt(s);
  if (n > MAX_UINT64) {
    throw new Error(
      `error parsing version segment: strconv.ParseUint: parsing ${quote(s)}: value out of range`,
    );
  }
  return n;
}

const onlyDigits = (s: string) => /^[0-9]*$/.test(s);
const onlyAllowed = (s: string) => /^[0-9A-Za-z-]*$/.test(s);

function validatePrerelease(pre: string): void {
  for (const part of pre.split('.')) {
    if (part === '') throw new Error('invalid prerelease string');
    if (onlyDigits(part)) {
      if (part.length > 1 && part[0] === '0') throw new Error('version segment starts with 0');
    } else if (!onlyAllowed(part)) throw new Error('invalid prerelease string');
  }
}

function validateMetadata(meta: string): void {
  for (const part of meta.split('.')) {
    if (part === '' || !onlyAllowed(part)) throw new Error('invalid metadata string');
  }
}

/**
 * A `semver.Version` value: the methods Go declares on the value receiver. Inc* return these; the
 * pointer-receiver methods (Original, Compare, ...) are only on {@link SemverVersion}, so a template
 * calling them on a value fails as in Go.
 */
export class SemverValue {
  get [GO_TYPE](): string {
    return 'semver.Version';
  }
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: string;
  readonly metadata: string;
  readonly original: string;

  constructor(parts: {
    major: bigint;
    minor: bigint;
    patch: bigint;
    pre: string;
    metadata: string;
    original?: string;
  }) {
    this.major = parts.major;
    this.minor = parts.minor;
    this.patch = parts.patch;
    this.pre = parts.pre;
    this.metadata = parts.metadata;
    this.original = parts.original ?? this.String();
  }

  String(): string {
    let s = `${this.major}.${this.minor}.${this.patch}`;
    if (this.pre !== '') s += `-${this.pre}`;
    if (this.metadata !== '') s += `+${this.metadata}`;
    return s;
  }
  Major(): GoInt {
    return new GoInt('uint64', this.major);
  }
  Minor(): GoInt {
    return new GoInt('uint64', this.minor);
  }
  Patch(): GoInt {
    return new GoInt('uint64', this.patch);
  }
  Prerelease(): string {
    return this.pre;
  }
  Metadata(): string {
    return this.metadata;
  }
  IncPatch(): SemverValue {
    const released = this.pre !== '';
    return this.next({ patch: released ? this.patch : this.patch + 1n });
  }
  IncMinor(): SemverValue {
    return this.next({ minor: this.minor + 1n, patch: 0n });
  }
  IncMajor(): SemverValue {
    return this.next({ major: this.major + 1n, minor: 0n, patch: 0n });
  }
  MarshalJSON(): string {
    return JSON.stringify(this.String());
  }

  /** The version with some segments changed, pre-release and metadata dropped, as Inc* build it. */
  private next(change: Partial<{ major: bigint; minor: bigint; patch: bigint }>): SemverValue {
    const v = new SemverValue({
      major: change.major ?? this.major,
      minor: change.minor ?? this.minor,
      patch: change.patch ?? this.patch,
      pre: '',
      metadata: '',
      original: '',
    });
    const prefix = this.original.startsWith('v') ? 'v' : '';
    return Object.assign(v, { original: prefix + v.String() });
  }
}

/** A `*semver.Version`, what sprig's semver function returns. */
export class SemverVersion extends SemverValue {
  override get [GO_TYPE](): string {
    return '*semver.Version';
  }
  Original(): string {
    return this.original;
  }
  Compare(o: SemverVersion): bigint {
    return BigInt(compareVersions(this, o));
  }
  LessThan(o: SemverVersion): boolean {
    return compareVersions(this, o) < 0;
  }
  LessThanEqual(o: SemverVersion): boolean {
    return compareVersions(this, o) <= 0;
  }
  GreaterThan(o: SemverVersion): boolean {
    return compareVersions(this, o) > 0;
  }
  GreaterThanEqual(o: SemverVersion): boolean {
    return compareVersions(this, o) >= 0;
  }
  Equal(o: SemverVersion | null): boolean {
    if (o === this) return true;
    if (!o) return false;
    return compareVersions(this, o) === 0;
  }
}

for (const name of [
  'Compare',
  'LessThan',
  'LessThanEqual',
  'GreaterThan',
  'GreaterThanEqual',
  'Equal',
] as const) {
  defineFunc(SemverVersion.prototype[name], { params: ['*semver.Version'] });
}

/**
 * semver.NewVersion (with coercion, the library's default; v3.4 has no length limit). Throws the
 * library's error texts.
 */
export function parseVersion(text: string): SemverVersion {
  const m = LOOSE.exec(text);
  if (!m) throw new Error('invalid semantic version');
  const major = parseSegment(m[1]);
  const minor = m[2] ? parseSegment(m[2].slice(1)) : 0n;
  const patch = m[3] ? parseSegment(m[3].slice(1)) : 0n;
  const pre = m[5] ?? '';
  const metadata = m[8] ?? '';
  if (pre !== '') validatePrerelease(pre);
  if (metadata !== '') validateMetadata(metadata);
  return new SemverVersion({ major, minor, patch, pre, metadata, original: text });
}

/** Orders versions by major, minor, patch, then pre-release (a release sorts after its pre-releases). */
export function compareVersions(a: SemverValue, b: SemverValue): number {
  for (const [x, y] of [
    [a.major, b.major],
    [a.minor, b.minor],
    [a.patch, b.patch],
  ]) {
    if (x !== y) return x < y ? -1 : 1;
  }
  if (a.pre === '' && b.pre === '') return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  return comparePrerelease(a.pre, b.pre);
}

/** Compares dot-separated pre-release identifiers. */
export function comparePrerelease(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = comparePart(x[i] ?? '', y[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

const isUint = (s: string) => /^[0-9]+$/.test(s) && BigInt(s) <= MAX_UINT64;

function comparePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sNum = isUint(s);
  const oNum = isUint(o);
  if (!sNum && !oNum) return s > o ? 1 : -1;
  if (!oNum) return -1;
  if (!sNum) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}
