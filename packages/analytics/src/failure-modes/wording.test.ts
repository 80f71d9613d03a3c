import { describe, expect, it } from 'vitest';
import type { FeatureDef } from './features';
import { checkText, conditionsText, unmetText } from './wording';

const dt: FeatureDef = {
  key: 'dt',
  label: 'temperature difference',
  unit: 'K',
  kind: 'temperature-difference',
  columns: ['process', 'air'],
};
const wt: FeatureDef = {
  key: 'wt',
  label: 'wear × torque',
  unit: 'min·Nm',
  kind: 'wear-torque',
  columns: ['wear', 'torque'],
};
const type: FeatureDef = {
  key: 'type',
  label: 'type',
  unit: '',
  kind: 'category',
  columns: ['Type'],
  categories: ['H', 'L', 'M'],
};
const defs = [dt, wt, type];

describe('wording', () => {
  it('states ranges, bands and product types', () => {
    expect(
      conditionsText(
        [
          { feature: 'wt', kind: 'range', min: 11010 },
          { feature: 'type', kind: 'in', values: ['L'] },
        ],
        defs,
      ),
    ).toBe('wear × torque ≥ 11,010 min·Nm for type L');
    expect(conditionsText([{ feature: 'dt', kind: 'range', min: 8.6, max: 9.25 }], defs)).toBe(
      'temperature difference 8.6–9.25 K',
    );
    expect(conditionsText([{ feature: 'type', kind: 'in', values: ['L', 'M'] }], defs)).toBe('type L or M');
  });

  it('checks a condition against a row with the row’s own numbers', () => {
    const row = { process: 308.7, air: 298.2, wear: 210, torque: 55.2, Type: 'M' };
    expect(checkText({ feature: 'dt', kind: 'range', max: 8.6 }, dt, row, false)).toBe(
      'temperature difference = 308.7 K − 298.2 K = 10.5 K, at or above 8.6 K',
    );
    expect(checkText({ feature: 'wt', kind: 'outside', min: 5000, max: 11000 }, wt, row, true)).toBe(
      'wear × torque = 210 min × 55.2 Nm = 11,592 min·Nm, outside 5,000–11,000 min·Nm',
    );
    expect(checkText({ feature: 'type', kind: 'in', values: ['L'] }, type, row, false)).toBe('type = M, not L');
  });

  it('shows every digit when rounding would hide the side of the threshold', () => {
    // 309.4 − 300.8 = 8.59999999999997 in floating point: below 8.6, as the data's labels have it.
    const row = { process: 309.4, air: 300.8 };
    expect(checkText({ feature: 'dt', kind: 'range', max: 8.6 }, dt, row, true)).toMatch(
      /= 8\.59999999999\d* K, below 8\.6 K$/,
    );
    expect(checkText({ feature: 'dt', kind: 'range', max: 9 }, dt, row, true)).toBe(
      'temperature difference = 309.4 K − 300.8 K = 8.6 K, below 9 K',
    );
  });

  it('names a value once and only the nearest of several limits it stays below', () => {
    const row = { wear: 3, torque: 46.3 };
    const unmet = [
      { feature: 'wt', kind: 'range', min: 13000 },
      { feature: 'wt', kind: 'range', min: 11000 },
    ] as const;
    expect(unmetText([...unmet], defs, row)).toBe(
      'wear × torque = 3 min × 46.3 Nm = 138.9 min·Nm, below 11,000 min·Nm',
    );
  });
});
