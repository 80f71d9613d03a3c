import { describe, expect, it } from 'vitest';
import { analyseWaveform, downsampleMax, waveformMarkers } from './waveform-analysis';

const BEARING = { balls: 9, ballDiameter: 0.3126, pitchDiameter: 1.537, contactAngleDeg: 0 };

describe('waveform analysis', () => {
  it('downsamples a spectrum to at most N points without losing its peaks', () => {
    const n = 10_001;
    const amplitudes = new Float64Array(n).fill(0.01);
    amplitudes[4321] = 5;
    const s = { freqs: Float64Array.from({ length: n }, (_, k) => k * 0.5), amplitudes, df: 0.5 };
    const d = downsampleMax(s as never, 5000, 200);
    expect(d.freq.length).toBeLessThanOrEqual(200);
    const i = d.amplitude.indexOf(5);
    expect(d.freq[i]).toBe(2160.5);
    // Only up to maxHz.
    expect(Math.max(...downsampleMax(s as never, 100, 200).freq)).toBeLessThanOrEqual(100);
  });

  it('marks shaft harmonics and the defect frequencies with their second harmonic, inside the range only', () => {
    const m = waveformMarkers({ shaftHz: 29.95, bearing: BEARING }, 200);
    const labels = m.map((x) => x.label);
    expect(labels).toEqual(['FTF', '1×', '2×', 'BSF', '3×', 'BPFO', '2×BSF', 'BPFI']);
    expect(m.find((x) => x.label === 'BPFI')!.freq).toBeCloseTo(162.19, 1);
    expect(waveformMarkers({}, 500)).toEqual([]);
  });

  it('reads a 50 Hz sine: peak, velocity and zone; no bearing data, no diagnosis', () => {
    const fs = 12_000;
    const x = Float64Array.from({ length: fs }, (_, i) => Math.sin((2 * Math.PI * 50 * i) / fs));
    const a = analyseWaveform(x, fs, {});
    // 1 g peak at 50 Hz: velocity amplitude 9806.65 / (2π·50) mm/s, RMS /√2 ≈ 22.1 mm/s — zone D.
    expect(a.summary.velocityRmsMmS).toBeCloseTo(9806.65 / (2 * Math.PI * 50) / Math.SQRT2, 0);
    expect(a.summary.isoZone).toBe('D');
    expect(a.summary.diagnosis).toBeUndefined();
    let best = 0;
    for (let k = 1; k < a.spectrum.amplitudes.length; k++)
      if (a.spectrum.amplitudes[k]! > a.spectrum.amplitudes[best]!) best = k;
    expect(a.spectrum.freqs[best]).toBeCloseTo(50, 0);
  });
});
