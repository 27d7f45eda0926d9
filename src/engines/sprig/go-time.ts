/**
 * Go's time.Time and time.Duration for templates: a {@link GoTime} value (Go type `time.Time`)
 * with Go's layout-based Format and Parse, zones from the system zoneinfo (see zoneinfo.ts), and
 * Duration's String and ParseDuration with Go's texts.
 */
import { GO_TYPE, GoInt } from '../gotemplate/index.ts';
import { quote } from './go-format.ts';
import { isLoadableZone, localZoneName, zoneAt } from './zoneinfo.ts';

/** A zone: a loaded location by name (`UTC`, `Local`, zoneinfo) or a fixed offset. */
export type Location = string | { name: string; offset: number };

const NS = 1_000_000_000n;
const processStart = process.hrtime.bigint();

const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nsec: number;
  weekday: number;
  yday: number;
  offset: number;
  abbr: string;
}

/** A Go time.Time: seconds and nanoseconds since the Unix epoch, a location, maybe a monotonic reading. */
export class GoTime {
  get [GO_TYPE](): string {
    return 'time.Time';
  }
  readonly sec: bigint;
  readonly nsec: number;
  readonly loc: Location;
  readonly mono: bigint | undefined;

  constructor(sec: bigint, nsec: number, loc: Location, mono?: bigint) {
    this.sec = sec;
    this.nsec = nsec;
    this.loc = loc;
    this.mono = mono;
  }

  /** time.Now(): local time with a monotonic reading. */
  static now(): GoTime {
    const ns = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
    return new GoTime(ns / NS, Number(ns % NS), 'Local', process.hrtime.bigint() - processStart);
  }

  /** Nanoseconds since the epoch. */
  unixNanos(): bigint {
    return this.sec * NS + BigInt(this.nsec);
  }

  /** This instant in another location (time.In), without a monotonic reading change. */
  in(loc: Location): GoTime {
    return new GoTime(this.sec, this.nsec, loc, this.mono);
  }

  /** time.Add. */
  add(ns: bigint): GoTime {
    const total = this.unixNanos() + ns;
    const sec = total >= 0n ? total / NS : -((-total + NS - 1n) / NS);
    return new GoTime(
      sec,
      Number(total - sec * NS),
      this.loc,
      this.mono === undefined ? undefined : this.mono + ns,
    );
  }

  /** Calendar fields in the time's location. */
  civil(): Civil {
    const zone =
      typeof this.loc === 'string'
        ? zoneAt(this.loc, this.sec)
        : { offset: this.loc.offset, abbr: this.loc.name };
    const d = new Date(Number(this.sec + BigInt(zone.offset)) * 1000);
    const start = Date.UTC(d.getUTCFullYear(), 0, 1);
    const jan1 = new Date(start);
    jan1.setUTCFullYear(d.getUTCFullYear());
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      nsec: this.nsec,
      weekday: d.getUTCDay(),
      yday: Math.floor((d.getTime() - jan1.getTime()) / 86_400_000) + 1,
      offset: zone.offset,
      abbr: zone.abbr,
    };
  }

  Format(layout: string): string {
    return formatTime(this.civil(), layout);
  }
  String(): string {
    let s = this.Format('2006-01-02 15:04:05.999999999 -0700 MST');
    if (this.mono !== undefined) {
      const m = this.mono < 0n ? -this.mono : this.mono;
      s += ` m=${this.mono < 0n ? '-' : '+'}${m / NS}.${String(m % NS).padStart(9, '0')}`;
    }
    return s;
  }
  Unix(): GoInt {
    return new GoInt('int64', this.sec);
  }
  UnixNano(): GoInt {
    return new GoInt('int64', this.unixNanos());
  }
  UTC(): GoTime {
    return new GoTime(this.sec, this.nsec, 'UTC');
  }
  Local(): GoTime {
    return new GoTime(this.sec, this.nsec, 'Local');
  }
  Year(): bigint {
    return BigInt(this.civil().year);
  }
  Day(): bigint {
    return BigInt(this.civil().day);
  }
  Hour(): bigint {
    return BigInt(this.civil().hour);
  }
  Minute(): bigint {
    return BigInt(this.civil().minute);
  }
  Second(): bigint {
    return BigInt(this.civil().second);
  }
  Nanosecond(): bigint {
    return BigInt(this.nsec);
  }
  YearDay(): bigint {
    return BigInt(this.civil().yday);
  }
  IsZero(): boolean {
    return this.sec === ZERO_SEC && this.nsec === 0;
  }
  MarshalJSON(): string {
    return JSON.stringify(this.Format('2006-01-02T15:04:05.999999999Z07:00'));
  }
}

/** Seconds from the Unix epoch back to Go's zero time, January 1 of year 1 UTC. */
export const ZERO_SEC = -62135596800n;
/** time.Time{}. */
export const zeroTime = (): GoTime => new GoTime(ZERO_SEC, 0, 'UTC');

