import { describe, expect, it } from 'vitest';
import { checkWaveformBody, WAVEFORM_MIN_SAMPLES } from './waveform';

const values = Array.from({ length: WAVEFORM_MIN_SAMPLES }, (_, i) => Math.sin(i / 3));
const bearing = { balls: 9, ballDiameter: 0.3126, pitchDiameter: 1.537, contactAngleDeg: 0 };

describe('checkWaveformBody', () => {
  it('accepts a snapshot and fills the defaults', () => {
    const r = checkWaveformBody({ sampleRateHz: 1000, values }, 1234);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot).toMatchObject({
      ts: 1234,
      sampleRateHz: 1000,
      unit: 'g',
      meta: { machineClass: 'group2-rigid' },
    });
    expect(r.snapshot.values).toBeInstanceOf(Float32Array);
    expect(r.snapshot.values.length).toBe(values.length);
  });

  it('keeps the analysis settings', () => {
    const r = checkWaveformBody({ ts: 5, sampleRateHz: 12000, values, unit: 'm/s2', shaftHz: 29.95, bearing });
    expect(r.ok && r.snapshot).toMatchObject({ ts: 5, unit: 'm/s2', meta: { shaftHz: 29.95, bearing } });
  });

  it.each([
    [null, /JSON object/],
    [{ sampleRateHz: 0, values }, /sampleRateHz is 0/],
    [{ sampleRateHz: 'fast', values }, /sampleRateHz is "fast"/],
    [{ sampleRateHz: 1e6, values }, /sampleRateHz/],
    [{ sampleRateHz: 1000 }, /values must be an array/],
    [{ sampleRateHz: 1000, values: values.slice(0, 10) }, /values has 10 samples; send 256/],
    [{ sampleRateHz: 1000, values: values.map((v, i) => (i === 7 ? 'x' : v)) }, /values\[7\] is "x"/],
    [{ sampleRateHz: 1000, values: values.map((v, i) => (i === 3 ? null : v)) }, /values\[3\] is null/],
    [{ sampleRateHz: 1000, values, unit: 'mm/s' }, /unit is "mm\/s"/],
    [{ sampleRateHz: 1000, values, shaftHz: -1 }, /shaftHz/],
    [{ sampleRateHz: 1000, values, ts: 'yesterday' }, /ts is "yesterday"/],
    [{ sampleRateHz: 1000, values, machineClass: 'big' }, /machineClass/],
    [{ sampleRateHz: 1000, values, bearing: { ...bearing, pitchDiameter: 0.1 } }, /pitchDiameter must be larger/],
    [{ sampleRateHz: 1000, values, bearing: { ...bearing, balls: 2.5 } }, /bearing.balls/],
    [{ sampleRateHz: 1000, values, shaftHZ: 25 }, /"shaftHZ" is not a known field/],
  ])('refuses %j with a message that names the field', (body, re) => {
    const r = checkWaveformBody(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(re);
  });
});
