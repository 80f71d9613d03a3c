import { describe, expect, it } from 'vitest';
import { mulberry32 } from './cross-validation';
import { parseCsv } from './csv';
import { AI4I_ROLES, guessRoles, type RawRow } from './features';
import { FailureModeModel } from './model';
import { formatNumber, formatThreshold } from './nice-number';
import type { Condition } from './rules';

/** AI4I-like rows following Matzka's (2020) rules; TWF at random in 200–240 min of wear. */
function synthetic(n: number, seed: number) {
  const r = mulberry32(seed);
  const rows: RawRow[] = [];
  const labels: Record<string, number[]> = { TWF: [], HDF: [], PWF: [], OSF: [] };
  for (let i = 0; i < n; i++) {
    const u = r();
    const type = u < 0.6 ? 'L' : u < 0.9 ? 'M' : 'H';
    const air = Math.round(2950 + 100 * r()) / 10;
    const process = Math.round(10 * (air + 7.6 + 4 * r())) / 10;
    const speed = Math.round(1200 + 1600 * r());
    const torque = Math.round(200 + 500 * r()) / 10;
    const wear = Math.round(250 * r());
    const power = (torque * 2 * Math.PI * speed) / 60;
    const limit = { L: 11000, M: 12000, H: 13000 }[type];
    rows.push({
      Type: type,
      'Air temperature [K]': air,
      'Process temperature [K]': process,
      'Rotational speed [rpm]': speed,
      'Torque [Nm]': torque,
      'Tool wear [min]': wear,
    });
    labels.PWF?.push(power < 3500 || power > 9000 ? 1 : 0);
    labels.HDF?.push(process - air < 8.6 && speed < 1380 ? 1 : 0);
    labels.OSF?.push(wear * torque > limit ? 1 : 0);
    labels.TWF?.push(wear >= 200 && wear <= 240 && r() < 0.1 ? 1 : 0);
  }
  return { rows, labels };
}

const row = (type: string, air: number, process: number, speed: number, torque: number, wear: number): RawRow => ({
  Type: type,
  'Air temperature [K]': air,
  'Process temperature [K]': process,
  'Rotational speed [rpm]': speed,
  'Torque [Nm]': torque,
  'Tool wear [min]': wear,
});

