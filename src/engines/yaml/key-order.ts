const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

/**
 * go-yaml's order of mapping keys (its "natural" order, a sort comparator): letters after other
 * characters, runs of digits compared by value, anything else by code point.
 */
export function naturalLess(a: string, b: string): number {
  if (a === b) return 0;
  // most keys are ASCII words: decided at the first difference when neither side is a digit
  const i = firstDifference(a, b);
  if (i < a.length && i < b.length && a.charCodeAt(i) < 0x80 && b.charCodeAt(i) < 0x80) {
    const [ca, cb] = [a[i], b[i]];
    if (!isDigit(ca) && !isDigit(cb) && !(i > 0 && isDigit(a[i - 1]))) {
      const al = isLetter(ca);
      const bl = isLetter(cb);
      if (al === bl) return ca < cb ? -1 : 1;
      return bl ? -1 : 1;
    }
  }
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)! ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0n;
    let bn = 0n;
    // a zero after a non-zero digit continues a number rather than starting one
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai].charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)! ? -1 : 1;
  }
  return ar.length < br.length ? -1 : 1;
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
