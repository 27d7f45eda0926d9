const TIMESTAMP_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?))?$/;

/**
 * A plain scalar that go-yaml (v2 and v3 alike) reads as a timestamp, as Go's RFC3339Nano text
 * (fraction without trailing zeros, `Z` for a zero offset); undefined when it is not one. The
 * accepted forms are Go layouts, so a `T` form needs a zone, a space form must not have one, and
 * dates are checked against the calendar (`2001-02-30` stays a string).
 */
export function goYamlTimestamp(s: string): string | undefined {
  const m = TIMESTAMP_RE.exec(s);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const hh = m[4] ?? m[9] ?? '0';
  const mi = m[5] ?? m[10] ?? '0';
  const ss = m[6] ?? m[11] ?? '0';
  const frac = (m[7] ?? m[12] ?? '').replace(/0+$/, '');
  let zone = m[8] ?? 'Z';
  const month = Number(mo);
  const day = Number(d);
  const daysIn = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysIn) return undefined;
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return undefined;
  if (zone === '+00:00' || zone === '-00:00') zone = 'Z';
  const p2 = (x: string) => x.padStart(2, '0');
  return `${y}-${p2(mo)}-${p2(d)}T${p2(hh)}:${p2(mi)}:${p2(ss)}${frac ? `.${frac}` : ''}${zone}`;
}
