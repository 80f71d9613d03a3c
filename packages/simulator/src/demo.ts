import type { PlantSimulator } from './simulator';
import type { FaultState } from './types';

/**
 * Default acceleration of the demo: one wall second is six process minutes, so a process day passes in four
 * wall minutes and a three-day bearing degradation plays out in twelve.
 */
export const DEMO_SPEED = 360;

/** Process-time to failure of the demo's bearing wear: 3 days, i.e. 12 wall minutes at DEMO_SPEED. */
export const DEMO_BEARING_TTF_MS = 3 * 24 * 3_600_000;
/** Process-time to failure of the slower second fault: 10 days, i.e. 40 wall minutes at DEMO_SPEED. */
export const DEMO_FILTER_TTF_MS = 10 * 24 * 3_600_000;

/**
 * Injects the demo's faults: bearing wear on P-101 starting one wall minute after `now` (at DEMO_SPEED it fails
 * about 13 minutes after start, and its vibration is clearly abnormal from about minute 5), and a slower
 * clogged intake filter on C-301 starting three minutes after `now`. Times to failure are in process time, so at
 * another speed the wall-clock times scale by DEMO_SPEED / speed. Assets missing from the plant are skipped.
 */
export function demoScenario(sim: PlantSimulator, now: number): FaultState[] {
  const ids = new Set(sim.plant.assets.map((a) => a.id));
  const out: FaultState[] = [];
  if (ids.has('P-101')) {
    out.push(sim.injectFault('P-101', 'bearing_wear', { startAt: now + 60_000, timeToFailureMs: DEMO_BEARING_TTF_MS }));
  }
  if (ids.has('C-301')) {
    out.push(
      sim.injectFault('C-301', 'clogged_filter', { startAt: now + 180_000, timeToFailureMs: DEMO_FILTER_TTF_MS }),
    );
  }
  return out;
}
