/**
 * Rules and their evaluation on one row in plain words, with the row's own numbers, so a technician can check
 * them with a calculator: "power = 46.3 Nm × 1,408 rpm × 2π/60 = 6,826 W, inside 3,502–8,995 W".
 */
import { type FeatureDef, featureValue, type RawRow } from './features';
import { formatNumber, formatThreshold } from './nice-number';
import type { Condition } from './rules';

const withUnit = (text: string, unit: string) => (unit ? `${text} ${unit}` : text);
const th = (v: number, unit: string) => withUnit(formatThreshold(v), unit);
const span = (a: number, b: number, unit: string) => withUnit(`${formatThreshold(a)}–${formatThreshold(b)}`, unit);

/** One condition as stated in a rule: "power outside 3,502–8,995 W", "speed < 1,381 rpm". */
export function conditionText(c: Condition, def: FeatureDef): string {
  if (c.kind === 'in') return `${def.label} ${c.values.join(' or ')}`;
  if (c.kind === 'outside') return `${def.label} outside ${span(c.min, c.max, def.unit)}`;
  if (c.min !== undefined && c.max !== undefined) return `${def.label} ${span(c.min, c.max, def.unit)}`;
  if (c.max !== undefined) return `${def.label} < ${th(c.max, def.unit)}`;
  return `${def.label} ≥ ${th(c.min as number, def.unit)}`;
}

/** A rule's conditions: numeric ones joined by "and", categorical ones appended as "for type L". */
export function conditionsText(conditions: readonly Condition[], defs: readonly FeatureDef[]): string {
  const def = (c: Condition) => defs.find((d) => d.key === c.feature) as FeatureDef;
  const numeric = conditions.filter((c) => c.kind !== 'in').map((c) => conditionText(c, def(c)));
  const cats = conditions.filter((c) => c.kind === 'in').map((c) => conditionText(c, def(c)));
  if (numeric.length === 0) return cats.join(' and ');
  return cats.length === 0 ? numeric.join(' and ') : `${numeric.join(' and ')} for ${cats.join(' and ')}`;
}

/** How the row's value of a feature comes about: "wear × torque = 210 min × 55.2 Nm = 11,592 min·Nm". */
export function valueText(def: FeatureDef, row: RawRow, thresholds: readonly number[] = []): string {
  const [a = '', b = ''] = def.columns;
  const v = featureValue(def, row);
  const n = (column: string, unit: string) => withUnit(formatNumber(Number(row[column])), unit);
  // 309.4 − 300.8 is 8.59999999999997 in floating point, below 8.6 — as for the data's own labels. Rounded to
  // "8.6" it would read "8.6 K, below 8.6 K"; show every digit when rounding would hide which side it is on.
  const rounded = formatNumber(v);
  const ambiguous = thresholds.some((t) => t !== v && formatThreshold(t) === rounded);
  const result = withUnit(ambiguous ? v.toLocaleString('en-US', { maximumSignificantDigits: 15 }) : rounded, def.unit);
  switch (def.kind) {
    case 'category':
      return `${def.label} = ${String(row[a] ?? '').trim()}`;
    case 'power':
      return `${def.label} = ${n(a, 'Nm')} × ${n(b, 'rpm')} × 2π/60 = ${result}`;
    case 'temperature-difference':
      return `${def.label} = ${n(a, 'K')} − ${n(b, 'K')} = ${result}`;
    case 'wear-torque':
      return `${def.label} = ${n(a, 'min')} × ${n(b, 'Nm')} = ${result}`;
    case 'raw':
      return `${def.label} = ${result}`;
  }
}

/** Whether the value meets the condition, in words: "inside 3,502–8,995 W", "below 8.6 K", "not L". */
export function verdictText(c: Condition, def: FeatureDef, met: boolean): string {
  if (c.kind === 'in') return met ? `${c.values.join(' or ')}` : `not ${c.values.join(' or ')}`;
  if (c.kind === 'outside') return `${met ? 'outside' : 'inside'} ${span(c.min, c.max, def.unit)}`;
  if (c.min !== undefined && c.max !== undefined)
    return `${met ? 'within' : 'outside'} ${span(c.min, c.max, def.unit)}`;
  if (c.max !== undefined) return `${met ? 'below' : 'at or above'} ${th(c.max, def.unit)}`;
  return `${met ? 'at or above' : 'below'} ${th(c.min as number, def.unit)}`;
}

/** The row's value and whether it meets the condition ("power = … = 6,827 W, inside 3,500–9,000 W"). */
export function checkText(c: Condition, def: FeatureDef, row: RawRow, met: boolean): string {
  const value = valueText(def, row, boundsOf([c]));
  return c.kind === 'in' && met ? value : `${value}, ${verdictText(c, def, met)}`;
}

/**
 * Why no rule of a mode fired: the unmet conditions grouped by feature, each value shown once. Of several
 * unmet lower bounds on one feature only the lowest is named (the row is below all of them; the lowest says how
 * far it is from failing), of upper bounds the highest.
 */
export function unmetText(unmet: readonly Condition[], defs: readonly FeatureDef[], row: RawRow): string {
  const features = [...new Set(unmet.map((c) => c.feature))];
  return features
    .map((key) => {
      const def = defs.find((d) => d.key === key) as FeatureDef;
      const mine = unmet.filter((c) => c.feature === key);
      const lows = mine.flatMap((c) =>
        c.kind === 'range' && c.max === undefined && c.min !== undefined ? [c.min] : [],
      );
      const highs = mine.flatMap((c) =>
        c.kind === 'range' && c.min === undefined && c.max !== undefined ? [c.max] : [],
      );
      const others = mine.filter((c) => c.kind !== 'range' || (c.min === undefined) === (c.max === undefined));
      const kept: Condition[] = [...new Map(others.map((c) => [JSON.stringify(c), c])).values()];
      if (lows.length > 0) kept.push({ feature: key, kind: 'range', min: Math.min(...lows) });
      if (highs.length > 0) kept.push({ feature: key, kind: 'range', max: Math.max(...highs) });
      return `${valueText(def, row, boundsOf(kept))}, ${kept.map((c) => verdictText(c, def, false)).join(' and ')}`;
    })
    .join('; ');
}

/** The thresholds conditions compare with. */
function boundsOf(conditions: readonly Condition[]): number[] {
  return conditions.flatMap((c) => (c.kind === 'in' ? [] : [c.min, c.max].filter((x) => x !== undefined)));
}
