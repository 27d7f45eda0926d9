/**
 * Semantic versions as Masterminds/semver v3.4 reads them (the library behind Helm, Flux's
 * sources and image policies, and Sprig): a coercing parser (`v` prefix, missing minor or patch),
 * a strict one (exactly SemVer 2.0), and the library's ordering (numeric prerelease identifiers
 * compared as numbers, a release after its prereleases, build metadata ignored).
 */

const LOOSE =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const MAX_UINT64 = 2n ** 64n - 1n;
const onlyDigits = (s: string) => /^[0-9]*$/.test(s);
const onlyAllowed = (s: string) => /^[0-9A-Za-z-]*$/.test(s);

/** The parts of a {@link Version}; `original` defaults to the canonical text. */
export interface VersionParts {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
  metadata: string;
  original?: string;
}

/**
 * A parsed version: numeric segments as bigints (Go's uint64), the prerelease and build metadata
 * without their `-`/`+`, and the text it was parsed from (`original`, which keeps a `v` prefix).
 */
export class Version {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: string;
  readonly metadata: string;
  readonly original: string;

  constructor(parts: VersionParts) {
    this.major = parts.major;
    this.minor = parts.minor;
    this.patch = parts.patch;
    this.pre = parts.pre;
    this.metadata = parts.metadata;
    this.original = parts.original ?? canonical(parts);
  }

  /** The canonical text, without a `v` prefix (the library's `String()`). */
  toString(): string {
    return canonical(this);
  }
}

function canonical(v: VersionParts): string {
  let s = `${v.major}.${v.minor}.${v.patch}`;
  if (v.pre !== '') s += `-${v.pre}`;
  if (v.metadata !== '') s += `+${v.metadata}`;
  return s;
}

/**
 * strconv.ParseUint(s, 10, 64) with its error text (callers only pass digits or ''); the coercing
 * parser prefixes the error with `error parsing version segment: `, the strict one does not.
 */
function parseUint(s: string, context = ''): bigint {
  if (s === '') throw new Error(`${context}strconv.ParseUint: parsing "": invalid syntax`);
  const n = BigInt(s);
  if (n > MAX_UINT64) throw new Error(`${context}strconv.ParseUint: parsing "${s}": value out of range`);
  return n;
}

const parseSegment = (s: string) => parseUint(s, 'error parsing version segment: ');

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
 * `semver.NewVersion`: coerces SemVer-ish text (`v1`, `1.2`, `01.2.3`) into a version, keeping the
 * text as `original`. Throws the library's error texts (`invalid semantic version`, ...).
 */
export function parseVersion(text: string): Version {
  const m = LOOSE.exec(text);
  if (!m) throw new Error('invalid semantic version');
  const major = parseSegment(m[1]);
  const minor = m[2] ? parseSegment(m[2].slice(1)) : 0n;
  const patch = m[3] ? parseSegment(m[3].slice(1)) : 0n;
  const pre = m[5] ?? '';
  const metadata = m[8] ?? '';
  if (pre !== '') validatePrerelease(pre);
  if (metadata !== '') validateMetadata(metadata);
  return new Version({ major, minor, patch, pre, metadata, original: text });
}

/** Go's strings.SplitN(s, sep, n) for n > 0: the last part keeps the rest. */
function splitN(s: string, sep: string, n: number): string[] {
  const parts = s.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/**
 * `semver.StrictNewVersion`: exactly `MAJOR.MINOR.PATCH[-PRERELEASE][+METADATA]`, no `v`, no
 * leading zeros. Throws the library's error texts.
 */
export function parseStrictVersion(text: string): Version {
  if (text === '') throw new Error('version string empty');
  const parts = splitN(text, '.', 3);
  if (parts.length !== 3) throw new Error('invalid semantic version');
  let metadata = '';
  let pre = '';
  // the library cuts metadata, then the prerelease, from the third part only
  const plus = parts[2].indexOf('+');
  if (plus >= 0) {
    metadata = parts[2].slice(plus + 1);
    parts[2] = parts[2].slice(0, plus);
    validateMetadata(metadata);
  }
  const dash = parts[2].indexOf('-');
  if (dash >= 0) {
    pre = parts[2].slice(dash + 1);
    parts[2] = parts[2].slice(0, dash);
    validatePrerelease(pre);
  }
  for (const p of parts) {
    if (!onlyDigits(p)) throw new Error('invalid characters in version');
    if (p.length > 1 && p[0] === '0') throw new Error('version segment starts with 0');
  }
  const [major, minor, patch] = parts.map((p) => parseUint(p));
  return new Version({ major, minor, patch, pre, metadata, original: text });
}

/**
 * fluxcd/pkg/version's `ParseVersion`, how Flux reads Git and OCI tags and chart versions: strict
 * SemVer with an optional leading `v`, returned as the coercing parser reads it (so `original`
 * keeps the `v`).
 */
export function parseFluxVersion(text: string): Version {
  parseStrictVersion(text.startsWith('v') ? text.slice(1) : text);
  return parseVersion(text);
}

/**
 * The library's `SetMetadata`: the version with its build metadata replaced (validated unless
 * empty), `original` rebuilt as the canonical text with the original's `v` prefix.
 */
export function setMetadata(v: Version, metadata: string): Version {
  if (metadata !== '') validateMetadata(metadata);
  const parts = { major: v.major, minor: v.minor, patch: v.patch, pre: v.pre, metadata };
  return new Version({ ...parts, original: (v.original.startsWith('v') ? 'v' : '') + canonical(parts) });
}

/** `parse` without the throw: the version, or undefined when the text is not one. */
export function tryParse(text: string, parse: (text: string) => Version = parseVersion): Version | undefined {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The library's `Compare`: major, minor, patch, then prerelease (a release sorts after its
 * prereleases); build metadata never counts. Returns -1, 0 or 1.
 */
export function compareVersions(a: Version, b: Version): number {
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

/** Compares dot-separated prerelease identifiers as the library does (a missing one sorts first). */
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
