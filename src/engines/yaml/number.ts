/** Go's strconv.FormatFloat(f, 'g', -1, 64): the shortest digits, in %e form from 1e+06 and below 1e-04. */
export function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa, e] = f.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 6)
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(f);
}

/** Formats a float64 as Go's encoding/json does (non-finite numbers are an error, as in Go). */
export function goJsonFloat(f: number): string {
  if (!Number.isFinite(f))
    throw new Error(`json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  if (Object.is(f, -0)) return '-0';
  // JS switches to exponent form exactly where Go does (below 1e-6, from 1e21) and writes the
  // exponent without zero padding, as Go's cleanup of `e-07` to `e-7` does
  return String(f);
}

/** How go-yaml writes a float64: Go's %g text, with YAML's spellings of infinities and NaN. */
export function goYamlFloat(f: number): string {
  const s = formatGoFloat(f);
  return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * The YAML text of a JSON number after sigs.k8s.io/yaml's round trip: go-yaml reads integral text
 * that fits int64 or uint64 as an integer and writes it back as such; anything else is a float64.
 */
export function goYamlNumberFromJson(jsonText: string): string {
  if (/^-?\d+$/.test(jsonText)) {
    const b = BigInt(jsonText);
    if (b >= INT64_MIN && b <= UINT64_MAX) return b.toString();
  }
  return goYamlFloat(Number(jsonText));
}
