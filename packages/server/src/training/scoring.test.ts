import type { SensorContribution } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { type ActionDef, MACHINE_ACTIONS, sensorAction } from './actions';
import { type ScenarioDef, scenarioDef } from './scenarios';
import { type ScoreInput, scoreAttempt, timePoints } from './scoring';

const A = 'TRAIN-P-101';
const id = (tag: string) => `${A}.${tag}`;
const c = (tag: string, name: string, share: number, value: number, low: number, high: number): SensorContribution => ({
  sensor: id(tag),
  name,
  unit: '',
  share,
  value,
  expected: (low + high) / 2,
  low,
  high,
});
/** What the detector says of a cavitating pump with a drifting bearing temperature sensor. */
const CONTRIBUTIONS = [
  c('PRESS-SUC', `${A} suction pressure`, 0.3, 0.6, 1.0, 1.3),
  c('TEMP-BRG', 'bearing temperature', 0.25, 68, 37, 43),
  c('VIB-DE', 'DE bearing vibration', 0.2, 4.1, 1.5, 2.6),
  c('PRESS-DIS', 'discharge pressure', 0.15, 3.1, 3.9, 4.3),
  c('FLOW', 'flow', 0.01, 80, 75, 85),
];
const SENSORS = [
  { id: id('PRESS-SUC'), kind: 'suction_pressure' as const },
  { id: id('TEMP-BRG'), kind: 'bearing_temperature' as const },
  { id: id('VIB-DE'), kind: 'vibration' as const },
  { id: id('PRESS-DIS'), kind: 'discharge_pressure' as const },
  { id: id('FLOW'), kind: 'flow' as const },
];

function input(def: ScenarioDef, submission: ScoreInput['submission'], minutes: number): ScoreInput {
  const offered: ActionDef[] = [
    ...(MACHINE_ACTIONS.centrifugal_pump ?? []),
    ...def.sensorActions.map((t) => sensorAction(t, t)),
  ];
  return {
    def,
    submission,
    minutes,
    contributions: CONTRIBUTIONS,
    sensors: SENSORS,
    actions: new Map(offered.map((a) => [a.id, a])),
    sensorId: id,
    downtimeCostPerHour: 4_000,
  };
}

const cavitation = scenarioDef('pump-crackling-noise')!;
const bearing = scenarioDef('pump-night-noise')!;

describe('training scoring', () => {
  it('time: full up to the target, linear to 0 at three times the target', () => {
    expect(timePoints(0, 12)).toBe(10);
    expect(timePoints(12, 12)).toBe(10);
    expect(timePoints(24, 12)).toBe(5);
    expect(timePoints(30, 12)).toBe(2.5);
    expect(timePoints(36, 12)).toBe(0);
    expect(timePoints(100, 12)).toBe(0);
  });

  it('gives 100 for the right mode, the lying sensor, the necessary actions in time, and explains why', () => {
    const s = scoreAttempt(
      input(
        cavitation,
        {
          failureModeId: 'pump-cavitation',
          faultySensors: [id('TEMP-BRG')],
          actions: ['pump-restore-npsh', 'sensor-TEMP-BRG'],
        },
        7,
      ),
    );
    expect(s.total).toBe(100);
    expect(s.diagnosis).toMatchObject({ points: 50, correct: true, correctFailureModeId: 'pump-cavitation' });
    expect(s.sensors).toEqual({ points: 15, max: 15, missed: [], wronglyFlagged: [] });
    expect(s.actions).toEqual({ points: 25, max: 25, missed: [], unnecessary: [] });
    expect(s.time).toEqual({ points: 10, max: 10, minutes: 7, targetMinutes: 12 });
    const text = s.feedback.join(' ');
    // the evidence, sensor by sensor, against the mode's symptoms; the lying sensor is left out of it
    expect(text).toContain('suction pressure down (30 % of the anomaly), as this mode does: suction pressure is low');
    expect(text).toContain('discharge pressure down');
    expect(s.feedback[0]).not.toContain('bearing temperature');
    expect(text).not.toContain(A); // names read as on the machine, without the sandbox id
    expect(text).toContain('Well spotted: bearing temperature had a sensor fault (drift)');
    expect(s.lessons.map((l) => l.id)).toEqual(
      expect.arrayContaining(['cavitation', 'sensor-trust', 'anomaly-scores', 'lockout-tagout']),
    );
    expect(s.lessons.every((l) => l.title.length > 0)).toBe(true);
  });

  it('scores nothing for a wrong mode, a trusted lying sensor, no actions and triple the time', () => {
    const s = scoreAttempt(
      input(cavitation, { failureModeId: 'pump-strainer-clogged', faultySensors: [id('PRESS-DIS')], actions: [] }, 36),
    );
    // diagnosis 0; sensors: 0 found of 1, −5 for PRESS-DIS → 0; actions: both necessary missed → 0; time 3× → 0
    expect(s.total).toBe(0);
    expect(s.sensors).toEqual({ points: 0, max: 15, missed: [id('TEMP-BRG')], wronglyFlagged: [id('PRESS-DIS')] });
    expect(s.actions.missed).toEqual(['pump-restore-npsh', 'sensor-TEMP-BRG']);
    const text = s.feedback.join(' ');
    expect(text).toContain('The failure was Cavitation (NPSH available too low), not Suction strainer clogged');
    expect(text).toContain('Suction strainer clogged would have shown');
    expect(text).toContain('You did not flag a lying sensor');
    expect(text).toContain('discharge pressure was telling the truth');
    expect(text).toContain('You took 36 min against a target of 12 min');
  });

  it('gives part marks for the right component and charges unnecessary actions with their cost', () => {
    const s = scoreAttempt(
      input(bearing, { failureModeId: 'pump-nde-bearing-wear', actions: ['pump-envelope', 'pump-replace-motor'] }, 20),
    );
    // diagnosis 20 (same component: rolling bearing); sensors 15 (none faulty, none flagged);
    // actions 25 − 12.5 (one of two necessary missed) − 5 (one unnecessary) = 7.5; time: 20 min of 10 → 5
    expect(s.diagnosis.points).toBe(20);
    expect(s.sensors.points).toBe(15);
    expect(s.actions).toMatchObject({
      points: 7.5,
      missed: ['pump-replace-de-bearing'],
      unnecessary: ['pump-replace-motor'],
    });
    expect(s.time.points).toBe(5);
    expect(s.total).toBe(47.5);
    const text = s.feedback.join(' ');
    expect(text).toContain('right component (rolling bearing)');
    expect(text).toContain(
      '“Replace the drive motor” would have cost 6 h of downtime (≈ €24,000 at €4,000/h), 6 h of work and €5,500 of parts',
    );
  });

  it('takes 5 points per sensor wrongly flagged beside the right one', () => {
    const s = scoreAttempt(
      input(
        cavitation,
        {
          failureModeId: 'pump-cavitation',
          faultySensors: [id('TEMP-BRG'), id('VIB-DE')],
          actions: ['pump-restore-npsh', 'sensor-TEMP-BRG'],
        },
        5,
      ),
    );
    expect(s.sensors.points).toBe(10);
    expect(s.total).toBe(95);
  });
});