/** time.LoadLocation; undefined when the zone does not exist. */
export function loadLocation(name: string): Location | undefined {
  if (name === '' || name === 'UTC') return 'UTC';
  return isLoadableZone(name) ? name : undefined;
}

type Chunk =
  | { kind: 'literal'; text: string }
  | { kind: 'std'; std: string; digits?: number; trim?: boolean; sep?: string };

/** Splits a Go layout into literal text and standard chunks (time.nextStdChunk). */
export function layoutChunks(layout: string): Chunk[] {
  const chunks: Chunk[] = [];
  let lit = '';
  const push = (std: string, len: number, extra: Partial<Chunk> = {}) => {
    if (lit) chunks.push({ kind: 'literal', text: lit });
    lit = '';
    chunks.push({ kind: 'std', std, ...extra } as Chunk);
    i += len;
  };
  let i = 0;
  const at = (s: string) => layout.startsWith(s, i);
  while (i < layout.length) {
    const c = layout[i];
    if (c === 'J' && at('Jan')) {
      if (at('January')) push('January', 7);
      else push('Jan', 3);
    } else if (c === 'M' && at('Mon')) {
      if (at('Monday')) push('Monday', 6);
      else push('Mon', 3);
    } else if (c === 'M' && at('MST')) push('MST', 3);
    else if (c === '0' && /^0[1-6]/.test(layout.slice(i))) push(layout.slice(i, i + 2), 2);
    else if (c === '0' && at('002')) push('002', 3);
    else if (c === '1') {
      if (at('15')) push('15', 2);
      else push('1', 1);
    } else if (c === '2') {
      if (at('2006')) push('2006', 4);
      else push('2', 1);
    } else if (c === '_' && at('_2')) {
      if (at('_2006')) {
        lit += '_';
        i++;
        push('2006', 4);
      } else push('_2', 2);
    } else if (c === '_' && at('__2')) push('__2', 3);
    else if (c === '3' || c === '4' || c === '5') push(c, 1);
    else if (c === 'P' && at('PM')) push('PM', 2);
    else if (c === 'p' && at('pm')) push('pm', 2);
    else if (c === '-' || c === 'Z') {
      const zone = ['070000', '07:00:00', '0700', '07:00', '07'].find((z) => layout.startsWith(c + z, i));
      if (zone) push(c + zone, zone.length + 1);
      else {
        lit += c;
        i++;
      }
    } else if ((c === '.' || c === ',') && /^[.,](0+|9+)(?![0-9])/.test(layout.slice(i))) {
      const run = /^[.,](0+|9+)/.exec(layout.slice(i))![1];
      push('frac', run.length + 1, { digits: run.length, trim: run[0] === '9', sep: c });
    } else {
      lit += c;
      i++;
    }
  }
  if (lit) chunks.push({ kind: 'literal', text: lit });
  return chunks;
}

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');

