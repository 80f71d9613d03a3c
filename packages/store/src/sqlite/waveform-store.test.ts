import type { Waveform } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from './open';

const T0 = Date.UTC(2024, 0, 1);

function snapshot(id: string, sensorId: string, ts: number, n: number): Waveform {
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = Math.sin((2 * Math.PI * 50 * i) / 12000) + (i === 7 ? 1e-7 : 0);
  return {
    id,
    sensorId,
    ts,
    sampleRateHz: 12000,
    unit: 'g',
    meta: { shaftHz: 29.95, bearing: { balls: 9, ballDiameter: 0.3126, pitchDiameter: 1.537, contactAngleDeg: 0 } },
    values,
    samples: n,
  };
}

describe('sqlite waveform snapshots', () => {
  it('keeps the samples bit-exact as Float32 and the meta as given', async () => {
    const s = openSqliteStore({ path: ':memory:' });
    const w = snapshot('w1', 'P-101.VIB-DE', T0, 4096);
    w.values![3] = -1.5e-30;
    await s.metadata.saveWaveform(w);
    const back = await s.metadata.getWaveform('w1');
    expect(back).toMatchObject({ id: 'w1', sensorId: 'P-101.VIB-DE', ts: T0, sampleRateHz: 12000, unit: 'g' });
    expect(back!.meta).toEqual(w.meta);
    expect(back!.samples).toBe(4096);
    expect(back!.values).toBeInstanceOf(Float32Array);
    expect(Array.from(back!.values!)).toEqual(Array.from(w.values!));
    expect(await s.metadata.getWaveform('nope')).toBeUndefined();
    await s.close();
  });

  it('lists a sensor’s snapshots newest first, without samples, up to the limit', async () => {
    const s = openSqliteStore({ path: ':memory:' });
    await s.metadata.saveWaveform(snapshot('a', 'S1', T0 + 1000, 256));
    await s.metadata.saveWaveform(snapshot('b', 'S1', T0 + 3000, 512));
    await s.metadata.saveWaveform(snapshot('c', 'S1', T0 + 2000, 256));
    await s.metadata.saveWaveform(snapshot('d', 'S2', T0 + 9000, 256));
    const list = await s.metadata.listWaveforms('S1', 10);
    expect(list.map((w) => w.id)).toEqual(['b', 'c', 'a']);
    expect(list[0]!.samples).toBe(512);
    expect(list.every((w) => w.values === undefined)).toBe(true);
    expect((await s.metadata.listWaveforms('S1', 2)).map((w) => w.id)).toEqual(['b', 'c']);
    expect(await s.metadata.listWaveforms('S3', 5)).toEqual([]);
    await s.close();
  });

  it('refuses a snapshot without samples', async () => {
    const s = openSqliteStore({ path: ':memory:' });
    const { values: _dropped, ...bare } = snapshot('x', 'S1', T0, 256);
    await expect(s.metadata.saveWaveform(bare)).rejects.toThrow(/no samples/);
    await s.close();
  });
});
