import { describe, expect, it } from 'vitest';
import { DEFAULT_FAILURE_MODES } from './library';
import { validateFailureMode } from './validate';

const GOOD = DEFAULT_FAILURE_MODES.find((m) => m.id === 'pump-cavitation')!;
const errorsOf = (x: unknown) => {
  const r = validateFailureMode(x);
  return r.ok ? [] : r.errors;
};

describe('validateFailureMode', () => {
  it('accepts a good mode, computes a missing RPN and drops unknown fields', () => {
    const { rpn: _, ...noRpn } = GOOD;
    const r = validateFailureMode({ ...noRpn, extra: 'x', name: '  Cavitation  ' });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.rpn).toBe(GOOD.severity * GOOD.occurrence * GOOD.detectability);
      expect(r.value.name).toBe('Cavitation');
      expect('extra' in r.value).toBe(false);
    }
  });

  it('names the field of each error', () => {
    const symptoms = [...GOOD.symptoms];
    symptoms[2] = { ...symptoms[2]!, direction: 'sideways' as 'up' };
    symptoms[0] = { ...symptoms[0]!, kind: 'smell' as 'vibration', weight: 2 };
    const procedure = [{ text: 'x', expected: { quantity: 'q', unit: 'mm', min: 3, max: 1 } }, { text: '' }];
    expect(
      errorsOf({ ...GOOD, symptoms, procedure, severity: 11, rpn: 5, iso14224: 'XYZ', mechanism: 'Wear' }),
    ).toEqual([
      "iso14224 must be an ISO 14224 failure-mode code (AIR, BRD, ELP, ELU, ERO, FTS, HIO, INL, LOO, NOI, OHE, PDE, PLU, SER, STD, STP, UST, VIB, OTH, UNK) or ''",
      "mechanism must start with an ISO 14224 Table B.2 number, e.g. '2.4 Wear' or '1.3 Clearance/alignment failure'",
      expect.stringMatching(/^symptoms\[0\]\.kind must be a sensor kind \(vibration, /),
      'symptoms[0].weight must be a number above 0 and at most 1',
      "symptoms[2].direction must be 'up' or 'down'",
      'severity must be a whole number from 1 to 10',
      'rpn must equal severity × occurrence × detectability (176)',
      'procedure[0].expected.min must not exceed procedure[0].expected.max',
      'procedure[1].text must be a non-empty string',
    ]);
  });

  it('reports missing fields and wrong types', () => {
    expect(errorsOf(null)).toEqual(['failure mode must be an object']);
    const errors = errorsOf({ id: 'Bad Id', assetTypes: [], symptoms: [], parts: 'bearing' });
    expect(errors).toContain(
      'id must use lower-case letters, digits, dots, dashes or underscores (e.g. pump-bearing-wear)',
    );
    expect(errors).toContain('assetTypes must have at least 1 entry');
    expect(errors).toContain('symptoms must have at least 1 entry');
    expect(errors).toContain('parts must be a list of strings');
    expect(errors).toContain('repairHours must be a number of hours, 0 or more');
    expect(errors).toContain('occurrence must be a whole number from 1 to 10');
    expect(errors).toContain('name must be a non-empty string');
  });
});
