import { describe, expect, it } from 'vitest';
import { detectTimestampFormat, makeTimestampParser, zonedWallTimeToUtc } from './timestamp';

const Z = (s: string) => Date.parse(`${s}Z`);

describe('CSV timestamps with time zones (Intl)', () => {
  const berlin = makeTimestampParser('YYYY-MM-DD HH:mm:ss', 'Europe/Berlin');

  it('converts local wall time in winter and summer', () => {
    expect(berlin('2024-01-15 12:00:00')).toBe(Z('2024-01-15T11:00:00'));
    expect(berlin('2024-07-15 12:00:00.250')).toBe(Z('2024-07-15T10:00:00.250'));
  });

  it('spring forward: the skipped hour maps forward, the hours around it are exact', () => {
    expect(berlin('2024-03-31 01:59:59')).toBe(Z('2024-03-31T00:59:59'));
    expect(berlin('2024-03-31 02:30:00')).toBe(Z('2024-03-31T01:30:00')); // = 03:30 CEST
    expect(berlin('2024-03-31 03:00:00')).toBe(Z('2024-03-31T01:00:00'));
  });

  it('fall back: the repeated hour is told apart by the row before it', () => {
    expect(zonedWallTimeToUtc(Z('2024-10-27T02:30:00'), 'Europe/Berlin')).toEqual([
      Z('2024-10-27T00:30:00'),
      Z('2024-10-27T01:30:00'),
    ]);
    const local = ['01:00', '01:30', '02:00', '02:30', '02:00', '02:30', '03:00'];
    let prev: number | undefined;
    const utc = local.map((t) => {
      prev = berlin(`2024-10-27 ${t}:00`, prev);
      return new Date(prev!).toISOString().slice(11, 16);
    });
    expect(utc).toEqual(['23:00', '23:30', '00:00', '00:30', '01:00', '01:30', '02:00']);
  });

  it('handles other zones and formats', () => {
    const ny = makeTimestampParser('MM/DD/YYYY HH:mm:ss', 'America/New_York');
    expect(ny('03/10/2024 01:30:00')).toBe(Z('2024-03-10T06:30:00'));
    expect(ny('03/10/2024 02:30:00')).toBe(Z('2024-03-10T07:30:00')); // skipped: 03:30 EDT
    expect(ny('11/03/2024 12:00:00')).toBe(Z('2024-11-03T17:00:00'));
    const de = makeTimestampParser('DD.MM.YYYY HH:mm:ss', 'Europe/Berlin');
    expect(de('27.10.2024 03:00:00')).toBe(Z('2024-10-27T02:00:00'));
    expect(de('31.02.2024 10:00:00')).toBeUndefined();
    expect(de('2024-10-27 03:00:00')).toBeUndefined();
    const kolkata = makeTimestampParser('iso', 'Asia/Kolkata');
    expect(kolkata('2024-06-01T12:00:00')).toBe(Z('2024-06-01T06:30:00'));
    // an explicit offset wins over the configured zone
    expect(kolkata('2024-06-01T12:00:00+02:00')).toBe(Z('2024-06-01T10:00:00'));
    expect(kolkata('2024-06-01T12:00:00Z')).toBe(Z('2024-06-01T12:00:00'));
  });

  it('epoch seconds and milliseconds', () => {
    expect(makeTimestampParser('epoch_s')('1700000000.5')).toBe(1_700_000_000_500);
    expect(makeTimestampParser('epoch_ms')('1700000000123')).toBe(1_700_000_000_123);
    expect(makeTimestampParser('epoch_ms')('12:00')).toBeUndefined();
  });

  it('detects formats, and refuses to guess day/month order', () => {
    expect(detectTimestampFormat('1700000000')).toBe('epoch_s');
    expect(detectTimestampFormat('1700000000000')).toBe('epoch_ms');
    expect(detectTimestampFormat('2024-01-01 00:00:00')).toBe('iso');
    expect(detectTimestampFormat('2024-01-01T00:00:00.123Z')).toBe('iso');
    expect(detectTimestampFormat('24.12.2024 18:00:00')).toBe('DD.MM.YYYY HH:mm:ss');
    expect(detectTimestampFormat('24/12/2024 18:00')).toBe('DD/MM/YYYY HH:mm:ss');
    expect(detectTimestampFormat('12/24/2024 18:00')).toBe('MM/DD/YYYY HH:mm:ss');
    expect(() => detectTimestampFormat('01/02/2024 10:00')).toThrow(/set timestampFormat/);
  });

  it('rejects unknown zones', () => {
    expect(() => makeTimestampParser('iso', 'Mars/Olympus')).toThrow();
  });
});
