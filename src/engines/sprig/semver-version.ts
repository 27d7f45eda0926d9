/**
 * Sprig's semver values: a {@link SemverVersion} is a template value of Go type `*semver.Version`
 * with the library's methods, over the versions of `engines/semver` (Masterminds/semver v3.4,
 * Helm v4.1's).
 */
import { defineFunc, GO_TYPE, GoInt } from '../gotemplate/index.ts';
import { compareVersions, parseVersion as parseSemver, Version } from '../semver/index.ts';

/**
 * A `semver.Version` value: the methods Go declares on the value receiver. Inc* return these; the
 * pointer-receiver methods (Original, Compare, ...) are only on {@link SemverVersion}, so a template
 * calling them on a value fails as in Go.
 */
export class SemverValue extends Version {
  get [GO_TYPE](): string {
    return 'semver.Version';
  }

  String(): string {
    return this.toString();
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

/** semver.NewVersion (coercing, the library's default), as the template value sprig's `semver` returns. */
export function parseVersion(text: string): SemverVersion {
  return new SemverVersion(parseSemver(text));
}
