import type { Reading } from '@prognos/core';
import { openSqliteStore } from '@prognos/store';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startRetention } from './retention';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

describe('the readings retention policy', () => {
  it('deletes readings older than the retention at start and on demand, keeps the rest, logs what went', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    onTestFinished(() => store.close());
    // one reading an hour for 10 days up to NOW
    const rs: Reading[] = Array.from({ length: 240 }, (_, i) => ({
      sensor: 'S',
      ts: NOW - 10 * DAY + i * 3_600_000,
      value: i,
      quality: 0,
    }));
    await store.readings.append(rs);
    await store.readings.flush();
    const lines: unknown[] = [];
    const log = { info: (o: unknown) => lines.push(o), error: (o: unknown) => lines.push({ error: o }) };
    const policy = startRetention(store.readings, 3, log, () => NOW);
    await policy.run();
    await policy.stop();
    const left = await store.readings.read('S', -Infinity, Infinity);
    // everything from 3 days back is kept; nothing older than the window straddling the cut-off remains
    expect(Array.from(left.ts).filter((t) => t >= NOW - 3 * DAY).length).toBe(72);
    expect(left.ts[0]!).toBeGreaterThanOrEqual(NOW - 3 * DAY - 3_600_000);
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatchObject({ deletedHeadReadings: 0 });
    expect((lines[0] as { deletedChunks: number }).deletedChunks).toBeGreaterThan(0);
  });

  it('does nothing with 0 days (keep everything)', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    onTestFinished(() => store.close());
    await store.readings.append([{ sensor: 'S', ts: 0, value: 1, quality: 0 }]);
    const policy = startRetention(store.readings, 0, { info() {}, error() {} }, () => NOW);
    await policy.run();
    await policy.stop();
    expect((await store.readings.read('S', -Infinity, Infinity)).ts.length).toBe(1);
  });
});
