import { DEFAULT_FAILURE_MODES } from '@prognos/maintenance';
import { faultKindsFor, modelFor } from '@prognos/simulator';
import { describe, expect, it } from 'vitest';
import { MACHINE_ACTIONS, sensorActionId } from './actions';
import { LESSON_TITLES, publicScenario, SCENARIOS, TRAINING_SKILLS } from './scenarios';

const DEMO_TYPES = ['centrifugal_pump', 'induction_motor', 'air_compressor', 'gearbox', 'fan', 'cnc_spindle'];

describe('training scenario library', () => {
  it('has at least 14 scenarios with unique ids over all six demo asset types', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(14);
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    expect(new Set(SCENARIOS.map((s) => s.assetType))).toEqual(new Set(DEMO_TYPES));
    expect(new Set(SCENARIOS.map((s) => s.severity))).toEqual(new Set(['early', 'moderate', 'advanced']));
    expect(SCENARIOS.filter((s) => s.distractor).length).toBeGreaterThanOrEqual(4);
  });

  for (const s of SCENARIOS) {
    describe(s.id, () => {
      const mode = DEFAULT_FAILURE_MODES.find((m) => m.id === s.answer.failureModeId);
      const signals = modelFor(s.assetType).signals;

      it('has an answer that is a mode of the library for its asset type, for a fault the simulator injects', () => {
        expect(mode, s.answer.failureModeId).toBeDefined();
        expect(mode!.assetTypes).toContain(s.assetType);
        expect(faultKindsFor(s.assetType)).toContain(s.fault);
      });

      it('offers every necessary action and only sensors the machine has', () => {
        const machine = new Set((MACHINE_ACTIONS[s.assetType] ?? []).map((a) => a.id));
        const sensorActions = new Set(s.sensorActions.map(sensorActionId));
        expect(s.answer.necessaryActions.length).toBeGreaterThan(0);
        for (const id of s.answer.necessaryActions) expect(machine.has(id) || sensorActions.has(id), id).toBe(true);
        // unnecessary choices exist beside the right ones
        expect(machine.size + sensorActions.size - s.answer.necessaryActions.length).toBeGreaterThanOrEqual(4);
        for (const tag of s.sensorActions) expect(signals.map((x) => x.name)).toContain(tag);
      });

      it('puts the distractor on a sensor that is not a main symptom of the fault, and trains sensor faults', () => {
        if (!s.distractor) {
          expect(s.answer.faultySensors).toEqual([]);
          return;
        }
        const signal = signals.find((x) => x.name === s.distractor!.sensor);
        expect(signal).toBeDefined();
        const main = mode!.symptoms.filter((x) => x.weight >= 0.5).map((x) => x.kind);
        expect(main).not.toContain(signal!.kind);
        expect(s.answer.faultySensors).toEqual([s.distractor.sensor]);
        expect(s.answer.necessaryActions).toContain(sensorActionId(s.distractor.sensor));
        expect(s.skills).toContain('sensor faults');
      });

      it('shows no answer in what the trainee is given', () => {
        const shown = publicScenario(s);
        const text = JSON.stringify(shown);
        expect(text).not.toContain(s.answer.failureModeId);
        expect(text.toLowerCase()).not.toContain(mode!.name.toLowerCase());
        for (const d of shown.distractors) expect([d.sensor, d.fault]).toEqual(['hidden', 'hidden']);
        if (s.distractor) expect(publicScenario(s, true).distractors[0]!.sensor).toBe(s.distractor.sensor);
        expect(shown.skills.every((k) => TRAINING_SKILLS.includes(k))).toBe(true);
        for (const l of s.lessons) expect(LESSON_TITLES[l], l).toBeDefined();
      });
    });
  }
});
