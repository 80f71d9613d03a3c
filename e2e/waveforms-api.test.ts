/**
 * Vibration waveform snapshots over HTTP: a real CWRU inner-race-fault record (when the shared datasets are
 * present) must be diagnosed from its envelope lines, and bad input must come back as coded 400s that say where.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, startTestServer, type TestServer } from './harness';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const cwru = join(repoRoot, '..', 'shared', 'datasets', 'cwru', 'csv_de');
const present = existsSync(join(cwru, 'IR007_0_DE.csv'));
if (!present) console.warn(`[waveforms-api] CWRU case skipped: records not found at ${cwru}`);

/** SKF 6205, the CWRU drive-end bearing (inches). */
const SKF_6205 = { balls: 9, ballDiameter: 0.3126, pitchDiameter: 1.537, contactAngleDeg: 0 };
const SENSOR = 'TEST-W.VIB-DE';

interface Summary {
  rms: number;
  velocityRmsMmS: number;
  isoZone: string;
  envelopePeak: { freq: number; amplitude: number };
  defectFrequencies?: { bpfo: number; bpfi: number; bsf: number; ftf: number };
  diagnosis?: { finding: string; text: string };
}
interface Posted {
  id: string;
  sensorId: string;
  ts: number;
  samples: number;
  sampleRateHz: number;
  unit: string;
  summary: Summary;
}
interface Series {
  freq: number[];
  amplitude: number[];
}
interface Detail extends Posted {
  spectrum: Series;
  envelope: Series;
  markers: { label: string; freq: number }[];
}
interface ErrorBody {
  code: string;
  message: string;
}

/** Frequency of the largest amplitude of a series. */
const argmax = (s: Series) => s.freq[s.amplitude.indexOf(Math.max(...s.amplitude))]!;

