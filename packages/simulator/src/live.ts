import type { Reading } from '@prognos/core';
import type { PlantSimulator } from './simulator';

export interface LiveOptions {
  /** Wall ms between steps (default 1000: the sensors' 1 Hz sample rate). */
  intervalMs?: number;
  publish: (readings: Reading[]) => void | Promise<void>;
  /** The wall clock (default Date.now). Step timestamps are this clock floored to the interval, never ahead. */
  now?: () => number;
  /** Called when publish throws or rejects (default: ignored, the next step goes on). */
  onError?: (err: unknown) => void;
}

export interface LiveHandle {
  stop(): void;
  /** Resolves once stopped and any publish in progress has settled. */
  readonly done: Promise<void>;
}

/**
 * Steps the simulator at wall time every intervalMs and publishes each step's readings, like a gateway polling
 * its sensors. Timestamps are aligned to the interval grid. A slow publish delays the next step rather than
 * piling steps up; after a stall (a suspended laptop) the next step jumps to the current time, leaving a gap
 * as a real gateway would.
 */
export function runLive(sim: PlantSimulator, opts: LiveOptions): LiveHandle {
  const interval = opts.intervalMs ?? 1000;
  if (!(interval > 0)) throw new RangeError(`intervalMs must be > 0, got ${interval}`);
  const now = opts.now ?? Date.now;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => {
    resolveDone = r;
  });

  const tick = async () => {
    timer = undefined;
    if (stopped) return resolveDone();
    const ts = Math.floor(now() / interval) * interval;
    if (sim.now === undefined || ts > sim.now) {
      const readings = sim.step(ts);
      try {
        await opts.publish(readings);
      } catch (err) {
        opts.onError?.(err);
      }
    }
    if (stopped) return resolveDone();
    const t = now();
    timer = setTimeout(tick, Math.max(0, (Math.floor(t / interval) + 1) * interval - t));
  };
  timer = setTimeout(tick, 0);

  return {
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
        resolveDone();
      }
    },
    done,
  };
}
