/**
 * The one conformance suite every detector passes (DESIGN.md, "Contracts worth keeping small"): the same cases
 * run against each factory in DETECTOR_CASES (after hono's router/common.case.test.ts).
 */
import { Rng } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { DETECTOR_CASES, offsetSensor, PLANT_COLUMNS, plantRows } from './conformance-cases';
import type { DetectorExplanation } from './detector';
import { restoreDetector } from './registry';

const train = plantRows(new Rng('conformance-train'), 2000);
const fresh = plantRows(new Rng('conformance-fresh'), 4000);
const probe = plantRows(new Rng('conformance-probe'), 25);
/** "Many σ": 6 healthy standard deviations of the sensor (≈ 30 times its noise), on one sensor only. */
const OFFSET_SIGMAS = 6;

function topColumn(ex: DetectorExplanation): number {
  return ex.columns.reduce((best, c, i) => (c.share > ex.columns[best].share ? i : best), 0);
}

function expectWellFormed(ex: DetectorExplanation, row: Float64Array): void {
  expect(ex.columns).toHaveLength(row.length);
  let sum = 0;
  ex.columns.forEach((c, j) => {
    expect(Number.isFinite(c.share)).toBe(true);
    expect(c.share).toBeGreaterThanOrEqual(0);
    expect(c.value).toBe(row[j]);
    expect(Number.isFinite(c.expected)).toBe(true);
    expect(c.low).toBeLessThanOrEqual(c.expected);
    expect(c.expected).toBeLessThanOrEqual(c.high);
    sum += c.share;
  });
  expect(sum).toBeCloseTo(1, 12);
  expect(Number.isFinite(ex.score)).toBe(true);
}

describe.each(DETECTOR_CASES)('detector conformance: $name', ({ make }) => {
  const detector = make().fit(train);

  it('learns the dimension of its training rows', () => {
    expect(make().dimension).toBe(0);
    expect(detector.dimension).toBe(PLANT_COLUMNS);
    expect(detector.calibration.samples).toBe(train.length);
  });

  it('scores fresh healthy rows mostly below 1, within a few times the false-alarm budget', () => {
    const scores = detector.score(fresh);
    expect(scores).toHaveLength(fresh.length);
    const sorted = [...scores].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(0.5);
    const rate = scores.filter((s) => s > 1).length / scores.length;
    expect(rate).toBeLessThan(3 * detector.calibration.falseAlarmRate);
  });

  it('flags a row with one sensor offset by many σ and names that sensor', () => {
    for (let j = 0; j < PLANT_COLUMNS; j++) {
      let flagged = 0;
      let named = 0;
      for (const r of probe) {
        const ex = detector.explain(offsetSensor(r, j, OFFSET_SIGMAS));
        if (ex.score > 1) flagged++;
        if (topColumn(ex) === j) named++;
      }
      // Per sensor, at most one probe row of 25 may miss (a healthy row can sit at the edge of the envelope).
      expect(flagged, `sensor ${j} flagged`).toBeGreaterThanOrEqual(probe.length - 1);
      expect(named, `sensor ${j} named`).toBeGreaterThanOrEqual(probe.length - 1);
    }
  });

  it('explains with one well-formed contribution per column, consistent with score()', () => {
    const rows = [...probe.slice(0, 5), ...probe.slice(5, 10).map((r, i) => offsetSensor(r, i, OFFSET_SIGMAS))];
    const scores = detector.score(rows);
    rows.forEach((row, i) => {
      const ex = detector.explain(row);
      expectWellFormed(ex, row);
      expect(ex.score).toBeCloseTo(scores[i], 9);
    });
  });

  it('round-trips through toJSON → JSON text → restoreDetector with identical scores', () => {
    const state = JSON.parse(JSON.stringify(detector.toJSON())) as { kind: string };
    expect(state.kind).toBe(detector.kind);
    const restored = restoreDetector(state);
    expect(restored.kind).toBe(detector.kind);
    expect(restored.dimension).toBe(detector.dimension);
    const rows = [...probe, offsetSensor(probe[0], 3, OFFSET_SIGMAS)];
    expect(restored.score(rows)).toEqual(detector.score(rows));
    expect(restored.explain(rows.at(-1)!)).toEqual(detector.explain(rows.at(-1)!));
    expect(restored.calibration).toEqual(detector.calibration);
  });

  it('rejects too few rows, ragged rows and non-finite values with a RangeError', () => {
    expect(() => make().fit([])).toThrow(RangeError);
    expect(() => make().fit([train[0]])).toThrow(RangeError);
    expect(() => make().fit([...train.slice(0, 50), train[50].subarray(0, 7)])).toThrow(RangeError);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const rows = train.slice(0, 50).map((r) => Float64Array.from(r));
      rows[17][4] = bad;
      expect(() => make().fit(rows)).toThrow(RangeError);
    }
  });

  it('throws when scoring or explaining before fit, and on rows of the wrong width', () => {
    expect(() => make().score([train[0]])).toThrow();
    expect(() => make().explain(train[0])).toThrow();
    expect(() => detector.score([train[0].subarray(0, 7)])).toThrow(RangeError);
    expect(() => detector.explain(Float64Array.of(...train[0], 1))).toThrow(RangeError);
  });

  it('scores a row holding NaN as NaN, without throwing (never a number that passes for healthy)', () => {
    const row = Float64Array.from(probe[0]);
    row[2] = Number.NaN;
    expect(detector.score([row, probe[1]]).map(Number.isNaN)).toEqual([true, false]);
    expect(Number.isNaN(detector.explain(row).score)).toBe(true);
    // The detector is not left in a bad state by it.
    expect(detector.score([probe[1]])).toEqual(detector.score([probe[1]]));
    expect(Number.isFinite(detector.score([probe[1]])[0])).toBe(true);
  });

  it('is deterministic: two fits on the same rows give the same scores', () => {
    const again = make().fit(train);
    const rows = [...probe, offsetSensor(probe[0], 6, OFFSET_SIGMAS)];
    expect(again.score(rows)).toEqual(detector.score(rows));
    expect(again.toJSON()).toEqual(detector.toJSON());
  });
});
