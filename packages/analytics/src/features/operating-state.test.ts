import { describe, expect, it } from 'vitest';
import { PUMP_SENSORS } from '../testing/synthetic';
import { learnRunningRule, RunGate, runningIndicator } from './operating-state';

describe('operating state', () => {
  it('prefers a speed sensor as the running indicator, else current', () => {
    expect(runningIndicator(PUMP_SENSORS)?.kind).toBe('speed');
    expect(runningIndicator(PUMP_SENSORS.filter((s) => s.kind !== 'speed'))?.kind).toBe('current');
    expect(runningIndicator(PUMP_SENSORS.filter((s) => s.kind === 'vibration'))).toBeUndefined();
  });

  it('learns the running level from running values even when the data includes stops', () => {
    const values = [...Array(300).fill(0), ...Array.from({ length: 700 }, (_, i) => 1470 + (i % 20))];
    const speed = { id: 'S', min: 0, max: 1800 };
    const rule = learnRunningRule(speed, values)!;
    expect(rule.level).toBeGreaterThan(1470);
    expect(rule.threshold).toBeCloseTo(rule.level / 10, 9);
    expect(learnRunningRule(speed, [])).toBeUndefined();
  });

  it('treats an indicator that never rose above its noise floor as always stopped', () => {
    const rule = learnRunningRule({ id: 'S', min: 0, max: 1800 }, [0.5, 1.2, 0.1, 2, 0.7])!;
    expect(rule.threshold).toBeCloseTo(36, 9); // 2 % of full scale
    expect(rule.level).toBe(0);
  });

  it('classifies windows as stopped, starting (after a stop) and running', () => {
    const rule = { sensor: 'S', level: 1000, threshold: 100 };
    const gate = new RunGate(rule, 0, 2);
    const seq = [1000, 1000, 0, 5, 900, 1000, 1000, 1000].map((v) => gate.next([v]));
    expect(seq).toEqual(['running', 'running', 'stopped', 'stopped', 'starting', 'starting', 'running', 'running']);
    const always = new RunGate(undefined, -1, 2);
    expect(always.next([0])).toBe('running');
  });
});
