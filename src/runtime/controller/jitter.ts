/** Flux's `--interval-jitter-percentage` default. */
export const DefaultIntervalJitterPercent = 5;

/**
 * Spreads a requeue interval by up to ±`percent` % so objects created together do not all
 * reconcile in the same second forever after.
 */
export function jitter(
  ms: number,
  percent: number = DefaultIntervalJitterPercent,
  random = Math.random,
): number {
  if (percent <= 0 || ms <= 0) return ms;
  const spread = (ms * percent) / 100;
  return Math.round(ms - spread + random() * 2 * spread);
}
