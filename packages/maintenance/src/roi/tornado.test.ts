import { describe, expect, it } from 'vitest';
import { SCENARIOS, scenarioNpv } from './scenarios';
import { caseInputs, pumpClass } from './test-fixtures';
import { tornado } from './tornado';

const det = { rate: 0.8, leadTimeHours: 12, source: 'input' };
const expected = SCENARIOS[1] as (typeof SCENARIOS)[number];
const inputs = caseInputs({ classes: [pumpClass(), pumpClass({ assetType: 'gearbox', assets: 6 })] });

describe('tornado', () => {
  const bars = tornado(inputs, det);
  const bar = (name: string) => bars.find((b) => b.input === name);

  it('has a bar for each main input, sorted by swing, largest first', () => {
    expect(bars.map((b) => b.input).sort()).toEqual(
      [
        'Annual running cost',
        'Detection rate',
        'Discount rate',
        'Downtime cost per hour',
        'Emergency repair cost',
        'Energy saving share',
        'Failures per year',
        'False alarms per asset-year',
        'Implementation cost',
        'Lead time',
        'MTTR unplanned',
        'PM reduction',
        'Safety incident cost',
        'Scrap cost per failure',
      ].sort(),
    );
    const swings = bars.map((b) => Math.abs(b.npvHigh - b.npvLow));
    for (let i = 1; i < swings.length; i++) expect(swings[i - 1]).toBeGreaterThanOrEqual(swings[i] as number);
    expect(swings[0]).toBeGreaterThan(0);
  });

  it('takes 75 % and 125 % of the expected value, the other inputs unchanged', () => {
    const base = scenarioNpv(inputs, det, expected);
    const d = bar('Detection rate');
    // 0.8 × 0.75 = 0.6; 0.8 × 1.25 = 1.0
    expect(d?.low).toBeCloseTo(0.6, 12);
    expect(d?.high).toBe(1);
    expect(d?.expected).toBe(0.8);
    expect(d?.npvLow).toBeCloseTo(scenarioNpv(inputs, { ...det, rate: 0.6 }, expected), 9);
    expect(d?.npvHigh).toBeGreaterThan(base);
    const cost = bar('Implementation cost');
    // up-front 10 000 ⇒ 7500 and 12 500; NPV moves by exactly ∓2500 (year 0 is not discounted)
    expect(cost).toMatchObject({ low: 7500, high: 12500, expected: 10000 });
    expect((cost?.npvLow as number) - base).toBeCloseTo(2500, 6);
    expect((cost?.npvHigh as number) - base).toBeCloseTo(-2500, 6);
  });

  it('shows class inputs as their asset-weighted mean', () => {
    // pumps: 2 assets at 1000/h; gearboxes: 6 at 1000/h ⇒ mean 1000; low 750, high 1250
    expect(bar('Downtime cost per hour')).toMatchObject({ expected: 1000, low: 750, high: 1250, unit: 'EUR/h' });
    const f = bar('Failures per year');
    expect(f?.npvHigh).toBeGreaterThan(f?.npvLow as number);
  });

  it('keeps rates within 0..1', () => {
    const high = tornado(caseInputs({ discountRate: 0.9 }), { ...det, rate: 0.95 });
    expect(high.find((b) => b.input === 'Discount rate')?.high).toBe(1);
    expect(high.find((b) => b.input === 'Detection rate')?.high).toBe(1);
  });

  it('gives a zero swing to an input that cannot move the case (lead time beyond a day)', () => {
    // 72 h × 0.75 = 54 h still leaves every caught failure a day to plan
    const long = tornado(inputs, { ...det, leadTimeHours: 72 });
    const lead = long.find((b) => b.input === 'Lead time');
    expect(lead?.npvLow).toBeCloseTo(lead?.npvHigh as number, 9);
    expect(long.at(-1)?.input).toBe('Lead time');
  });
});