function zoneText(offset: number, std: string): string {
  if (std.startsWith('Z') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const [h, m, s] = [Math.floor(abs / 3600), Math.floor(abs / 60) % 60, abs % 60];
  const body = std.slice(1);
  if (body === '07') return sign + pad(h, 2);
  if (body === '0700') return sign + pad(h, 2) + pad(m, 2);
  if (body === '07:00') return `${sign}${pad(h, 2)}:${pad(m, 2)}`;
  if (body === '070000') return sign + pad(h, 2) + pad(m, 2) + pad(s, 2);
  return `${sign}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`;
}

/** time.Time.Format. */
export function formatTime(t: Civil, layout: string): string {
  let out = '';
  for (const chunk of layoutChunks(layout)) {
    if (chunk.kind === 'literal') {
      out += chunk.text;
      continue;
    }
    const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
    switch (chunk.std) {
      case 'January':
        out += LONG_MONTHS[t.month - 1];
        break;
      case 'Jan':
        out += LONG_MONTHS[t.month - 1].slice(0, 3);
        break;
      case 'Monday':
        out += LONG_DAYS[t.weekday];
        break;
      case 'Mon':
        out += LONG_DAYS[t.weekday].slice(0, 3);
        break;
      case 'MST':
        out += t.abbr !== '' ? t.abbr : zoneText(t.offset, '-0700');
        break;
      case '01':
        out += pad(t.month, 2);
        break;
      case '1':
        out += t.month;
        break;
      case '02':
        out += pad(t.day, 2);
        break;
      case '2':
        out += t.day;
        break;
      case '_2':
        out += String(t.day).padStart(2, ' ');
        break;
      case '002':
        out += pad(t.yday, 3);
        break;
      case '__2':
        out += String(t.yday).padStart(3, ' ');
        break;
      case '03':
        out += pad(hour12, 2);
        break;
      case '3':
        out += hour12;
        break;
      case '15':
        out += pad(t.hour, 2);
        break;
      case '04':
        out += pad(t.minute, 2);
        break;
      case '4':
        out += t.minute;
        break;
      case '05':
        out += pad(t.second, 2);
        break;
      case '5':
        out += t.second;
        break;
      case '06':
        out += pad(t.year % 100, 2);
        break;
      case '2006':
        out += t.year < 0 ? '-' + pad(-t.year, 4) : pad(t.year, 4);
        break;
      case 'PM':
        out += t.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += t.hour >= 12 ? 'pm' : 'am';
        break;
      case 'frac': {
        let digits = String(t.nsec).padStart(9, '0').slice(0, chunk.digits);
        if (chunk.trim) digits = digits.replace(/0+$/, '');
        if (digits !== '') out += chunk.sep + digits;
        break;
      }
      default:
        out += zoneText(t.offset, chunk.std);
    }
  }
  return out;
}

/** A parse failure worded as Go's time.ParseError. */
function parseError(
  value: string,
  layout: string,
  valueElem: string,
  layoutElem: string,
  message = '',
): Error {
  if (message) return new Error(`parsing time ${quote(value)}${message}`);
  return new Error(
    `parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`,
  );
}

/** time.ParseInLocation for the layout elements sprig templates use. */
export function parseTime(layout: string, value: string, loc: Location): GoTime {
  let rest = value;
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nsec = 0;
  let pm: boolean | undefined;
  let offset: number | undefined;
  const num = (min: number, max: number, elem: string): number => {
    const m = new RegExp(`^\\d{${min},${max}}`).exec(rest);
    if (!m) throw parseError(value, layout, rest, elem);
    rest = rest.slice(m[0].length);
    return Number(m[0]);
  };
  const word = (options: string[], elem: string): number => {
    const idx = options.findIndex((o) => rest.toLowerCase().startsWith(o.toLowerCase()));
    if (idx < 0) throw parseError(value, layout, rest, elem);
    rest = rest.slice(options[idx].length);
    return idx;
  };
  for (const chunk of layoutChunks(layout)) {
    if (chunk.kind === 'literal') {
      if (!rest.startsWith(chunk.text)) throw parseError(value, layout, rest, chunk.text);
      rest = rest.slice(chunk.text.length);
      continue;
    }
    const elem =
      chunk.std === 'frac' ? `${chunk.sep}${(chunk.trim ? '9' : '0').repeat(chunk.digits!)}` : chunk.std;
    switch (chunk.std) {
      case '2006':
        year = num(4, 4, elem);
        break;
      case '06':
        year = num(2, 2, elem);
        year += year >= 69 ? 1900 : 2000;
        break;
      case 'January':
        month = word(LONG_MONTHS, elem) + 1;
        break;
      case 'Jan':
        month =
          word(
            LONG_MONTHS.map((m) => m.slice(0, 3)),
            elem,
          ) + 1;
        break;
      case 'Monday':
        word(LONG_DAYS, elem);
        break;
      case 'Mon':
        word(
          LONG_DAYS.map((d) => d.slice(0, 3)),
          elem,
        );
        break;
      case '01':
      case '1':
        month = num(chunk.std === '01' ? 2 : 1, 2, elem);
        if (month < 1 || month > 12) throw parseError(value, layout, '', '', ': month out of range');
        break;
      case '02':
      case '2':
      case '_2':
        if (chunk.std === '_2' && rest.startsWith(' ')) rest = rest.slice(1);
        day = num(chunk.std === '02' ? 2 : 1, 2, elem);
        break;
      case '15':
        hour = num(2, 2, elem);
        if (hour > 23) throw parseError(value, layout, '', '', ': hour out of range');
        break;
      case '03':
      case '3':
        hour = num(chunk.std === '03' ? 2 : 1, 2, elem);
        if (hour > 12) throw parseError(value, layout, '', '', ': hour out of range');
        break;
      case '04':
      case '4':
        minute = num(chunk.std === '04' ? 2 : 1, 2, elem);
        if (minute > 59) throw parseError(value, layout, '', '', ': minute out of range');
        break;
      case '05':
      case '5':
        second = num(chunk.std === '05' ? 2 : 1, 2, elem);
        if (second > 59) throw parseError(value, layout, '', '', ': second out of range');
        if (/^[.,]\d/.test(rest) && !layoutChunks(layout).some((c) => c.kind === 'std' && c.std === 'frac')) {
          const m = /^[.,](\d+)/.exec(rest)!;
          nsec = Number(m[1].slice(0, 9).padEnd(9, '0'));
          rest = rest.slice(m[0].length);
        }
        break;
      case 'PM':
      case 'pm':
        pm = word(['AM', 'PM'], elem) === 1;
        break;
      case 'frac': {
        const m = /^[.,](\d+)/.exec(rest);
        if (!m) {
          if (chunk.trim) break;
          throw parseError(value, layout, rest, elem);
        }
        nsec = Number(m[1].slice(0, 9).padEnd(9, '0'));
        rest = rest.slice(m[0].length);
        break;
      }
      case 'MST': {
        const m = /^[A-Z]{3,5}|^[+-]\d{2,4}/.exec(rest);
        if (!m) throw parseError(value, layout, rest, elem);
        rest = rest.slice(m[0].length);
        if (m[0] === 'UTC' || m[0] === 'GMT') offset = 0;
        break;
      }
      case '002':
      case '__2':
        num(1, 3, elem);
        break;
      default: {
        if (chunk.std.startsWith('Z') && rest.startsWith('Z')) {
          rest = rest.slice(1);
          offset = 0;
          break;
        }
        const m = /^([+-])(\d{2}):?(\d{2})?(?::?(\d{2}))?/.exec(rest);
        if (!m) throw parseError(value, layout, rest, elem);
        rest = rest.slice(m[0].length);
        const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
        offset = m[1] === '-' ? -secs : secs;
      }
    }
  }
  if (rest !== '') throw parseError(value, layout, '', '', `: extra text: ${quote(rest)}`);
  if (pm !== undefined) {
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  const daysIn = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leap = month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0);
  if (day < 1 || day > (month === 2 ? (leap ? 29 : 28) : daysIn)) {
    throw parseError(value, layout, '', '', ': day out of range');
  }
  const base = new Date(0);
  base.setUTCFullYear(year, month - 1, day);
  base.setUTCHours(hour, minute, second, 0);
  const wall = BigInt(Math.floor(base.getTime() / 1000));
  if (offset !== undefined) {
    const sec = wall - BigInt(offset);
    const zoneName = typeof loc === 'string' ? loc : undefined;
    if (zoneName !== undefined && zoneAt(zoneName, sec).offset === offset) return new GoTime(sec, nsec, loc);
    return new GoTime(sec, nsec, offset === 0 && zoneName === 'UTC' ? 'UTC' : { name: '', offset });
  }
  // wall clock in loc: find the offset in force (Go picks the first matching offset)
  const zoneName = typeof loc === 'string' ? loc : localZoneName();
  let sec = wall - BigInt(zoneAt(zoneName, wall).offset);
  sec = wall - BigInt(zoneAt(zoneName, sec).offset);
  return new GoTime(sec, nsec, loc);
}

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n,
  μs: 1000n,
  ms: 1_000_000n,
  s: NS,
  m: 60n * NS,
  h: 3600n * NS,
};

