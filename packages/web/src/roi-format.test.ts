import type { BusinessCaseInputs } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import {
  CLASS_FIELDS,
  cumulative,
  domainWithZero,
  fmtMoney,
  fmtTraced,
  fmtUnitValue,
  formToInputs,
  inputsForm,
  normalisePath,
  periodRange,
  reportUrl,
  roiFieldErrors,
  tornadoGeometry,
} from './roi-format';

const pump = {
  assetType: 'centrifugal_pump',
  assets: 4,
  failuresPerYear: 1.5,
  mttrUnplannedHours: 12,
  mttrPlannedHours: 4,
  downtimeCostPerHour: 2000,
  emergencyRepairCost: 8000,
  plannedRepairCost: 3000,
  pmTasksPerYear: 4,
  pmTaskCost: 300,
  pmReduction: 0.3,
  sparesInventoryValue: 20000,
  carryingRate: 0.2,
  sparesReduction: 0.1,
  scrapCostPerFailure: 500,
  energyCostPerYear: 1000,
  energySavingShare: 0.05,
  safetyIncidentsPerYear: 0.01,
  safetyIncidentCost: 50000,
};
const inputs: BusinessCaseInputs = {
  currency: 'EUR',
  classes: [pump, { ...pump, assetType: 'gearbox', assets: 2 }],
  implementation: {
    sensors: 10000,
    gateways: 2000,
    software: 5000,
    training: 1000,
    integration: 3000,
    annualRunning: 4000,
  },
  discountRate: 0.08,
  years: 5,
  falseAlarmCost: 400,
  falseAlarmsPerAssetYear: 0.5,
};

describe('roi figures', () => {
  it('formats money in whole units with the symbol, and unknown codes with the code', () => {
    expect(fmtMoney(1234567.4, 'EUR')).toBe('€1,234,567');
    expect(fmtMoney(-12000, 'USD')).toBe('-$12,000');
    expect(fmtMoney(-0.3, 'EUR')).toBe('€0');
    // Any well-formed code gets Intl's own reading; a malformed one falls back to the number and the code.
    expect(fmtMoney(1500, 'XYZ')).toMatch(/^XYZ\s1,500$/);
    expect(fmtMoney(1500, 'ZZ')).toBe('1,500 ZZ');
    expect(fmtMoney(undefined, 'EUR')).toBe('—');
    expect(fmtMoney(Number.NaN, 'EUR')).toBe('—');
  });

  it('reads each unit of a traced figure', () => {
    expect(fmtUnitValue(12000, 'EUR/yr')).toBe('€12,000/yr');
    expect(fmtUnitValue(0.125, 'fraction/yr')).toBe('12.5 %');
    expect(fmtUnitValue(0.8, 'fraction')).toBe('80 %');
    expect(fmtUnitValue(0.75, 'share')).toBe('75 %');
    expect(fmtUnitValue(2500, 'EUR/h')).toBe('€2,500/h');
    expect(fmtUnitValue(2.345, 'yr')).toBe('2.3 yr');
    expect(fmtUnitValue(36, 'h')).toBe('36 h');
    expect(fmtUnitValue(1.5, '1/yr')).toBe('1.5 /yr');
    expect(fmtUnitValue(3, 'count')).toBe('3');
    expect(fmtTraced({ value: -5000, unit: 'EUR', label: 'NPV', formula: '', inputs: [] })).toBe('-€5,000');
    expect(fmtTraced(undefined)).toBe('—');
  });
});

