import type { Reading } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { runLive } from './live';
import { demoSim } from './test-helpers';

describe('runLive', () => {
  it('steps at wall time on the interval grid, never ahead of the clock', async () => {
    const sim = demoSim({ speed: 360, origin: Date.now() });
    const batches: { readings: Reading[]; clock: number }[] = [];
    const live = runLive(sim, {
      intervalMs: 20,
      publish: (readings) => {
        batches.push({ readings, clock: Date.now() });
      },
    });
    await new Promise((r) => setTimeout(r, 250));
    live.stop();
    await live.done;
    expect(batches.length).toBeGreaterThanOrEqual(4);
    let prev = -1;
    for (const { readings, clock } of batches) {
      expect(readings).toHaveLength(47);
      const ts = readings[0]!.ts;
      expect(readings.every((r) => r.ts === ts)).toBe(true);
      expect(ts % 20).toBe(0);
      expect(ts).toBeLessThanOrEqual(clock);
      expect(ts).toBeGreaterThan(prev);
      prev = ts;
    }
    const n = batches.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(batches.length).toBe(n); // stopped means stopped
  });

  it('keeps going when publish fails, reporting the error', async () => {
    const sim = demoSim({ origin: Date.now() });
    const errors: unknown[] = [];
    let calls = 0;
    const live = runLive(sim, {
      intervalMs: 15,
      publish: async () => {
        calls++;
        throw new Error('broker down');
      },
      onError: (e) => errors.push(e),
    });
    await new Promise((r) => setTimeout(r, 120));
    live.stop();
    await live.done;
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(errors).toHaveLength(calls);
  });

  it('uses the given clock and skips steps the simulator already has', async () => {
    const sim = demoSim();
    const clock = 1_800_000_000_000;
    sim.step(clock); // e.g. the last back-filled step
    const seen: number[] = [];
    const live = runLive(sim, { intervalMs: 10, now: () => clock + 5, publish: (r) => void seen.push(r[0]!.ts) });
    await new Promise((r) => setTimeout(r, 50));
    live.stop();
    await live.done;
    expect(seen).toEqual([]);
  });
});
