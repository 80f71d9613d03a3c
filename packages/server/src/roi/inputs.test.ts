import { PrognosError } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { pumpClass, validInputs } from './fixtures.test-util';
import { inputsError, readBusinessCaseInputs } from './inputs';

const fields = (body: unknown) => readBusinessCaseInputs(body).problems.map((p) => `${p.field}: ${p.message}`);

describe('business-case inputs', () => {
  it('accepts valid inputs as they are, with an optional detection rate and lead time', () => {
    const ok = readBusinessCaseInputs(validInputs());
    expect(ok.problems).toEqual([]);
    expect(ok.value).toEqual(validInputs());
    const withDetection = readBusinessCaseInputs({ ...validInputs(), detectionRate: 0.7, leadTimeHours: 48 });
    expect(withDetection.value).toMatchObject({ detectionRate: 0.7, leadTimeHours: 48 });
    // null clears a figure back to measured / benchmark
    expect(readBusinessCaseInputs({ ...validInputs(), detectionRate: null }).value?.detectionRate).toBeUndefined();
  });

  it('names every bad field at once, by its path', () => {
    const body = {
      ...validInputs(),
      currency: '',
      discountRate: 1.5,
      years: 31,
      falseAlarmCost: -1,
      detectionRate: 2,
      classes: [pumpClass(), pumpClass({ assetType: 'gearbox', mttrPlannedHours: 30, mttrUnplannedHours: 24 })],
      implementation: { ...validInputs().implementation, sensors: Number.NaN },
    };
    expect(fields(body)).toEqual([
      'currency: must be a three-letter currency code, e.g. "EUR"',
      'classes[1].mttrPlannedHours: must be ≤ mttrUnplannedHours',
      'implementation.sensors: null is not a finite number',
      'discountRate: must be ≤ 1',
      'years: must be ≤ 30',
      'falseAlarmCost: must be ≥ 0',
      'detectionRate: must be ≤ 1',
    ]);
  });

  it('checks shares, whole numbers, missing fields, unknown fields and duplicate classes', () => {
    expect(fields({ ...validInputs(), years: 2.5 })).toEqual(['years: 2.5 is not a whole number']);
    expect(fields({ ...validInputs(), years: 0 })).toEqual(['years: must be ≥ 1']);
    expect(fields({ ...validInputs(), classes: [pumpClass({ pmReduction: 1.2, assets: 1.5 })] })).toEqual([
      'classes[0].assets: 1.5 is not a whole number',
      'classes[0].pmReduction: must be ≤ 1',
    ]);
    const { failuresPerYear: _, ...noFailures } = pumpClass();
    expect(fields({ ...validInputs(), classes: [noFailures] })).toEqual([
      'classes[0].failuresPerYear: missing is not a finite number',
    ]);
    expect(fields({ ...validInputs(), classes: [pumpClass(), pumpClass()] })).toEqual([
      'classes[1].assetType: "centrifugal_pump" is listed twice; one entry per type',
    ]);
    expect(fields({ ...validInputs(), classes: [] })).toEqual(['classes: must be a non-empty array of asset classes']);
    expect(fields({ ...validInputs(), discountRat: 0.1 })).toEqual(['discountRat: unknown field']);
    expect(fields({ ...validInputs(), classes: [{ ...pumpClass(), mttr: 3 }] })).toEqual([
      'classes[0].mttr: unknown field',
    ]);
    expect(fields({ ...validInputs(), failuresPerYear: '3' })).toEqual(['failuresPerYear: unknown field']);
    expect(fields({ ...validInputs(), falseAlarmCost: '3' })).toEqual(['falseAlarmCost: "3" is not a finite number']);
    expect(fields([])).toEqual(['(body): expected a JSON object']);
    expect(fields({ ...validInputs(), implementation: undefined })).toEqual([
      'implementation: expected an object with the adoption costs',
    ]);
  });

  it('answers with a coded 400 listing each field', () => {
    const problems = readBusinessCaseInputs({ ...validInputs(), years: 0, discountRate: -0.1 }).problems;
    const err = inputsError(problems);
    expect(err).toBeInstanceOf(PrognosError);
    expect(err.status).toBe(400);
    expect(err.code).toBe('ROI_INPUT_INVALID');
    expect(err.message).toContain('discountRate: must be ≥ 0; years: must be ≥ 1');
    expect(err.details).toMatchObject({ fields: ['discountRate', 'years'] });
  });
});