describe('waveform snapshots API', () => {
  let s: TestServer;
  const url = () => `${s.base}/api/sensors/${SENSOR}/waveforms`;
  beforeAll(async () => {
    s = await startTestServer({ simulator: false });
    const put = async (path: string, body: unknown) => {
      const res = await fetch(`${s.base}${path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
    };
    await put('/api/assets/TEST-W', {
      id: 'TEST-W',
      lineId: 'test',
      name: 'Test fan',
      type: 'other',
      criticality: 'C',
    });
    await put(`/api/sensors/${SENSOR}`, {
      id: SENSOR,
      assetId: 'TEST-W',
      name: 'DE bearing vibration',
      kind: 'vibration',
      unit: 'mm/s',
      min: 0,
      max: 50,
      sampleRateHz: 1,
    });
  });
  afterAll(async () => s?.stop());

  it.skipIf(!present)('diagnoses 2 s of the CWRU IR007 record as an inner-race defect and marks BPFI', async () => {
    const text = readFileSync(join(cwru, 'IR007_0_DE.csv'), 'utf8');
    const values = text.split('\n').slice(1, 24_001).map(Number);
    const ts = Date.UTC(2025, 0, 1);
    const post = await postJson<Posted>(url(), { ts, sampleRateHz: 12000, values, shaftHz: 29.95, bearing: SKF_6205 });
    expect(post.status).toBe(201);
    const w = post.body;
    expect(w).toMatchObject({ sensorId: SENSOR, ts, samples: 24000, sampleRateHz: 12000, unit: 'g' });
    expect(w.summary.diagnosis?.finding).toBe('inner_race');
    expect(w.summary.diagnosis?.text).toMatch(/BPFI/);
    const bpfi = w.summary.defectFrequencies!.bpfi;
    expect(bpfi).toBeCloseTo(162.2, 0);
    expect(Math.abs(w.summary.envelopePeak.freq - bpfi) / bpfi).toBeLessThan(0.02);
    expect(['A', 'B', 'C', 'D']).toContain(w.summary.isoZone);

    const list = await getJson<{ waveforms: Posted[] }>(`${url()}?limit=5`);
    expect(list.status).toBe(200);
    expect(list.body.waveforms.map((x) => x.id)).toContain(w.id);
    const listed = list.body.waveforms.find((x) => x.id === w.id)!;
    expect(listed.summary.diagnosis?.finding).toBe('inner_race');
    expect(listed).not.toHaveProperty('values');

    const detail = await getJson<Detail>(`${s.base}/api/waveforms/${w.id}`);
    expect(detail.status).toBe(200);
    const d = detail.body;
    expect(d.spectrum.freq.length).toBeLessThanOrEqual(2000);
    expect(d.spectrum.freq.length).toBe(d.spectrum.amplitude.length);
    expect(d.envelope.freq.length).toBeLessThanOrEqual(2000);
    expect(Math.max(...d.envelope.freq)).toBeGreaterThanOrEqual(Math.min(6000, 4 * bpfi) - 1);
    const m = d.markers.find((x) => x.label === 'BPFI');
    expect(m?.freq).toBeCloseTo(162.2, 0);
    expect(d.markers.map((x) => x.label)).toEqual(expect.arrayContaining(['BPFO', '2×BPFO', 'BSF', '1×', 'FTF']));
    // the downsampled envelope keeps its highest line at BPFI
    expect(Math.abs(argmax(d.envelope) - bpfi) / bpfi).toBeLessThan(0.02);
  });

  it.skipIf(!present).each([
    ['OR007_centered_at_6_0_DE.csv', 12000, 'outer_race'],
    ['normal_0_DE.csv', 48000, 'none'],
  ])('diagnoses 2 s of the CWRU %s record (%i Hz) as %s', async (file, fs, finding) => {
    const values = readFileSync(join(cwru, file), 'utf8')
      .split('\n')
      .slice(1, 2 * fs + 1)
      .map(Number);
    const body = { ts: Date.UTC(2024, 0, 1), sampleRateHz: fs, values, shaftHz: 29.95, bearing: SKF_6205 };
    const post = await postJson<Posted>(url(), body);
    expect(post.status).toBe(201);
    expect(post.body.summary.diagnosis?.finding).toBe(finding);
  });

  it('a 50 Hz sine without bearing data: no diagnosis, spectrum peak at 50 Hz, newest first in the list', async () => {
    const fs = 2048;
    const values = Array.from({ length: 4096 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 50 * i) / fs));
    const post = await postJson<Posted>(url(), { ts: Date.UTC(2025, 0, 2), sampleRateHz: fs, values });
    expect(post.status).toBe(201);
    expect(post.body.summary.diagnosis).toBeUndefined();
    expect(post.body.summary.defectFrequencies).toBeUndefined();
    expect(post.body.summary.rms).toBeCloseTo(0.5 / Math.SQRT2, 3);
    // 0.3536 g at 50 Hz: v = a / ω = 3.468 m/s² / 314.16 rad/s = 11.04 mm/s r.m.s.
    expect(post.body.summary.velocityRmsMmS).toBeCloseTo(11.04, 1);
    expect(post.body.summary.isoZone).toBe('D');
    const d = await getJson<Detail>(`${s.base}/api/waveforms/${post.body.id}`);
    expect(d.status).toBe(200);
    expect(argmax(d.body.spectrum)).toBeCloseTo(50, 5);
    expect(d.body.markers).toEqual([]);
    const list = await getJson<{ waveforms: Posted[] }>(url());
    expect(list.body.waveforms[0]!.id).toBe(post.body.id);
    // The same motion sent in m/s²: analysed in g, so the same severity.
    const si = await postJson<Posted>(url(), {
      ts: Date.UTC(2024, 5, 1),
      sampleRateHz: fs,
      unit: 'm/s2',
      values: values.map((v) => v * 9.80665),
    });
    expect(si.status).toBe(201);
    expect(si.body.unit).toBe('m/s2');
    expect(si.body.summary.velocityRmsMmS).toBeCloseTo(post.body.summary.velocityRmsMmS, 3);
  });

  it('answers bad input with coded 400s that say what and where', async () => {
    const ok = Array.from({ length: 256 }, (_, i) => Math.sin(i));
    const tooFew = await postJson<ErrorBody>(url(), { sampleRateHz: 1000, values: ok.slice(0, 100) });
    expect(tooFew.status).toBe(400);
    expect(tooFew.body.code).toBe('BAD_REQUEST');
    expect(tooFew.body.message).toMatch(/values.*256/);

    const withNaN = ok.map((v, i) => (i === 7 ? Number.NaN : v)); // JSON.stringify sends null
    const nan = await postJson<ErrorBody>(url(), { sampleRateHz: 1000, values: withNaN });
    expect(nan.status).toBe(400);
    expect(nan.body.message).toMatch(/values\[7\]/);
    const str = await postJson<ErrorBody>(url(), { sampleRateHz: 1000, values: ok.map((v, i) => (i === 7 ? 'x' : v)) });
    expect(str.status).toBe(400);
    expect(str.body).toMatchObject({ code: 'BAD_REQUEST' });
    expect(str.body.message).toMatch(/values\[7\] is "x"/);

    for (const sampleRateHz of [0, -5]) {
      const r = await postJson<ErrorBody>(url(), { sampleRateHz, values: ok });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('BAD_REQUEST');
      expect(r.body.message).toMatch(/sampleRateHz/);
    }
    const geometry = await postJson<ErrorBody>(url(), {
      sampleRateHz: 1000,
      values: ok,
      shaftHz: 25,
      bearing: { ...SKF_6205, pitchDiameter: 0.1 },
    });
    expect(geometry.status).toBe(400);
    expect(geometry.body.message).toMatch(/pitchDiameter/);
  });

  it('404s with codes for an unknown sensor or waveform', async () => {
    const values = Array.from({ length: 256 }, (_, i) => Math.sin(i));
    const r = await postJson<ErrorBody>(`${s.base}/api/sensors/NOPE.VIB/waveforms`, { sampleRateHz: 1000, values });
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('SENSOR_NOT_FOUND');
    const l = await getJson<ErrorBody>(`${s.base}/api/sensors/NOPE.VIB/waveforms`);
    expect(l.body.code).toBe('SENSOR_NOT_FOUND');
    const g = await getJson<ErrorBody>(`${s.base}/api/waveforms/no-such-id`);
    expect(g.status).toBe(404);
    expect(g.body.code).toBe('WAVEFORM_NOT_FOUND');
  });
});
