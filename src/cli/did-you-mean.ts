/** The edit distance between two words (insertions, deletions and substitutions cost one). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * The candidate closest to what the user typed, when it is close enough to be a typo (at most a
 * third of its letters differ) or what was typed starts it; undefined otherwise.
 */
export function didYouMean(typed: string, candidates: string[]): string | undefined {
  const t = typed.toLowerCase();
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = c.startsWith(t) && t.length >= 2 ? 0.5 : distance(t, c);
    if (!best || d < best.d) best = { c, d };
  }
  return best && best.d <= Math.max(1, Math.floor(best.c.length / 3)) ? best.c : undefined;
}
