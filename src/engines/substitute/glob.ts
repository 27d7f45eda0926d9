/**
 * Shell-style pattern matching over UTF-8 bytes with the semantics Flux's envsubst uses for the
 * `#`, `##`, `%` and `%%` operators: `*` (any run, including `/`), `?` (one rune), `[...]` classes
 * with ranges and `^` negation, and `\` escapes. Matching is on bytes because Flux slices the value
 * byte-wise, so candidate prefixes may end inside a multi-byte rune.
 */

/** Raised for a malformed pattern; callers treat it as "no trimming". */
export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

/** Decodes one rune at `i`: an invalid or truncated sequence counts as one byte (U+FFFD). */
export function decodeRune(b: Uint8Array, i: number): [rune: number, width: number] {
  const c = b[i] as number;
  if (c < 0x80) return [c, 1];
  const need = c >= 0xf8 ? -1 : c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : -1;
  if (need < 0 || i + need >= b.length) return [0xfffd, 1];
  let r = c & (0x3f >> need);
  for (let k = 1; k <= need; k++) {
    const x = b[i + k] as number;
    if ((x & 0xc0) !== 0x80) return [0xfffd, 1];
    r = (r << 6) | (x & 0x3f);
  }
  const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
  if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return [0xfffd, 1];
  return [r, need + 1];
}

function scanChunk(p: Uint8Array): { star: boolean; chunk: Uint8Array; rest: Uint8Array } {
  let star = false;
  while (p.length > 0 && p[0] === 0x2a) {
    p = p.subarray(1);
    star = true;
  }
  let inRange = false;
  let i = 0;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === 0x5c) {
      if (i + 1 < p.length) i++;
    } else if (c === 0x5b) inRange = true;
    else if (c === 0x5d) inRange = false;
    else if (c === 0x2a && !inRange) break;
  }
  return { star, chunk: p.subarray(0, i), rest: p.subarray(i) };
}

function getEsc(chunk: Uint8Array): [number, Uint8Array] {
  if (chunk.length === 0 || chunk[0] === 0x2d || chunk[0] === 0x5d) throw new BadPatternError();
  if (chunk[0] === 0x5c) {
    chunk = chunk.subarray(1);
    if (chunk.length === 0) throw new BadPatternError();
  }
  const [r, n] = decodeRune(chunk, 0);
  if (r === 0xfffd && n === 1) throw new BadPatternError();
  const next = chunk.subarray(n);
  if (next.length === 0) throw new BadPatternError();
  return [r, next];
}

/** Matches one star-free chunk at the start of `s`; returns the unmatched rest, or undefined. */
function matchChunk(chunk: Uint8Array, s: Uint8Array): Uint8Array | undefined {
  while (chunk.length > 0) {
    if (s.length === 0) return undefined;
    const c = chunk[0];
    if (c === 0x5b) {
      const [r, n] = decodeRune(s, 0);
      s = s.subarray(n);
      chunk = chunk.subarray(1);
      let positive = true;
      if (chunk.length > 0 && chunk[0] === 0x5e) {
        positive = false;
        chunk = chunk.subarray(1);
      }
      let matched = false;
      let ranges = 0;
      for (;;) {
        if (chunk.length > 0 && chunk[0] === 0x5d && ranges > 0) {
          chunk = chunk.subarray(1);
          break;
        }
        let lo: number;
        let hi: number;
        [lo, chunk] = getEsc(chunk);
        hi = lo;
        if (chunk[0] === 0x2d) [hi, chunk] = getEsc(chunk.subarray(1));
        if (lo <= r && r <= hi) matched = true;
        ranges++;
      }
      if (matched !== positive) return undefined;
    } else if (c === 0x3f) {
      s = s.subarray(decodeRune(s, 0)[1]);
      chunk = chunk.subarray(1);
    } else {
      if (c === 0x5c) {
        chunk = chunk.subarray(1);
        if (chunk.length === 0) throw new BadPatternError();
      }
      if (chunk[0] !== s[0]) return undefined;
      s = s.subarray(1);
      chunk = chunk.subarray(1);
    }
  }
  return s;
}

/** Reports whether the whole of `name` matches `pattern`; throws {@link BadPatternError}. */
export function globMatch(pattern: Uint8Array, name: Uint8Array): boolean {
  outer: while (pattern.length > 0) {
    const { star, chunk, rest } = scanChunk(pattern);
    pattern = rest;
    if (star && chunk.length === 0) return true;
    let t: Uint8Array | undefined;
    let failure: unknown;
    try {
      t = matchChunk(chunk, name);
    } catch (e: unknown) {
      failure = e;
    }
    if (t !== undefined && (t.length === 0 || pattern.length > 0)) {
      name = t;
      continue;
    }
    if (failure) throw failure;
    if (star) {
      for (let i = 0; i < name.length; i++) {
        const u = matchChunk(chunk, name.subarray(i + 1));
        if (u !== undefined) {
          if (pattern.length === 0 && u.length > 0) continue;
          name = u;
          continue outer;
        }
      }
    }
    return false;
  }
  return name.length === 0;
}
