// Seeded generators of version and constraint texts for the semver property test: the pieces are
// the ones Masterminds' grammar treats specially (wildcards, operators, separators, prerelease and
// metadata, `v`, leading zeros, uint64 overflow), so random combinations reach its corners.

/** A deterministic pseudo-random source (mulberry32), so a failure names a reproducible input. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws from a random source. */
export class Draw {
  readonly random: () => number;
  constructor(random: () => number) {
    this.random = random;
  }
  /** true with probability p */
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
}

const numbers = [
  '0',
  '1',
  '1',
  '2',
  '2',
  '3',
  '10',
  '01',
  '00',
  '18446744073709551615',
  '18446744073709551616',
];
const wildcards = ['x', 'X', '*'];
const preIds = ['alpha', 'beta', 'rc', '0', '1', '2', '10', '01', 'rc-1', 'x', 'a.b', '', 'é'];
const metaIds = ['build', '001', 'sha.5114f85', 'exp-1', ''];
const junk = [' ', '.', '-', '+', '_', 'x', '*', '|', ',', 'a', '=', '>', '~', '^', '1'];

function dotted(d: Draw, ids: readonly string[]): string {
  return Array.from({ length: d.int(1, 3) }, () => d.pick(ids)).join('.');
}

/** A version text: mostly SemVer-ish (optional `v`, 1 to 4 segments, prerelease, metadata), sometimes junk. */
export function versionText(d: Draw): string {
  if (d.chance(0.05)) return Array.from({ length: d.int(0, 6) }, () => d.pick(junk)).join('');
  let s = d.chance(0.25) ? 'v' : d.chance(0.03) ? d.pick(['V', '=', ' ']) : '';
  s += Array.from({ length: d.pick([1, 2, 3, 3, 3, 3, 4]) }, () => d.pick(numbers)).join('.');
  if (d.chance(0.35)) s += `-${dotted(d, preIds)}`;
  if (d.chance(0.15)) s += `+${dotted(d, metaIds)}`;
  return s;
}

/** A constraint's version: segments may be wildcards or missing, a prerelease may follow. */
function constraintVersion(d: Draw): string {
  let s = d.chance(0.15) ? 'v' : '';
  const segments = d.pick([1, 2, 3, 3]);
  for (let i = 0; i < segments; i++) {
    if (i > 0) s += '.';
    s += d.chance(0.2) ? d.pick(wildcards) : d.pick(numbers.slice(0, 8));
  }
  if (d.chance(0.2)) s += `-${dotted(d, ['0', 'alpha', 'beta', 'rc', '1', 'rc.1'])}`;
  if (d.chance(0.03)) s += `+${d.pick(metaIds.slice(0, 4))}`;
  return s;
}

const ops = ['', '', '=', '!=', '>', '<', '>=', '=>', '<=', '=<', '~', '~>', '^'];

function comparison(d: Draw): string {
  return `${d.pick(ops)}${d.chance(0.3) ? ' ' : ''}${constraintVersion(d)}`;
}

function group(d: Draw): string {
  if (d.chance(0.15)) return `${constraintVersion(d)} - ${constraintVersion(d)}`;
  const parts = Array.from({ length: d.pick([1, 1, 2, 2, 3]) }, () => comparison(d));
  return parts.reduce((acc, p) => acc + d.pick([', ', ',', ' ', '  ', ' ,']) + p);
}

/** A constraint text: `||` alternatives of ANDed comparisons or hyphen ranges, sometimes broken. */
export function constraintText(d: Draw): string {
  if (d.chance(0.04)) return Array.from({ length: d.int(0, 6) }, () => d.pick(junk)).join('');
  const groups = Array.from({ length: d.pick([1, 1, 1, 2, 3]) }, () => group(d));
  let s = groups.reduce((acc, g) => acc + d.pick([' || ', '||', ' ||']) + g);
  if (d.chance(0.04)) s = s.slice(0, d.int(0, s.length));
  return d.chance(0.1) ? ` ${s} ` : s;
}