/** time.ParseDuration, in nanoseconds; throws Go's error texts. */
export function parseDuration(text: string): bigint {
  const invalid = () => new Error(`time: invalid duration ${quote(text)}`);
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (m[0] === '' || m[0] === '.') throw invalid();
    s = s.slice(m[0].length);
    const unit = /^[^0-9.]+/.exec(s)?.[0];
    if (!unit) throw new Error(`time: missing unit in duration ${quote(text)}`);
    const scale = UNITS[unit];
    if (scale === undefined) throw new Error(`time: unknown unit ${quote(unit)} in duration ${quote(text)}`);
    s = s.slice(unit.length);
    const whole = BigInt(m[1] || '0');
    const frac = m[2] ?? '';
    let value = whole * scale;
    if (frac !== '') value += (BigInt(frac) * scale) / 10n ** BigInt(frac.length);
    total += value;
    if (total > 2n ** 63n - 1n + (negative ? 1n : 0n)) throw invalid();
  }
  return negative ? -total : total;
}

/** time.Duration.String. */
export function durationString(ns: bigint): string {
  if (ns === 0n) return '0s';
  const negative = ns < 0n;
  let u = negative ? -ns : ns;
  let out: string;
  if (u < NS) {
    const [unit, scale] = u < 1000n ? ['ns', 1n] : u < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
    out = fraction(u, scale) + unit;
  } else {
    const h = u / (3600n * NS);
    u -= h * 3600n * NS;
    const m = u / (60n * NS);
    u -= m * 60n * NS;
    out = `${fraction(u, NS)}s`;
    if (h > 0n) out = `${h}h${m}m${out}`;
    else if (m > 0n) out = `${m}m${out}`;
  }
  return negative ? '-' + out : out;
}

/** v/scale with the fraction's trailing zeros dropped. */
function fraction(v: bigint, scale: bigint): string {
  const whole = v / scale;
  const digits = String(scale).length - 1;
  const frac =
    digits > 0
      ? String(v % scale)
          .padStart(digits, '0')
          .replace(/0+$/, '')
      : '';
  return frac ? `${whole}.${frac}` : `${whole}`;
}
