import { describe, expect, it } from 'vitest';
import { lag, lineCurrent } from './models/physics';
import { ambientBaseAt, demandAt, ouStep } from './schedule';
import { collect, demoSim, MONDAY, mean, pearson, std } from './test-helpers';

const HOUR = 3_600_000;

describe('physics building blocks', () => {
  it('solves the first-order lag exactly, so step size does not matter', () => {
    expect(lag(80, 20, 600, 600)).toBeCloseTo(20 + 60 / Math.E, 10);
    let x = 80;
    for (let i = 0; i < 3600; i++) x = lag(x, 20, 1, 900);
    expect(x).toBeCloseTo(lag(80, 20, 3600, 900), 9);
  });

  it('keeps the Ornstein–Uhlenbeck variance independent of the step', () => {
    // Stationary standard deviation is sigma, whatever dt.
    let a = 0;
    let b = 0;
    const za = [];
    const zb = [];
    let s = 12345;
    const normal = () => {
      // Small deterministic LCG + Box–Muller, independent of the simulator's streams.
      s = (s * 1103515245 + 12345) % 2147483648;
      const u = (s + 1) / 2147483649;
      s = (s * 1103515245 + 12345) % 2147483648;
      const v = s / 2147483648;
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    };
    for (let i = 0; i < 20_000; i++) {
      a = ouStep(a, 60, 3600, 0.1, normal());
      b = ouStep(b, 3600, 3600, 0.1, normal());
      za.push(a);
      zb.push(b);
    }
    expect(std(za)).toBeCloseTo(0.1, 1);
    expect(std(zb)).toBeCloseTo(0.1, 1);
  });

  it('computes three-phase current from power and magnetising current', () => {
    // 69.3 kW at 400 V → 100 A active; with 75 A magnetising the line current is 125 A.
    expect(lineCurrent((Math.sqrt(3) * 400 * 100) / 1000, 400, 75)).toBeCloseTo(125, 6);
  });

  it('follows three shifts on weekdays, less at weekends, and a warm afternoon', () => {
    const at = (day: number, h: number) => demandAt(MONDAY + day * 24 * HOUR + h * HOUR);
    expect(at(0, 10)).toBe(0.9);
    expect(at(0, 18)).toBe(0.8);
    expect(at(0, 3)).toBe(0.5);
    expect(at(5, 10)).toBeLessThan(at(0, 10)); // Saturday
    expect(at(6, 10)).toBeLessThan(at(5, 10)); // Sunday
    // Half an hour ramp after 06:00.
    expect(at(0, 6.25)).toBeCloseTo(0.7, 6);
    expect(ambientBaseAt(MONDAY + 15 * HOUR)).toBeCloseTo(24, 6);
    expect(ambientBaseAt(MONDAY + 3 * HOUR)).toBeCloseTo(16, 6);
  });
});

describe('coupled signals over an accelerated day', () => {
  // 4 wall minutes at 360× = one process day (Monday), sampled every wall second.
  const sim = demoSim({ speed: 360, randomStops: false });
  const s = collect(sim, MONDAY, MONDAY + 4 * 60_000, 1000);
  const get = (id: string) => s.get(id)!;

  it('pump: current and discharge pressure follow flow', () => {
    expect(pearson(get('P-101.CURRENT'), get('P-101.FLOW'))).toBeGreaterThan(0.95);
    expect(pearson(get('P-101.PRESS-DIS'), get('P-101.FLOW'))).toBeGreaterThan(0.9);
    // Suction pressure falls as flow rises (line losses ∝ Q²).
    expect(pearson(get('P-101.PRESS-SUC'), get('P-101.FLOW'))).toBeLessThan(-0.5);
    // Discharge always exceeds suction by the pump head (≥ the 15 m static head ≈ 1.47 bar).
    const dis = get('P-101.PRESS-DIS');
    const suc = get('P-101.PRESS-SUC');
    expect(Math.min(...dis.map((d, i) => d - suc[i]!))).toBeGreaterThan(1.4);
  });

  it('pump: flow is higher on the morning shift than at night', () => {
    const flow = get('P-101.FLOW');
    // Sample i is process time i × 6 min: night 00–05 h is i < 50, morning 08–13 h is 80 ≤ i < 130.
    expect(mean(flow.slice(80, 130))).toBeGreaterThan(mean(flow.slice(0, 50)) + 10);
  });

  it('motor: power and current follow load; winding temperature follows current', () => {
    expect(pearson(get('M-201.POWER'), get('M-201.CURRENT'))).toBeGreaterThan(0.95);
    expect(pearson(get('M-201.TEMP-WDG'), get('M-201.CURRENT'))).toBeGreaterThan(0.7);
    // Slip: speed falls as torque (power) rises.
    expect(pearson(get('M-201.SPEED'), get('M-201.POWER'))).toBeLessThan(-0.7);
  });

  it('compressor: current follows delivered air; fan: filter ΔP grows with flow²', () => {
    expect(pearson(get('C-301.CURRENT'), get('C-301.FLOW'))).toBeGreaterThan(0.9);
    const dp = get('F-501.DP-FILTER');
    const q = get('F-501.FLOW');
    const k = dp.map((x, i) => x / (q[i]! / 1000) ** 2);
    expect(std(k) / mean(k)).toBeLessThan(0.05);
    expect(pearson(get('F-501.CURRENT'), get('F-501.SPEED'))).toBeGreaterThan(0.9);
  });

  it('gearbox: output speed and current follow the conveyor load; bearings run above the oil', () => {
    expect(pearson(get('G-401.CURRENT'), get('G-401.SPEED'))).toBeGreaterThan(0.8);
    const oil = get('G-401.TEMP-OIL');
    expect(Math.min(...get('G-401.TEMP-BRG').map((b, i) => b - oil[i]!))).toBeGreaterThan(0);
  });

  it('spindle: runs programmed speeds in 250 rpm steps; power follows current', () => {
    const speeds = new Set(get('S-601.SPEED').map((v) => Math.round(v / 250)));
    expect(speeds.size).toBeGreaterThan(4);
    expect(pearson(get('S-601.POWER'), get('S-601.CURRENT'))).toBeGreaterThan(0.95);
  });
});
