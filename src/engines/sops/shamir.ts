/**
 * Shamir secret sharing over GF(2^8) (the AES field, x^8 + x^4 + x^3 + x + 1), combining shares as
 * sops does for files split across key groups: each share is the y bytes followed by its x byte.
 */

function mult(a: number, b: number): number {
  let acc = 0;
  for (let i = 7; i >= 0; i--) {
    acc = ((acc << 1) ^ (acc & 0x80 ? 0x1b : 0)) & 0xff;
    if ((b >> i) & 1) acc ^= a;
  }
  return acc;
}

function inverse(a: number): number {
  // a^254 is the multiplicative inverse in GF(2^8)
  let result = 1;
  let base = a;
  for (let e = 254; e > 0; e >>= 1) {
    if (e & 1) result = mult(result, base);
    base = mult(base, base);
  }
  return result;
}

function interpolateAtZero(xs: number[], ys: number[]): number {
  let result = 0;
  for (let i = 0; i < xs.length; i++) {
    let basis = 1;
    for (let j = 0; j < xs.length; j++) {
      if (i === j) continue;
      const denom = (xs[i] as number) ^ (xs[j] as number);
      basis = mult(basis, mult(xs[j] as number, inverse(denom)));
    }
    result ^= mult(ys[i] as number, basis);
  }
  return result;
}

/** Rebuilds the secret from at least the threshold number of shares; throws sops' errors. */
export function combineShares(parts: Uint8Array[]): Uint8Array {
  if (parts.length < 2) throw new Error('less than two parts cannot be used to reconstruct the secret');
  const len = (parts[0] as Uint8Array).length;
  if (len < 2) throw new Error('parts must be at least two bytes');
  if (parts.some((p) => p.length !== len)) throw new Error('all parts must be the same length');
  const xs = parts.map((p) => p[len - 1] as number);
  if (new Set(xs).size !== xs.length) throw new Error('duplicate part detected');
  const secret = new Uint8Array(len - 1);
  for (let idx = 0; idx < len - 1; idx++)
    secret[idx] = interpolateAtZero(
      xs,
      parts.map((p) => p[idx] as number),
    );
  return secret;
}
