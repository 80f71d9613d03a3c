import {
  isGood,
  makeQuality,
  QualityReason,
  qualityReason,
  qualityState,
  type Reading,
  Rng,
  type Sensor,
} from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { ReadingChecks } from './reading-checks';
import { clean, PT, T0 } from './test-fixtures';
import { worseQuality } from './trust';

const NOW = T0 + 10 * 86400_000;

function checks() {
  const c = new ReadingChecks();
  c.sensorsChanged([PT]);
  return c;
}

describe('ReadingChecks', () => {
  it('keeps every reading, in order, and flags out-of-range values bad', () => {
    const batch = clean(120);
    batch[100] = { ...batch[100]!, value: 40 };
    const out = checks().apply(batch, NOW);
    expect(out.map((r) => r.ts)).toEqual(batch.map((r) => r.ts));
    expect(qualityState(out[100]!.quality)).toBe('bad');
    expect(qualityReason(out[100]!.quality)).toBe(QualityReason.OUT_OF_RANGE);
    expect(out[100]!.value).toBe(40);
    expect(out.filter((r) => !isGood(r.quality))).toHaveLength(1);
    // the caller's readings are not modified
    expect(batch[100]!.quality).toBe(0);
  });

  it("keeps the source's suspect or bad verdict when the checks find nothing", () => {
    const batch = clean(60);
    const suspect = makeQuality('suspect', QualityReason.MANUAL);
    const bad = makeQuality('bad', QualityReason.DEVICE_FAILURE);
    batch[30] = { ...batch[30]!, quality: suspect };
    batch[31] = { ...batch[31]!, quality: bad };
    const out = checks().apply(batch, NOW);
    expect(out[30]!.quality).toBe(suspect);
    expect(out[31]!.quality).toBe(bad);
  });

  it('a stuck value is flagged as a flatline after a run', () => {
    const batch = clean(300);
    for (let i = 200; i < 300; i++) batch[i] = { ...batch[i]!, value: 7.777 };
    const out = checks().apply(batch, NOW);
    const flagged = out.filter((r) => qualityReason(r.quality) === QualityReason.FLATLINE);
    expect(flagged.length).toBeGreaterThan(50);
    expect(flagged[0]!.ts).toBeGreaterThan(batch[200]!.ts);
  });

  it('a spike confirmed one reading late is amended in place within the batch', () => {
    const batch = clean(200);
    batch[150] = { ...batch[150]!, value: 14 };
    const out = checks().apply(batch, NOW);
    expect(out).toHaveLength(200);
    expect(qualityReason(out[150]!.quality)).toBe(QualityReason.SPIKE);
    expect(isGood(out[151]!.quality)).toBe(true);
  });

  it('a spike at the end of one batch is re-stored with its new quality in the next', () => {
    const c = checks();
    const all = clean(200);
    all[150] = { ...all[150]!, value: 14 };
    const first = c.apply(all.slice(0, 151), NOW);
    expect(isGood(first[150]!.quality)).toBe(true); // not known yet
    const next = c.apply(all.slice(151, 160), NOW);
    expect(next).toHaveLength(10);
    const amended = next[9]!;
    expect(amended).toEqual({ sensor: PT.id, ts: all[150]!.ts, value: 14, quality: expect.any(Number) });
    expect(qualityReason(amended.quality)).toBe(QualityReason.SPIKE);
    expect(next.slice(0, 9).every((r) => isGood(r.quality))).toBe(true);
  });

  it('ignores readings of unknown sensors and replaces a checker when the sensor definition changes', () => {
    const c = checks();
    const stranger = { sensor: 'NOPE', ts: T0, value: 1e9, quality: 0 };
    expect(c.apply([stranger], NOW)).toEqual([stranger]);
    c.apply(clean(10), NOW);
    const before = c.checker(PT.id);
    c.sensorsChanged([{ ...PT, name: 'renamed' }]);
    expect(c.checker(PT.id)).toBe(before);
    c.sensorsChanged([{ ...PT, max: 100 }]);
    expect(c.checker(PT.id)).not.toBe(before);
    const out = c.apply([{ sensor: PT.id, ts: T0 + 20_000, value: 40, quality: 0 }], NOW);
    expect(isGood(out[0]!.quality)).toBe(true); // 40 bar is in the new range
  });
});

