/**
 * Timestamps of historian exports. Many write local wall time without an offset ("31.03.2024 02:30:00"), so the
 * configured IANA time zone turns it into UTC, with the zone rules from Intl (the ICU tz database): no fixed
 * offsets, correct across daylight-saving changes.
 */
export type CsvTimestampFormat =
  | 'auto'
  | 'epoch_s'
  | 'epoch_ms'
  | 'iso'
  | 'YYYY-MM-DD HH:mm:ss'
  | 'DD.MM.YYYY HH:mm:ss'
  | 'DD/MM/YYYY HH:mm:ss'
  | 'MM/DD/YYYY HH:mm:ss';

export const CSV_TIMESTAMP_FORMATS: readonly CsvTimestampFormat[] = [
  'auto',
  'epoch_s',
  'epoch_ms',
  'iso',
  'YYYY-MM-DD HH:mm:ss',
  'DD.MM.YYYY HH:mm:ss',
  'DD/MM/YYYY HH:mm:ss',
  'MM/DD/YYYY HH:mm:ss',
];

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError for a time zone name Intl does not know. */
export function assertTimeZone(tz: string): void {
  formatter(tz);
}

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

// Zone transitions happen on whole quarter hours (all current IANA rules), so the offset is cached per 15 minutes.
const QUARTER = 900_000;
const offsetCache = new Map<string, number>();

/** UTC offset (ms, east positive) of `tz` at the UTC instant `t`. */
export function timeZoneOffset(tz: string, t: number): number {
  const key = `${tz}|${Math.floor(t / QUARTER)}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(t)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  const whole = t - (((t % 1000) + 1000) % 1000);
  const off = wall - whole;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, off);
  return off;
}

/**
 * The UTC instants a local wall time (given as if it were UTC) denotes in `tz`: one normally, two in the hour
 * repeated when clocks go back (earlier first), and for a time skipped when clocks go forward the instant it
 * would be had the clock not jumped yet (as Temporal's "compatible" disambiguation does: 02:30 → 03:30).
 */
export function zonedWallTimeToUtc(wall: number, tz: string): number[] {
  const before = timeZoneOffset(tz, wall - 43_200_000);
  const after = timeZoneOffset(tz, wall + 43_200_000);
  const out: number[] = [];
  for (const o of before === after ? [before] : [before, after]) {
    const t = wall - o;
    if (timeZoneOffset(tz, t) === o) out.push(t);
  }
  if (out.length === 0) return [wall - before];
  return out.sort((a, b) => a - b);
}

const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DMY_DOT_RE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/;
const SLASH_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/;
const EPOCH_RE = /^-?\d+(\.\d+)?$/;

function wallTime(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  frac?: string,
): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // rejects 31.02. and the like, which Date.UTC would roll over into March
  return new Date(t).getUTCDate() === d ? t : undefined;
}

function offsetMs(z: string): number {
  if (z === 'Z' || z === 'z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
}

/** Picks the format of a sample value; throws when it cannot be told (e.g. 01/02/2024: day or month first?). */
export function detectTimestampFormat(sample: string): Exclude<CsvTimestampFormat, 'auto'> {
  const s = sample.trim();
  if (EPOCH_RE.test(s)) return Math.abs(Number(s)) < 1e11 ? 'epoch_s' : 'epoch_ms';
  if (ISO_RE.test(s)) return 'iso';
  if (DMY_DOT_RE.test(s)) return 'DD.MM.YYYY HH:mm:ss';
  const m = SLASH_RE.exec(s);
  if (m) {
    if (Number(m[1]) > 12) return 'DD/MM/YYYY HH:mm:ss';
    if (Number(m[2]) > 12) return 'MM/DD/YYYY HH:mm:ss';
    throw new Error(`timestamp "${s}" could be day/month or month/day: set timestampFormat`);
  }
  throw new Error(`timestamp "${s}" is in no known format: set timestampFormat`);
}

/**
 * A parser for one file: `parse(text, previous)` returns epoch ms or undefined. `previous` (the timestamp of the
 * row before) settles the repeated hour when clocks go back: a sorted export goes through it twice, so once the
 * file has moved past the first pass the later instant is meant (otherwise the second pass would overwrite the first).
 */
export function makeTimestampParser(
  format: Exclude<CsvTimestampFormat, 'auto'>,
  timezone = 'UTC',
): (text: string, previous?: number) => number | undefined {
  assertTimeZone(timezone);
  const zoned = (wall: number | undefined, previous?: number): number | undefined => {
    if (wall === undefined) return undefined;
    if (timezone === 'UTC') return wall;
    const c = zonedWallTimeToUtc(wall, timezone);
    if (c.length === 2 && previous !== undefined && c[0]! < previous && c[1]! >= previous) return c[1];
    return c[0];
  };
  switch (format) {
    case 'epoch_s':
    case 'epoch_ms':
      return (text) => {
        const s = text.trim();
        if (!EPOCH_RE.test(s)) return undefined;
        return format === 'epoch_s' ? Math.round(Number(s) * 1000) : Number(s);
      };
    case 'iso':
    case 'YYYY-MM-DD HH:mm:ss':
      return (text, previous) => {
        const m = ISO_RE.exec(text.trim());
        if (!m) return undefined;
        const wall = wallTime(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7]);
        if (wall === undefined) return undefined;
        return m[8] ? wall - offsetMs(m[8]) : zoned(wall, previous);
      };
    case 'DD.MM.YYYY HH:mm:ss':
      return (text, previous) => {
        const m = DMY_DOT_RE.exec(text.trim());
        if (!m) return undefined;
        return zoned(wallTime(+m[3]!, +m[2]!, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7]), previous);
      };
    case 'DD/MM/YYYY HH:mm:ss':
    case 'MM/DD/YYYY HH:mm:ss':
      return (text, previous) => {
        const m = SLASH_RE.exec(text.trim());
        if (!m) return undefined;
        const [d, mo] = format === 'DD/MM/YYYY HH:mm:ss' ? [+m[1]!, +m[2]!] : [+m[2]!, +m[1]!];
        return zoned(wallTime(+m[3]!, mo, d, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7]), previous);
      };
  }
}
