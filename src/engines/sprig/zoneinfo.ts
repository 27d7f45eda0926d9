/**
 * Time zones as Go's time.LoadLocation sees them: the system zoneinfo files (TZif) for offsets and
 * abbreviations, as Go reads them, with Intl for instants after a zone's last recorded transition
 * (where the file's footer rule applies). Only "UTC", "Local" and names with a zoneinfo file load.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Offset from UTC (seconds east) and abbreviation in force at an instant. */
export interface ZoneState {
  offset: number;
  abbr: string;
}

interface ZoneFile {
  transitions: bigint[];
  types: { offset: number; isDst: boolean; abbr: string }[];
  typeIndex: number[];
  footer: { std: string; dst?: string; stdOffset: number };
}

const ZONEINFO_DIR = process.env.ZONEINFO ?? '/usr/share/zoneinfo';
const cache = new Map<string, ZoneFile | null>();

/** Parses the 64-bit (v2+) section of a TZif file, or the v1 one if that is all there is. */
function parseTzif(b: Buffer): ZoneFile {
  const header = (at: number) => {
    const counts = [0, 1, 2, 3, 4, 5].map((i) => b.readUInt32BE(at + 20 + i * 4));
    const [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = counts;
    return { isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt };
  };
  const v1 = header(0);
  const version = b[4];
  let at = 0;
  let h = v1;
  let timeSize = 4;
  if (version >= 0x32) {
    at =
      44 +
      v1.timecnt * 4 +
      v1.timecnt +
      v1.typecnt * 6 +
      v1.charcnt +
      v1.leapcnt * 8 +
      v1.isstdcnt +
      v1.isutcnt;
    h = header(at);
    timeSize = 8;
  }
  let pos = at + 44;
  const transitions: bigint[] = [];
  for (let i = 0; i < h.timecnt; i++, pos += timeSize) {
    transitions.push(timeSize === 8 ? b.readBigInt64BE(pos) : BigInt(b.readInt32BE(pos)));
  }
  const typeIndex = Array.from(b.subarray(pos, pos + h.timecnt));
  pos += h.timecnt;
  const raw = Array.from({ length: h.typecnt }, (_, i) => ({
    offset: b.readInt32BE(pos + i * 6),
    isDst: b[pos + i * 6 + 4] === 1,
    abbrIndex: b[pos + i * 6 + 5],
  }));
  pos += h.typecnt * 6;
  const chars = b.subarray(pos, pos + h.charcnt).toString('latin1');
  pos += h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt;
  const types = raw.map((t) => ({
    offset: t.offset,
    isDst: t.isDst,
    abbr: chars.slice(t.abbrIndex, chars.indexOf('\0', t.abbrIndex)),
  }));
  const footerText = version >= 0x32 ? b.subarray(pos + 1, b.indexOf(0x0a, pos + 1)).toString('latin1') : '';
  return { transitions, types, typeIndex, footer: parseFooter(footerText, types) };
}

/** The standard and daylight names of a POSIX TZ string like `CET-1CEST,M3.5.0,M10.5.0/3`. */
function parseFooter(tz: string, types: ZoneFile['types']): ZoneFile['footer'] {
  const name = /^(<[^>]*>|[A-Za-z]+)([-+]?\d+(?::\d+){0,2})(<[^>]*>|[A-Za-z]+)?/.exec(tz);
  if (!name) {
    const last = types[types.length - 1] ?? { abbr: 'UTC', offset: 0 };
    return { std: last.abbr, stdOffset: last.offset };
  }
  const strip = (s: string) => s.replace(/^<|>$/g, '');
  const [h, m = '0', s = '0'] = name[2].replace(/^[-+]/, '').split(':');
  const west = Number(h) * 3600 + Number(m) * 60 + Number(s);
  return {
    std: strip(name[1]),
    dst: name[3] ? strip(name[3]) : undefined,
    stdOffset: name[2].startsWith('-') ? west : -west,
  };
}

function loadZoneFile(name: string): ZoneFile | null {
  if (cache.has(name)) return cache.get(name)!;
  let zone: ZoneFile | null = null;
  if (!name.includes('..') && !name.startsWith('/')) {
    try {
      zone = parseTzif(readFileSync(join(ZONEINFO_DIR, name)));
    } catch {
      zone = null;
    }
  }
  cache.set(name, zone);
  return zone;
}

/** The system's local zone name (TZ, else /etc/localtime's target), as Go's Local uses. */
export function localZoneName(): string {
  const tz = process.env.TZ;
  if (tz !== undefined) return tz === '' ? 'UTC' : tz.replace(/^:/, '');
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/** Tells whether time.LoadLocation(name) succeeds. */
export function isLoadableZone(name: string): boolean {
  return name === '' || name === 'UTC' || name === 'Local' || loadZoneFile(name) !== null;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The UTC offset of a zone at an instant according to Intl. */
function intlOffset(zone: string, epochMs: number): number {
  let f = offsetFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormatters.set(zone, f);
  }
  const text = f.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text);
  if (!m) return 0;
  const secs = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -secs : secs;
}

/** Offset and abbreviation of a loaded zone (`UTC`, `Local` or a zoneinfo name) at an instant. */
export function zoneAt(name: string, epochSeconds: bigint): ZoneState {
  const zoneName = name === 'Local' ? localZoneName() : name;
  if (zoneName === 'UTC' || zoneName === '') return { offset: 0, abbr: 'UTC' };
  const zone = loadZoneFile(zoneName);
  if (!zone) return { offset: 0, abbr: 'UTC' };
  const { transitions, types, typeIndex } = zone;
  if (transitions.length === 0 || epochSeconds < transitions[0]) {
    const first = types.find((t) => !t.isDst) ?? types[0];
    if (transitions.length > 0 || !zone.footer.dst) return { offset: first.offset, abbr: first.abbr };
  }
  if (transitions.length > 0 && epochSeconds <= transitions[transitions.length - 1]) {
    let lo = 0;
    let hi = transitions.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (transitions[mid] <= epochSeconds) lo = mid;
      else hi = mid - 1;
    }
    const t = types[typeIndex[lo]];
    return { offset: t.offset, abbr: t.abbr };
  }
  if (zone.footer.dst === undefined) return { offset: zone.footer.stdOffset, abbr: zone.footer.std };
  const offset = intlOffset(zoneName, Number(epochSeconds) * 1000);
  const isDst = zone.footer.dst !== undefined && offset !== zone.footer.stdOffset;
  return { offset, abbr: isDst ? zone.footer.dst! : zone.footer.std };
}
