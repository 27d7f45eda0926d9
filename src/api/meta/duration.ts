/**
 * Go `time.Duration` strings as Flux accepts and prints them: `parseDuration('1h30m')` and
 * `formatDuration(300_000) === '5m0s'`. Nanoseconds are kept as bigint so formatting is exact.
 */

const NANOS_PER_UNIT: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_NANOS = (1n << 63n) - 1n;

/** Parses a Go duration string into nanoseconds; throws on invalid input, like Go's ParseDuration. */
export function parseDurationNanos(text: string): bigint {
  const invalid = () => new Error(`time: invalid duration "${text}"`);
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw invalid();
  let total = 0n;
  const part = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (rest !== '') {
    const match = part.exec(rest);
    if (!match) {
      if (/^[\d.]+$/.test(rest)) throw new Error(`time: missing unit in duration "${text}"`);
      throw invalid();
    }
    const [whole, intPart, fracPart = '', unit] = match;
    if (intPart === '' && fracPart === '') throw invalid();
    const scale = NANOS_PER_UNIT[unit];
    let value = BigInt(intPart || '0') * scale;
    if (fracPart !== '') value += (BigInt(fracPart) * scale) / 10n ** BigInt(fracPart.length);
    total += value;
    if (total > MAX_NANOS) throw invalid();
    rest = rest.slice(whole.length);
  }
  return negative ? -total : total;
}

/** Parses a Go duration string into milliseconds (possibly fractional). */
export function parseDuration(text: string): number {
  return Number(parseDurationNanos(text)) / 1e6;
}

/** Formats nanoseconds as Go's Duration.String does (`1h0m0s`, `1.5s`, `500ms`, `0s`). */
export function formatDurationNanos(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  if (abs < 1_000_000_000n) {
    if (abs < 1_000n) return `${sign}${abs}ns`;
    if (abs < 1_000_000n) return `${sign}${decimal(abs, 1_000n)}µs`;
    return `${sign}${decimal(abs, 1_000_000n)}ms`;
  }
  const hours = abs / 3_600_000_000_000n;
  const minutes = (abs / 60_000_000_000n) % 60n;
  const seconds = decimal(abs % 60_000_000_000n, 1_000_000_000n);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** Formats milliseconds as Go's Duration.String does: `formatDuration(300000) === '5m0s'`. */
export function formatDuration(milliseconds: number): string {
  return formatDurationNanos(BigInt(Math.round(milliseconds * 1e6)));
}

function decimal(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const fraction = value % unit;
  if (fraction === 0n) return `${whole}`;
  const digits = unit.toString().length - 1;
  return `${whole}.${fraction.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}