describe('worseQuality', () => {
  it('takes the worse state; at equal state the incoming reason unless it has none', () => {
    const s = (r: number) => makeQuality('suspect', r);
    const b = (r: number) => makeQuality('bad', r);
    expect(worseQuality(0, s(3))).toBe(s(3));
    expect(worseQuality(b(5), s(3))).toBe(b(5));
    expect(worseQuality(s(14), b(1))).toBe(b(1));
    expect(worseQuality(s(14), s(3))).toBe(s(14));
    expect(worseQuality(s(0), s(3))).toBe(s(3));
    expect(worseQuality(s(2), 0)).toBe(s(2));
  });
});

describe('ReadingChecks: virtual sensors learnt from history', () => {
  const S = (id: string, kind: Sensor['kind'], max: number): Sensor => ({
    id,
    assetId: 'SKID',
    name: id,
    kind,
    unit: kind === 'flow' ? 'm3/h' : kind === 'current' ? 'A' : 'bar',
    min: 0,
    max,
    sampleRateHz: 1 / 60,
  });
  const sensors = [S('SKID.FT', 'flow', 200), S('SKID.PT', 'pressure', 16), S('SKID.IT', 'current', 100)];
  /** One reading a minute: flow follows demand, pressure and current follow flow (a pump on a fixed system). */
  function history(rng: Rng, from: number, minutes: number, driftBarPerHour = 0): Reading[] {
    const out: Reading[] = [];
    for (let i = 0; i < minutes; i++) {
      const ts = from + i * 60_000;
      const q = 100 + 40 * Math.sin(i / 90) + 0.3 * rng.normal();
      const drift = (driftBarPerHour * i) / 60;
      out.push({ sensor: 'SKID.FT', ts, value: q, quality: 0 });
      out.push({ sensor: 'SKID.PT', ts, value: 2 + 0.0004 * q * q + 0.02 * rng.normal() + drift, quality: 0 });
      out.push({ sensor: 'SKID.IT', ts, value: 10 + 0.3 * q + 0.3 * rng.normal(), quality: 0 });
    }
    return out;
  }
  it('learns one virtual sensor per sensor and then flags a drifting pressure transmitter, and only it', async () => {
    const c = new ReadingChecks();
    c.sensorsChanged(sensors);
    const t0 = T0;
    expect(await c.learnVirtualSensors(history(new Rng('h'), t0, 12 * 60), sensors)).toBe(3);
    const live = history(new Rng('live'), t0 + 12 * 3_600_000, 12 * 60, 0.05); // +0.6 bar in 12 h
    const flagged = new Set<string>();
    for (let i = 0; i < live.length; i += 3) {
      const batch = live.slice(i, i + 3);
      for (const r of c.apply(batch, (batch[0] as Reading).ts))
        if (qualityReason(r.quality) === QualityReason.DRIFT) flagged.add(r.sensor);
    }
    expect([...flagged]).toEqual(['SKID.PT']);
  });
  it('learns from minute means of 1 Hz sensors (no gap flags), and from real-speed history behind a faster live plant', async () => {
    const fast = sensors.map((x) => ({ ...x, sampleRateHz: 1 }));
    const c = new ReadingChecks();
    c.sensorsChanged(fast);
    expect(await c.learnVirtualSensors(history(new Rng('h'), T0, 12 * 60), fast)).toBe(3);
    // The demo: live at 360× real time, its history back-filled at real speed (one process minute per wall minute).
    const demo = new ReadingChecks({ timeScale: 360 });
    demo.sensorsChanged(fast);
    expect(demo.historyFrameMs(1)).toBe(60_000);
    expect(demo.frameMs).toBe(1_000);
    expect(await demo.learnVirtualSensors(history(new Rng('h'), T0, 12 * 60), fast, 1)).toBe(3);
  });
  it('learns nothing from no history, without failing', async () => {
    const c = new ReadingChecks();
    c.sensorsChanged(sensors);
    expect(await c.learnVirtualSensors([], sensors)).toBe(0);
  });
});
