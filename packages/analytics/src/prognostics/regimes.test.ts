import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';
import { RegimeNormaliser } from './regimes';

describe('RegimeNormaliser', () => {
  it('finds two operating regimes and z-scores each sensor within its regime', () => {
    const rand = seededRandom(3);
    const settings: number[][] = [];
    const sensors: number[][] = [];
    for (let i = 0; i < 400; i++) {
      const high = i % 2 === 0;
      // Two flight conditions with a little jitter; sensor 0 sits at 100 or 500 by condition, sensor 1 is fixed.
      settings.push([high ? 35 + 0.001 * rand() : 0.001 * rand(), high ? 0.84 : 0.0, 100]);
      sensors.push([(high ? 500 : 100) + (high ? 4 : 1) * (rand() - 0.5), 7]);
    }
    const n = RegimeNormaliser.fit(settings, sensors);
    expect(n.regimeCount).toBe(2);
    expect(n.sensorIndices).toEqual([0]);
    const zs = sensors.map((s, i) => n.normalise(settings[i]!, s)[0]!);
    // Per regime: mean 0, std 1 — which one global z-score could not give.
    for (const parity of [0, 1]) {
      const z = zs.filter((_, i) => i % 2 === parity);
      const m = z.reduce((a, b) => a + b, 0) / z.length;
      const sd = Math.sqrt(z.reduce((a, b) => a + (b - m) ** 2, 0) / z.length);
      expect(m).toBeCloseTo(0, 9);
      expect(sd).toBeCloseTo(1, 9);
    }
    const back = RegimeNormaliser.fromJSON(JSON.stringify(n.toJSON()));
    expect(back.normalise(settings[5]!, sensors[5]!)).toEqual(n.normalise(settings[5]!, sensors[5]!));
  });

  it('keeps one regime when the settings only jitter around one condition', () => {
    const rand = seededRandom(5);
    const settings = Array.from({ length: 300 }, () => [0.002 * (rand() - 0.5), 0.0005 * (rand() - 0.5), 100]);
    const sensors = settings.map(() => [640 + rand(), 1]);
    expect(RegimeNormaliser.fit(settings, sensors).regimeCount).toBe(1);
  });

  it('separates the six C-MAPSS FD002/FD004 flight conditions, including the two close ones', () => {
    const rand = seededRandom(8);
    // (altitude kft, Mach, throttle angle) set points flown in FD002/FD004.
    const conditions = [
      [0, 0, 100],
      [10, 0.25, 100],
      [20, 0.7, 100],
      [25, 0.62, 60],
      [35, 0.84, 100],
      [42, 0.84, 100],
    ];
    const settings = Array.from({ length: 6000 }, (_, i) => {
      const c = conditions[i % 6]!;
      return [c[0]! + 0.005 * (rand() - 0.5), c[1]! + 0.0005 * (rand() - 0.5), c[2]!];
    });
    const n = RegimeNormaliser.fit(
      settings,
      settings.map((s) => [10 * s[0]! + rand()]),
    );
    expect(n.regimeCount).toBe(6);
    const ids = conditions.map((c) => n.regimeOf(c));
    expect(new Set(ids).size).toBe(6);
  });
});