describe('roi inputs form', () => {
  it('round-trips the inputs through the form, leaving blank optional figures out', () => {
    const form = inputsForm(inputs);
    expect(form.general.detectionRate).toBe('');
    const back = formToInputs(form);
    expect(back.problems).toEqual({});
    expect(back.inputs).toEqual(inputs);
    expect(back.inputs && 'detectionRate' in back.inputs).toBe(false);
    form.general.detectionRate = ' 0.7 ';
    expect(formToInputs(form).inputs?.detectionRate).toBe(0.7);
  });

  it('names the fields that are not numbers, and leaves range checks to the server', () => {
    const form = inputsForm(inputs);
    form.classes[1]!.values.failuresPerYear = 'two';
    form.implementation.sensors = '';
    form.general.years = '5y';
    const r = formToInputs(form);
    expect(r.inputs).toBeUndefined();
    expect(r.problems).toEqual({
      'classes.1.failuresPerYear': 'Enter a number',
      'implementation.sensors': 'Enter a number',
      years: 'Enter a number',
    });
    form.classes[1]!.values.failuresPerYear = '-1';
    form.implementation.sensors = '0';
    form.general.years = '5';
    expect(formToInputs(form).inputs?.classes[1]?.failuresPerYear).toBe(-1);
    expect(CLASS_FIELDS.map((f) => f.key).sort()).toEqual(
      Object.keys(pump)
        .filter((k) => k !== 'assetType')
        .sort(),
    );
  });

  it('maps the server error paths onto the form fields whatever their shape', () => {
    const types = ['centrifugal_pump', 'gearbox'];
    expect(normalisePath('classes[1].failuresPerYear')).toBe('classes.1.failuresPerYear');
    expect(normalisePath('/classes/0/assets')).toBe('classes.0.assets');
    expect(normalisePath('body.discountRate')).toBe('discountRate');
    expect(normalisePath('classes.gearbox.assets', types)).toBe('classes.1.assets');
    const details = {
      problems: [
        { field: 'classes[0].failuresPerYear', message: 'must be ≥ 0' },
        { field: 'classes[0].failuresPerYear', message: 'second message ignored' },
        { field: 'implementation.sensors', message: 'must be ≥ 0' },
      ],
    };
    expect(roiFieldErrors(details, types)).toEqual({
      'classes.0.failuresPerYear': 'must be ≥ 0',
      'implementation.sensors': 'must be ≥ 0',
    });
    expect(roiFieldErrors({ errors: [{ instancePath: '/years', message: 'too big' }] })).toEqual({ years: 'too big' });
    expect(roiFieldErrors({ field: 'currency' })).toEqual({ currency: 'is not valid' });
    expect(roiFieldErrors(undefined)).toEqual({});
    expect(roiFieldErrors({ problems: [null, { message: 'no field' }] })).toEqual({});
  });
});

describe('roi periods and charts', () => {
  it('gives each period its bounds and the report its address', () => {
    const now = Date.UTC(2026, 11, 7, 12);
    expect(periodRange('30d', now)).toEqual({ from: now - 30 * 86_400_000, to: now });
    expect(periodRange('12m', now).from).toBe(now - 365 * 86_400_000);
    const ytd = periodRange('ytd', now);
    expect(new Date(ytd.from).getMonth()).toBe(0);
    expect(new Date(ytd.from).getDate()).toBe(1);
    expect(reportUrl('pdf', { from: 1.4, to: 20.6 })).toBe('/api/roi/report.pdf?from=1&to=21');
    expect(reportUrl('csv', { from: 1, to: 2 })).toBe('/api/roi/report.csv?from=1&to=2');
  });

  it('accumulates the cash flow and keeps zero in the axis', () => {
    expect(cumulative([-100, 30, 40, 50])).toEqual([-100, -70, -30, 20]);
    const [lo, hi] = domainWithZero([10, 20]);
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThan(20);
    expect(domainWithZero([])).toEqual([-1.08, 1.08]);
  });

  it('places each tornado bar around the expected NPV', () => {
    const g = tornadoGeometry(
      [
        { npvLow: 0, npvHigh: 200 },
        { npvLow: 150, npvHigh: 50 },
      ],
      100,
    );
    expect(g.base).toBeCloseTo(0.5);
    expect(g.rows[0]!.left).toBeLessThan(g.rows[1]!.left);
    expect(g.rows[0]!.left + g.rows[0]!.width).toBeGreaterThan(g.rows[1]!.left + g.rows[1]!.width);
    expect(g.rows[0]!.lowLeft).toBe(true);
    expect(g.rows[1]!.lowLeft).toBe(false);
    for (const r of g.rows) {
      expect(r.left).toBeGreaterThanOrEqual(0);
      expect(r.left + r.width).toBeLessThanOrEqual(1);
    }
  });
});
