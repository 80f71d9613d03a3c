import { QualityReason } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { INSTRUMENT_MODES, instrumentModeFor, isInstrumentMode, rankInstrumentModes } from './instrumentation';
import { DEFAULT_FAILURE_MODES } from './library';
import { rankFailureModes } from './rank';

describe('instrument failure modes', () => {
  it('apply to every asset type and need an instrument technician', () => {
    for (const fm of INSTRUMENT_MODES) {
      expect(fm.skill).toBe('instrumentation');
      expect(fm.assetTypes).toContain('centrifugal_pump');
      expect(fm.assetTypes).toContain('other');
      expect(DEFAULT_FAILURE_MODES).toContainEqual(fm);
    }
  });

  it('map every data-quality reason a sensor alert can carry to a mode of the library', () => {
    const ids = new Set(INSTRUMENT_MODES.map((m) => m.id));
    for (const [name, code] of Object.entries(QualityReason)) {
      if (code === QualityReason.NONE) continue;
      expect(ids.has(instrumentModeFor(code)), name).toBe(true);
    }
    expect(instrumentModeFor(QualityReason.FLATLINE)).toBe('instrument-signal-loss');
    expect(instrumentModeFor(QualityReason.DRIFT)).toBe('instrument-drift');
    expect(instrumentModeFor(QualityReason.UNIT_MISMATCH)).toBe('instrument-config-error');
  });

  it('ask for the 4–20 mA loop current where a transmitter is checked', () => {
    const loss = INSTRUMENT_MODES.find((m) => m.id === 'instrument-signal-loss')!;
    expect(loss.procedure.some((s) => s.expected?.unit === 'mA' && s.expected.min === 4 && s.expected.max === 20)).toBe(
      true,
    );
  });

  it('are never ranked from a machine’s deviations', () => {
    const ranked = rankFailureModes('centrifugal_pump', [], [], DEFAULT_FAILURE_MODES, 100);
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.some((r) => r.failureModeId.startsWith('instrument-'))).toBe(false);
  });

  it('rank for a sensor alert by the reasons they explain, the first reason first', () => {
    const ranked = rankInstrumentModes(
      [
        { code: QualityReason.FLATLINE, label: 'stuck (flatline)' },
        { code: QualityReason.DRIFT, label: 'drifting' },
      ],
      DEFAULT_FAILURE_MODES,
    );
    expect(ranked[0]!.failureModeId).toBe('instrument-signal-loss');
    expect(ranked[0]!.score).toBeCloseTo(2 / 3, 3);
    expect(ranked[0]!.matched).toEqual(['data-quality check: stuck (flatline)']);
    expect(ranked[1]!.failureModeId).toBe('instrument-drift');
    expect(ranked.every((r) => isInstrumentMode({ component: r.component }))).toBe(true);
  });
});
