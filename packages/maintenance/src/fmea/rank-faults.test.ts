import type { AssetType, Sensor, SensorContribution } from '@prognos/core';
import { type FaultKind, faultKindsFor, modelFor } from '@prognos/simulator';
import { describe, expect, it } from 'vitest';
import { rankFailureModes } from './rank';

/** Every asset type (a Record so that a new AssetType fails the type check until it is added here). */
const ASSET_TYPES = Object.keys({
  centrifugal_pump: 1,
  induction_motor: 1,
  air_compressor: 1,
  gearbox: 1,
  conveyor: 1,
  fan: 1,
  cnc_spindle: 1,
  other: 1,
} satisfies Record<AssetType, 1>) as AssetType[];

/** The sensors the simulator puts on an asset of this type (tags `A.<name>`, as in the demo plant). */
function sensorsOf(type: AssetType): Sensor[] {
  return modelFor(type).signals.map((s) => ({
    id: `A.${s.name}`,
    assetId: 'A',
    ...(s.component ? { componentId: `A.${s.component}` } : {}),
    name: s.label,
    kind: s.kind,
    unit: s.unit,
    min: s.min,
    max: s.max,
    sampleRateHz: 1,
  }));
}

/** A contribution: share of the anomaly and where the value sits ('up' above the band, 'down' below, 'in' inside). */
type Dev = [tag: string, share: number, where: 'up' | 'down' | 'in'];

function contributions(sensors: readonly Sensor[], devs: readonly Dev[]): SensorContribution[] {
  return devs.map(([tag, share, where]) => {
    const s = sensors.find((x) => x.id === `A.${tag}`);
    if (!s) throw new Error(`no sensor ${tag}`);
    const expected = 10;
    const value = where === 'up' ? 14 : where === 'down' ? 6 : 10.5;
    return { sensor: s.id, name: s.name, unit: s.unit, share, value, expected, low: 9, high: 11 };
  });
}

const BEARING_BOTH_ENDS: Dev[] = [
  ['VIB-DE', 0.6, 'up'],
  ['TEMP-BRG', 0.25, 'up'],
  ['VIB-NDE', 0.07, 'up'],
  ['CURRENT', 0.05, 'up'],
];
const MISALIGN_BOTH_ENDS: Dev[] = [
  ['VIB-DE', 0.33, 'up'],
  ['VIB-NDE', 0.37, 'up'],
  ['TEMP-BRG', 0.2, 'up'],
  ['CURRENT', 0.06, 'up'],
];
const MOTOR: Partial<Record<FaultKind, [string, Dev[]]>> = {
  bearing_wear: ['motor-bearing-wear', [...BEARING_BOTH_ENDS, ['POWER', 0.03, 'in']]],
  misalignment: ['motor-misalignment', [...MISALIGN_BOTH_ENDS, ['POWER', 0.04, 'in']]],
  overheating: [
    'motor-cooling-failure',
    [
      ['TEMP-WDG', 0.75, 'up'],
      ['TEMP-BRG', 0.15, 'up'],
      ['SPEED', 0.06, 'down'],
      ['CURRENT', 0.04, 'in'],
    ],
  ],
};
const GEARBOX: Partial<Record<FaultKind, [string, Dev[]]>> = {
  bearing_wear: [
    'gearbox-bearing-wear',
    [
      ['VIB-IN', 0.45, 'up'],
      ['TEMP-BRG', 0.3, 'up'],
      ['TEMP-OIL', 0.15, 'up'],
      ['VIB-OUT', 0.05, 'up'],
      ['CURRENT', 0.05, 'in'],
    ],
  ],
  misalignment: [
    'gearbox-misalignment',
    [
      ['VIB-IN', 0.28, 'up'],
      ['VIB-OUT', 0.32, 'up'],
      ['TEMP-BRG', 0.22, 'up'],
      ['TEMP-OIL', 0.13, 'up'],
      ['CURRENT', 0.05, 'in'],
    ],
  ],
};

/**
 * Hand-written contribution sets typical of each simulator fault (which sensors move, which way, roughly how much of
 * the anomaly each carries), and the mode that must rank first.
 */
