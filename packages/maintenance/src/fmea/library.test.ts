import type { AssetType } from '@prognos/core';
import { faultKindsFor } from '@prognos/simulator';
import { describe, expect, it } from 'vitest';
import { ISO_14224_FAILURE_MODES } from './iso14224';
import { DEFAULT_FAILURE_MODES } from './library';
import { DEFAULT_SPARE_PARTS } from './spare-parts';
import { validateFailureMode } from './validate';

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

/** Words of a step that has hands on the machine: it must come after a lockout. */
const HANDS_ON =
  /\b(remove|replace|exchange|pull|open|uncouple|disconnect|dismantle|drain|fit|refill|fill|top up|clean|realign|laser-align|balance|torque|turn the driven|set the cartridge)\b/i;

describe('DEFAULT_FAILURE_MODES', () => {
  it('passes validation, mode by mode', () => {
    for (const fm of DEFAULT_FAILURE_MODES) {
      const r = validateFailureMode(fm);
      expect(r.ok ? [] : r.errors, fm.id).toEqual([]);
      if (r.ok) expect(r.value).toEqual(fm);
    }
  });

  it('has unique ids and RPN = S × O × D', () => {
    const ids = DEFAULT_FAILURE_MODES.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of DEFAULT_FAILURE_MODES) expect(m.rpn, m.id).toBe(m.severity * m.occurrence * m.detectability);
  });

  it('covers every asset type, with several modes each', () => {
    for (const type of ASSET_TYPES) {
      const modes = DEFAULT_FAILURE_MODES.filter((m) => m.assetTypes.includes(type));
      expect(modes.length, type).toBeGreaterThanOrEqual(type === 'other' ? 3 : 5);
      // The simulator can inject these faults into this type: the library must have somewhere for them to land.
      expect(faultKindsFor(type).length).toBeGreaterThan(0);
    }
  });

  it('names only parts of DEFAULT_SPARE_PARTS, whose ids are unique', () => {
    const parts = new Set(DEFAULT_SPARE_PARTS.map((p) => p.id));
    expect(parts.size).toBe(DEFAULT_SPARE_PARTS.length);
    for (const m of DEFAULT_FAILURE_MODES) for (const p of m.parts) expect(parts.has(p), `${m.id}: ${p}`).toBe(true);
    for (const p of DEFAULT_SPARE_PARTS) {
      expect(p.stock).toBeGreaterThanOrEqual(0);
      expect(p.leadTimeDays).toBeGreaterThan(0);
      expect(p.unitCost).toBeGreaterThan(0);
    }
  });

  it('uses ISO 14224 codes and Table B.2 mechanisms', () => {
    for (const m of DEFAULT_FAILURE_MODES) {
      expect(m.iso14224 === '' || m.iso14224 in ISO_14224_FAILURE_MODES, m.id).toBe(true);
      expect(m.mechanism, m.id).toMatch(/^[1-6]\.\d /);
    }
    // Wear is a material failure (2.4), not 1.4 (deformation).
    const wear = DEFAULT_FAILURE_MODES.filter((m) => m.mechanism.endsWith(' Wear'));
    expect(wear.length).toBeGreaterThan(0);
    for (const m of wear) expect(m.mechanism).toBe('2.4 Wear');
  });

  it('starts every procedure with a safety step and locks the machine out before any hands-on step', () => {
    for (const m of DEFAULT_FAILURE_MODES) {
      expect(m.procedure.length, m.id).toBeGreaterThan(0);
      expect(m.procedure[0]!.safety, `${m.id} first step`).toBe(true);
      let locked = false;
      for (const step of m.procedure) {
        if (step.safety && /\block\b/i.test(step.text) && !/remove your lock/i.test(step.text)) locked = true;
        if (step.safety && /remove your lock/i.test(step.text)) locked = false;
        if (
          !step.safety &&
          HANDS_ON.test(step.text) &&
          !/measure|record|check|take|run|walk/i.test(step.text.slice(0, 12))
        )
          expect(locked, `${m.id}: "${step.text}"`).toBe(true);
      }
    }
  });

  it('gives readings to take with a unit and a limit', () => {
    const readings = DEFAULT_FAILURE_MODES.flatMap((m) => m.procedure.flatMap((s) => (s.expected ? [s.expected] : [])));
    expect(readings.length).toBeGreaterThan(20);
    for (const r of readings.filter((x) => x.quantity.includes('vibration velocity')))
      expect(r.max === undefined || r.max <= 2.8).toBe(true);
  });
});
