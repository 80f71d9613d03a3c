/**
 * Traced figures: a number with its formula and inputs. The helpers keep every value finite, because the business
 * case goes out as JSON, where NaN and Infinity cannot be written (they would arrive as null and break a chart).
 */
import type { Traced } from '@prognos/core';

export type TraceInput = Traced['inputs'][number];

/** A finite number: NaN becomes 0 and ±Infinity the largest finite number of that sign. */
export function finite(x: number): number {
  if (Number.isNaN(x)) return 0;
  if (x === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (x === Number.NEGATIVE_INFINITY) return -Number.MAX_VALUE;
  // −0 reads as "-0" nowhere in JSON, but it prints oddly in tests and labels; make it plain 0
  return x === 0 ? 0 : x;
}

/** An input read from the plant's figures: anything that is not a finite number counts as 0. */
export function num(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : 0;
}

export function clamp01(x: number): number {
  return Math.min(1, Math.max(0, finite(x)));
}

export function input(name: string, value: number | string, unit: string | undefined, source: string): TraceInput {
  const v = typeof value === 'number' ? finite(value) : value;
  return unit === undefined ? { name, value: v, source } : { name, value: v, unit, source };
}

export function traced(label: string, value: number, unit: string, formula: string, inputs: TraceInput[]): Traced {
  return { value: finite(value), unit, label, formula, inputs };
}

/** A traced figure from elsewhere (the caller's detection basis) with its value and numeric inputs made finite. */
export function finiteTraced(t: Traced, value: number): Traced {
  return {
    ...t,
    value: finite(value),
    inputs: (t.inputs ?? []).map((i) => ({ ...i, value: typeof i.value === 'number' ? finite(i.value) : i.value })),
  };
}

/** A sum of traced parts: its inputs are the parts, each with its own trace one level down. */
export function sumOf(
  label: string,
  unit: string,
  parts: { name: string; figure: Traced }[],
  formula?: string,
): Traced {
  const value = parts.reduce((s, p) => s + p.figure.value, 0);
  return traced(
    label,
    value,
    unit,
    formula ?? (parts.length === 0 ? '0 (nothing to add)' : parts.map((p) => p.name).join(' + ')),
    parts.length === 0
      ? [input('parts added', 0, 'count', 'nothing to add: the sum is 0')]
      : parts.map((p) => input(p.name, p.figure.value, p.figure.unit, `${p.figure.label}: ${p.figure.formula}`)),
  );
}
