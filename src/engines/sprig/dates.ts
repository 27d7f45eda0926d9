/**
 * Sprig's date functions over Go time values (see go-time.ts): now, date, dateInZone,
 * htmlDate(InZone), dateModify (and must), toDate (and must), unixEpoch, ago, duration and
 * durationRound. Numbers given as dates are Unix seconds when they are Go ints (int, int64, int32);
 * anything else formats the current time, as in sprig.
 */
import { GoInt } from '../gotemplate/index.ts';
import {
  durationString,
  GoTime,
  type Location,
  loadLocation,
  parseDuration,
  parseTime,
  zeroTime,
} from './go-time.ts';
import { ANY, type FuncMap, goFunc } from './signature.ts';

/** The time a date argument stands for, or undefined for "use now". */
function asTime(v: unknown, allowInt32: boolean): GoTime | undefined {
  if (v instanceof GoTime) return v;
  if (typeof v === 'bigint') return new GoTime(v, 0, 'Local');
  if (v instanceof GoInt && (v.kind === 'int64' || (allowInt32 && v.kind === 'int32'))) {
    return new GoTime(v.value, 0, 'Local');
  }
  return undefined;
}

function dateInZone(layout: string, date: unknown, zone: string): string {
  const t = asTime(date, true) ?? GoTime.now();
  const loc: Location = loadLocation(zone) ?? 'UTC';
  return t.in(loc).Format(layout);
}

function durationRound(v: unknown): string {
  let d = 0n;
  if (typeof v === 'string') {
    try {
      d = parseDuration(v);
    } catch {
      d = 0n;
    }
  } else if (v instanceof GoInt && v.kind === 'int64') d = v.value;
  else if (v instanceof GoTime) d = GoTime.now().unixNanos() - v.unixNanos();
  const u = d < 0n ? -d : d;
  const second = 1_000_000_000n;
  const units: [bigint, string][] = [
    [second * 3600n * 24n * 365n, 'y'],
    [second * 3600n * 24n * 30n, 'mo'],
    [second * 3600n * 24n, 'd'],
    [second * 3600n, 'h'],
    [second * 60n, 'm'],
    [second, 's'],
  ];
  for (const [size, name] of units) if (u > size) return `${u / size}${name}`;
  return '0s';
}

function ago(v: unknown): string {
  const t =
    v instanceof GoTime || typeof v === 'bigint' || (v instanceof GoInt && v.kind === 'int64')
      ? asTime(v, false)
      : undefined;
  if (!t) return '0s';
  const since = GoTime.now().unixNanos() - t.unixNanos();
  const second = 1_000_000_000n;
  // Duration.Round(time.Second): halves away from zero
  const rounded = ((since < 0n ? -since : since) + second / 2n) / second;
  return durationString((since < 0n ? -rounded : rounded) * second);
}

function duration(v: unknown): string {
  let n = 0n;
  if (typeof v === 'string')
    n = /^[+-]?\d+$/.test(v) && BigInt.asIntN(64, BigInt(v)) === BigInt(v) ? BigInt(v) : 0n;
  else if (v instanceof GoInt && v.kind === 'int64') n = v.value;
  return durationString(BigInt.asIntN(64, n * 1_000_000_000n));
}

function dateModify(spec: string, t: GoTime): GoTime {
  try {
    return t.add(parseDuration(spec));
  } catch {
    return t;
  }
}

/** The date family of the sprig FuncMap. */
export function dateFuncs(): FuncMap {
  const modify = goFunc(['string', 'time.Time'], dateModify);
  const mustModify = goFunc(['string', 'time.Time'], (spec: string, t: GoTime) => t.add(parseDuration(spec)));
  const inZone = goFunc(['string', ANY, 'string'], dateInZone);
  return {
    now: goFunc([], () => GoTime.now()),
    date: goFunc(['string', ANY], (layout: string, d: unknown) => dateInZone(layout, d, 'Local')),
    dateInZone: inZone,
    date_in_zone: inZone,
    htmlDate: goFunc([ANY], (d: unknown) => dateInZone('2006-01-02', d, 'Local')),
    htmlDateInZone: goFunc([ANY, 'string'], (d: unknown, zone: string) => dateInZone('2006-01-02', d, zone)),
    dateModify: modify,
    date_modify: modify,
    mustDateModify: mustModify,
    must_date_modify: mustModify,
    ago: goFunc([ANY], ago),
    duration: goFunc([ANY], duration),
    durationRound: goFunc([ANY], durationRound),
    toDate: goFunc(['string', 'string'], (layout: string, s: string) => {
      try {
        return parseTime(layout, s, 'Local');
      } catch {
        return zeroTime();
      }
    }),
    mustToDate: goFunc(['string', 'string'], (layout: string, s: string) => parseTime(layout, s, 'Local')),
    unixEpoch: goFunc(['time.Time'], (t: GoTime) => String(t.sec)),
  };
}