const CASES: Record<AssetType, Partial<Record<FaultKind, [string, Dev[]]>>> = {
  centrifugal_pump: {
    bearing_wear: [
      'pump-bearing-wear',
      [
        ['VIB-DE', 0.62, 'up'],
        ['TEMP-BRG', 0.22, 'up'],
        ['VIB-NDE', 0.08, 'up'],
        ['CURRENT', 0.04, 'up'],
        ['FLOW', 0.04, 'in'],
      ],
    ],
    misalignment: ['pump-misalignment', [...MISALIGN_BOTH_ENDS, ['FLOW', 0.04, 'in']]],
    cavitation: [
      'pump-cavitation',
      [
        ['PRESS-DIS', 0.4, 'down'],
        ['CURRENT', 0.2, 'down'],
        ['PRESS-SUC', 0.15, 'down'],
        ['FLOW', 0.12, 'down'],
        ['VIB-DE', 0.09, 'up'],
        ['VIB-NDE', 0.04, 'up'],
      ],
    ],
    clogged_filter: [
      'pump-strainer-clogged',
      [
        ['PRESS-SUC', 0.7, 'down'],
        ['FLOW', 0.12, 'down'],
        ['PRESS-DIS', 0.1, 'down'],
        ['CURRENT', 0.05, 'down'],
        ['VIB-DE', 0.03, 'in'],
      ],
    ],
  },
  induction_motor: MOTOR,
  other: {
    bearing_wear: ['other-bearing-wear', MOTOR.bearing_wear![1]],
    misalignment: ['other-misalignment', MOTOR.misalignment![1]],
    overheating: ['other-motor-overheating', MOTOR.overheating![1]],
  },
  air_compressor: {
    bearing_wear: [
      'compressor-airend-bearing-wear',
      [
        ['VIB', 0.8, 'up'],
        ['CURRENT', 0.12, 'up'],
        ['TEMP-WDG', 0.05, 'up'],
        ['FLOW', 0.03, 'in'],
      ],
    ],
    misalignment: [
      'compressor-misalignment',
      [
        ['VIB', 0.76, 'up'],
        ['CURRENT', 0.12, 'up'],
        ['TEMP-WDG', 0.06, 'up'],
        ['FLOW', 0.06, 'in'],
      ],
    ],
    clogged_filter: [
      'compressor-intake-filter-clogged',
      [
        ['DP-FILTER', 0.7, 'up'],
        ['CURRENT', 0.14, 'up'],
        ['TEMP-DIS', 0.08, 'up'],
        ['TEMP-WDG', 0.05, 'up'],
        ['VIB', 0.03, 'in'],
      ],
    ],
    overheating: [
      'compressor-motor-overheating',
      [
        ['TEMP-WDG', 0.88, 'up'],
        ['CURRENT', 0.06, 'in'],
        ['TEMP-DIS', 0.06, 'in'],
      ],
    ],
  },
  gearbox: GEARBOX,
  conveyor: GEARBOX,
  fan: {
    bearing_wear: [
      'fan-bearing-wear',
      [...BEARING_BOTH_ENDS.slice(0, 3), ['CURRENT', 0.04, 'in'], ['FLOW', 0.04, 'in']],
    ],
    misalignment: ['fan-misalignment', [...MISALIGN_BOTH_ENDS, ['FLOW', 0.04, 'in']]],
    clogged_filter: [
      'fan-filter-clogged',
      [
        ['DP-FILTER', 0.55, 'up'],
        ['FLOW', 0.35, 'down'],
        ['CURRENT', 0.08, 'down'],
        ['VIB-DE', 0.02, 'in'],
      ],
    ],
  },
  cnc_spindle: {
    bearing_wear: [
      'spindle-bearing-wear',
      [
        ['VIB', 0.6, 'up'],
        ['TEMP-BRG', 0.28, 'up'],
        ['POWER', 0.06, 'up'],
        ['CURRENT', 0.04, 'up'],
        ['TEMP-WDG', 0.02, 'in'],
      ],
    ],
    overheating: [
      'spindle-cooling-failure',
      [
        ['TEMP-WDG', 0.55, 'up'],
        ['TEMP-BRG', 0.4, 'up'],
        ['CURRENT', 0.05, 'in'],
      ],
    ],
  },
};

/**
 * One overall vibration sensor cannot tell misalignment from bearing wear on the compressor: both raise the airend
 * RMS and a little current. There the right mode must tie for first (a spectrum separates them; the RPN breaks the
 * tie in favour of bearing wear).
 */