describe('failure-mode rules', () => {
  const model = FailureModeModel.fit(synthetic(3000, 7), { roles: AI4I_ROLES });
  const mode = (m: string) => model.modes.find((x) => x.mode === m)!;
  const cond = (m: string, feature: string): Condition | undefined =>
    mode(m)
      .rules.flatMap((r) => r.conditions)
      .find((c) => c.feature === feature);

  it('finds the power band, the heat-dissipation corner and the wear × torque limits from data', () => {
    expect(mode('PWF').rules).toHaveLength(1);
    const band = cond('PWF', 'power');
    expect(band?.kind).toBe('outside');
    if (band?.kind === 'outside') {
      expect(band.min).toBeGreaterThan(3400);
      expect(band.min).toBeLessThanOrEqual(3600);
      expect(band.max).toBeGreaterThan(8800);
      expect(band.max).toBeLessThanOrEqual(9200);
    }
    expect(model.ruleText(mode('PWF').rules[0]!)).toMatch(/^power outside [\d,]+–[\d,]+ W$/);
    const dt = cond('HDF', 'temperature-difference');
    const speed = cond('HDF', 'speed');
    expect(dt?.kind === 'range' && dt.max).toBeCloseTo(8.6, 0);
    expect(speed?.kind === 'range' && speed.max).toBeGreaterThan(1360);
    expect(speed?.kind === 'range' && speed.max).toBeLessThanOrEqual(1400);
    expect(cond('OSF', 'wear-torque')).toBeDefined();
    // Tool-wear failures are random within 200–240 min: any leaf for them is too imprecise to be a rule.
    expect(mode('TWF').rules).toEqual([]);
    for (const r of model.rules) expect(r.precision).toBeGreaterThanOrEqual(0.9);
  });

  it('predicts with the type-dependent overstrain limit', () => {
    // 58 Nm at 1,400 rpm = 8,503 W, inside the power band; 58 Nm × 205 min = 11,890 min·Nm.
    expect(model.predict(row('L', 300, 310, 1400, 58, 205))).toEqual(['OSF']);
    expect(model.predict(row('M', 300, 310, 1400, 58, 205))).toEqual([]);
    expect(model.predict(row('H', 300, 310, 1400, 58, 205))).toEqual([]);
    expect(model.predict(row('H', 300, 310, 1400, 58, 230))).toEqual(['OSF']); // 13,340 min·Nm
  });

  it('explains a healthy row with its own values', () => {
    const r = row('L', 298.2, 308.7, 1408, 46.3, 3);
    const e = model.explain(r);
    expect(e.failure).toBe(false);
    expect(e.modes).toEqual([]);
    const band = cond('PWF', 'power') as Extract<Condition, { kind: 'outside' }>;
    const p = formatNumber((46.3 * 1408 * 2 * Math.PI) / 60);
    expect(p).toBe('6,827');
    expect(e.text).toContain(
      `no PWF: power = 46.3 Nm × 1,408 rpm × 2π/60 = ${p} W, inside ${formatThreshold(band.min)}–${formatThreshold(band.max)} W`,
    );
    expect(e.text).toMatch(/^No failure predicted\./);
    expect(e.text).toMatch(/no HDF: .*temperature difference = 308\.7 K − 298\.2 K = 10\.5 K, at or above 8\.\d+ K/);
    expect(e.text).toMatch(/no HDF: .*speed = 1,408 rpm, at or above 1,3\d\d rpm/);
    // Several unmet overstrain limits: the value once, with the lowest limit.
    const low = Math.min(
      ...mode('OSF').rules.flatMap((r) => r.conditions.flatMap((c) => (c.kind === 'range' && c.min ? [c.min] : []))),
    );
    expect(e.text.split('\n')).toContain(
      `no OSF: wear × torque = 3 min × 46.3 Nm = 138.9 min·Nm, below ${formatThreshold(low)} min·Nm`,
    );
  });

  it('explains a failure by the rule that fired', () => {
    const e = model.explain(row('M', 300, 308, 1300, 40, 10));
    expect(e.modes).toEqual(['HDF']);
    expect(e.failure).toBe(true);
    const fired = e.checks.filter((c) => c.fired);
    expect(fired.map((c) => c.mode)).toEqual(['HDF']);
    expect(fired[0]?.rule).toMatch(/temperature difference < 8\.\d+ K/);
    expect(e.text).toMatch(/^Failure predicted: HDF\./);
    expect(e.text).toContain('temperature difference = 308 K − 300 K = 8 K, below');
    expect(e.text).toContain('speed = 1,300 rpm, below');
  });

  it('survives a JSON round trip', () => {
    const copy = FailureModeModel.fromJSON(JSON.parse(JSON.stringify(model)));
    const r = row('L', 300, 308, 1300, 80, 200);
    expect(copy.predict(r)).toEqual(model.predict(r));
    expect(copy.explain(r).text).toBe(model.explain(r).text);
  });
});

describe('tables', () => {
  it('parses a CSV with a byte-order mark and maps the AI4I columns by header name', () => {
    const header =
      'UDI,Product ID,Type,Air temperature [K],Process temperature [K],Rotational speed [rpm],Torque [Nm],Tool wear [min],Machine failure';
    const { columns, rows } = parseCsv(
      `\uFEFF${header}\r\n1,M14860,M,298.1,308.6,1551,42.8,0,0\r\n2,"L4,7",L,298.2,308.7,1408,46.3,3,0\r\n`,
    );
    expect(columns[0]).toBe('UDI');
    expect(rows).toHaveLength(2);
    expect(rows[1]?.['Product ID']).toBe('L4,7');
    expect(guessRoles(columns)).toEqual(AI4I_ROLES);
  });
});
