/**
 * The analysis of one vibration waveform snapshot (see http/routes-waveforms.ts): overall severity (ISO 10816-3
 * velocity zone), waveform shape, the spectrum, and the envelope spectrum with the bearing defect frequencies and,
 * when the bearing is known, a diagnosis from the envelope lines.
 */
import {
  type BearingCondition,
  type BearingFrequencies,
  bearingFeatures,
  bearingFrequencies,
  envelopeSpectrum,
  explainBearingDiagnosis,
  iso10816Zone,
  peakIn,
  type Spectrum,
  spectrum,
  velocityRms,
  waveformStats,
} from '@prognos/analytics';
import type { BearingFinding, WaveformMeta, WaveformSummary } from '@prognos/core';

/** Points per chart series: enough for a 390–1920 px wide chart, small enough to send at once. */
export const MAX_POINTS = 2000;
/**
 * A defect line is called when its envelope ratio (mean of peak / envelope median over its harmonics and
 * sidebands, features.ts) is at least this and at least twice the next line's. On the CWRU records (2 s windows,
 * 0 HP) the healthy record's strongest line is 1.4–2.3, the 0.007" and 0.021" inner- and outer-race faults read
 * 35–296, and the 0.007" ball-fault record — whose ball-spin line is not visible — shows spurious BPFO up to 13.6;
 * 15 sits 6× above healthy noise and 2.3× below the weakest real line measured.
 */
const LINE_RATIO_THRESHOLD = 15;
const LINE_DOMINANCE = 2;

const FINDING: Record<string, { finding: BearingFinding; condition: BearingCondition }> = {
  BPFO: { finding: 'outer_race', condition: 'outer-race' },
  BPFI: { finding: 'inner_race', condition: 'inner-race' },
  BSF: { finding: 'ball', condition: 'ball' },
};

export interface Analysis {
  summary: WaveformSummary;
  spectrum: Spectrum;
  envelope: Spectrum;
  envelopeMaxHz: number;
}

function defects(meta: WaveformMeta): BearingFrequencies | undefined {
  if (meta.shaftHz === undefined || !meta.bearing) return undefined;
  return bearingFrequencies({ ...meta.bearing, shaftHz: meta.shaftHz });
}

/** Everything derived from the samples (in g); recomputed on read rather than stored, so it follows the code. */
export function analyseWaveform(valuesG: ArrayLike<number>, fs: number, meta: WaveformMeta): Analysis {
  const machineClass = meta.machineClass ?? 'group2-rigid';
  const w = waveformStats(valuesG);
  const v = velocityRms(valuesG, fs);
  const env = envelopeSpectrum(valuesG, fs);
  const f = defects(meta);
  // Wide enough for BPFI with its harmonics and ±1× sidebands; 500 Hz covers defect lines of most machines.
  const envelopeMaxHz = Math.min(fs / 2, Math.max(500, f ? 4 * f.bpfi : 0));
  const summary: WaveformSummary = {
    rms: w.rms,
    peak: w.peak,
    crestFactor: w.rms > 0 ? w.peak / w.rms : 0,
    kurtosis: w.kurtosis,
    velocityRmsMmS: v,
    isoZone: iso10816Zone(v, machineClass),
    machineClass,
    envelopeBand: env.band,
    // Above 1 Hz (or two bins): the lowest bins hold what is left of the removed envelope mean.
    envelopePeak: peakIn(env, Math.max(1, 2 * env.df), envelopeMaxHz),
  };
  if (f) {
    const bf = bearingFeatures(valuesG, fs, f, { band: env.band });
    const ranked = [...bf.lines].sort((a, b) => b.ratio - a.ratio);
    const [top, next] = ranked as [(typeof ranked)[number], (typeof ranked)[number]];
    const hit = top.ratio >= LINE_RATIO_THRESHOLD && top.ratio >= LINE_DOMINANCE * next.ratio;
    const found = hit ? FINDING[top.name] : undefined;
    summary.defectFrequencies = f;
    summary.lines = bf.lines;
    summary.diagnosis = {
      finding: found?.finding ?? 'none',
      text: explainBearingDiagnosis(found?.condition ?? 'normal', bf),
    };
  }
  return { summary, spectrum: spectrum(valuesG, fs), envelope: env, envelopeMaxHz };
}

/** At most `max` points up to `maxHz`, keeping each bucket's largest bin (at its own frequency) so peaks survive. */
export function downsampleMax(s: Spectrum, maxHz: number, max = MAX_POINTS): { freq: number[]; amplitude: number[] } {
  const bins = Math.min(s.amplitudes.length, Math.floor(maxHz / s.df) + 1);
  const size = Math.max(1, Math.ceil(bins / max));
  const freq: number[] = [];
  const amplitude: number[] = [];
  for (let k0 = 0; k0 < bins; k0 += size) {
    let best = k0;
    for (let k = k0 + 1; k < Math.min(bins, k0 + size); k++) if (s.amplitudes[k]! > s.amplitudes[best]!) best = k;
    freq.push(s.freqs[best]!);
    amplitude.push(s.amplitudes[best]!);
  }
  return { freq, amplitude };
}

/** Fault-frequency markers inside the envelope chart's range. */
export function waveformMarkers(meta: WaveformMeta, maxHz: number): { label: string; freq: number }[] {
  const out: { label: string; freq: number }[] = [];
  if (meta.shaftHz !== undefined) for (const k of [1, 2, 3]) out.push({ label: `${k}×`, freq: k * meta.shaftHz });
  const f = defects(meta);
  if (f) {
    out.push({ label: 'FTF', freq: f.ftf });
    for (const [name, base] of [
      ['BPFO', f.bpfo],
      ['BPFI', f.bpfi],
      ['BSF', f.bsf],
    ] as const) {
      out.push({ label: name, freq: base });
      out.push({ label: `2×${name}`, freq: 2 * base });
    }
  }
  return out.filter((m) => m.freq > 0 && m.freq <= maxHz).sort((a, b) => a.freq - b.freq);
}