const SAME_SIGNATURE = new Set(['air_compressor/bearing_wear', 'air_compressor/misalignment']);

describe('rankFailureModes on the simulator faults', () => {
  for (const type of ASSET_TYPES) {
    const sensors = sensorsOf(type);
    it(`${type}: has a case for every fault the simulator injects`, () => {
      expect(Object.keys(CASES[type]).sort()).toEqual([...faultKindsFor(type)].sort());
    });
    for (const [fault, [modeId, devs]] of Object.entries(CASES[type])) {
      it(`${type}: ${fault} ranks ${modeId} first`, () => {
        const ranked = rankFailureModes(type, contributions(sensors, devs), sensors);
        expect(ranked.length).toBeGreaterThan(1);
        const mine = ranked.find((r) => r.failureModeId === modeId);
        expect(mine, `${modeId} in ${JSON.stringify(ranked.map((r) => [r.failureModeId, r.score]))}`).toBeDefined();
        expect(mine!.score).toBeGreaterThan(0.5);
        if (SAME_SIGNATURE.has(`${type}/${fault}`)) expect(mine!.score).toBe(ranked[0]!.score);
        else {
          expect(ranked[0]!.failureModeId).toBe(modeId);
          expect(ranked[0]!.score - ranked[1]!.score).toBeGreaterThan(0.05);
        }
      });
    }
  }
});

/**
 * The simulator's own physics at steady state (load 0.7, 20 °C): each fault at severity 0.6 against the healthy
 * machine at the same operating point, with a normal band of ±3σ and shares ∝ z², as analytics' detectors give.
 */
function simulatedContributions(type: AssetType, fault: FaultKind, sensors: readonly Sensor[]): SensorContribution[] {
  const model = modelFor(type);
  const levels = { bearing_wear: 0, misalignment: 0, cavitation: 0, clogged_filter: 0, overheating: 0 };
  const run = (f: typeof levels, load: number) => {
    const physics = model.create();
    const out = new Float64Array(model.signals.length);
    const env = { dtS: 1e5, procMs: 0, ambient: 20, load, running: true, f, z: new Float64Array(3), u: () => 0.5 };
    for (let i = 0; i < 5; i++) physics.step(env, out);
    return out;
  };
  const base = run(levels, 0.7);
  const faulty = run({ ...levels, [fault]: 0.6 }, 0.7);
  // A detector that models the operating point (as the autoencoder does) leaves the transmitter noise plus a model
  // error, here 2 % of the value.
  const sigmas = model.signals.map((s, i) => s.noiseAbs + (s.noiseRel + 0.02) * Math.abs(base[i]!));
  const z = model.signals.map((_, i) => (faulty[i]! - base[i]!) / sigmas[i]!);
  const total = z.reduce((a, x) => a + x * x, 0);
  return model.signals.map((s, i) => {
    const sigma = sigmas[i]!;
    const sensor = sensors.find((x) => x.id === `A.${s.name}`)!;
    return {
      sensor: sensor.id,
      name: sensor.name,
      unit: s.unit,
      share: (z[i]! * z[i]!) / total,
      value: faulty[i]!,
      expected: base[i]!,
      low: base[i]! - 3 * sigma,
      high: base[i]! + 3 * sigma,
    };
  });
}

describe('rankFailureModes on the simulator physics', () => {
  for (const type of ASSET_TYPES) {
    const sensors = sensorsOf(type);
    for (const fault of faultKindsFor(type)) {
      const modeId = CASES[type][fault]![0];
      it(`${type}: simulated ${fault} ranks ${modeId} first`, () => {
        const cs = simulatedContributions(type, fault, sensors);
        if (process.env.DBG)
          console.log(
            type,
            fault,
            cs
              .map((c) => `${c.sensor}:${c.share.toFixed(3)}${c.value > c.high ? '+' : c.value < c.low ? '-' : '='}`)
              .join(' '),
          );
        const ranked = rankFailureModes(type, cs, sensors);
        const mine = ranked.find((r) => r.failureModeId === modeId)!;
        if (SAME_SIGNATURE.has(`${type}/${fault}`)) expect(mine.score).toBe(ranked[0]!.score);
        else
          expect(
            ranked.map((r) => r.failureModeId)[0],
            JSON.stringify(ranked.map((r) => [r.failureModeId, r.score])),
          ).toBe(modeId);
      });
    }
  }
});
