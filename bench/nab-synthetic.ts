/**
 * A generated corpus in the NAB layout, for `npm run bench -- nab --synthetic` where no NAB checkout is at hand
 * (this machine has none): 22 series of 4,032 five-minute rows in three categories — noise only (no windows),
 * artificial anomalies (spikes, level shifts, a daily pattern that stops) and real-like series (random walks with
 * heavy-tailed noise, bursts, a variance change, NaN gaps, irregular timestamps). Windows are sized as NAB's
 * labeler sizes them (10 % of the file divided by the number of anomalies, centred on each). Seeded.
 * It shows the scorer and the detector end to end; published NAB figures need the real corpus (`--data`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@prognos/core';

const N = 4032;
const STEP = 5 * 60_000;
const T0 = Date.UTC(2014, 3, 1);
const fmt = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19);

export function generateNabCorpus(out: string, seed = 1): number {
  const rng = new Rng(`nab-synthetic/${seed}`);
  const gauss = () => rng.normal();
  const labels: Record<string, string[][]> = {};
  const write = (cat: string, name: string, values: number[], anomalies: number[], ts?: number[]) => {
    mkdirSync(join(out, 'data', cat), { recursive: true });
    const t = ts ?? values.map((_, i) => T0 + i * STEP);
    const lines = values.map((v, i) => `${fmt(t[i] as number)},${Number.isFinite(v) ? v.toFixed(4) : ''}`);
    writeFileSync(join(out, 'data', cat, name), `timestamp,value\n${lines.join('\n')}\n`);
    const len = Math.floor((0.1 * values.length) / Math.max(1, anomalies.length));
    labels[`${cat}/${name}`] = anomalies.map((a) => [
      `${fmt(t[Math.max(0, a - Math.floor(len / 2))] as number)}.000000`,
      `${fmt(t[Math.min(values.length - 1, a + Math.floor(len / 2))] as number)}.000000`,
    ]);
  };
  const daily = (i: number, amp: number) => amp * Math.sin((2 * Math.PI * i) / 288);
  const place = (k: number) =>
    Array.from({ length: k }, (_, j) => Math.floor(N * (0.3 + (0.65 * (j + 0.5 + 0.3 * (rng.next() - 0.5))) / k)));
  for (let f = 0; f < 4; f++) {
    const v = Array.from({ length: N }, (_, i) => 50 + daily(i, f % 2 ? 10 : 0) + gauss() * (1 + f));
    write('artificialNoAnomaly', `noise_${f}.csv`, v, []);
  }
  for (let f = 0; f < 4; f++) {
    const an = place(2);
    const v = Array.from({ length: N }, (_, i) => 20 + daily(i, 5) + gauss() * 0.5);
    for (const a of an) for (let k = 0; k < 3; k++) v[a + k] = (v[a + k] as number) + 8 + 4 * rng.next();
    write('artificialWithAnomaly', `spikes_${f}.csv`, v, an);
  }
  for (let f = 0; f < 4; f++) {
    const [a = 0] = place(1);
    const v = Array.from({ length: N }, (_, i) => 100 + daily(i, 20) + gauss() * 2 + (i >= a ? 15 + 5 * f : 0));
    write('artificialWithAnomaly', `levelshift_${f}.csv`, v, [a]);
  }
  for (let f = 0; f < 3; f++) {
    const [a = 0] = place(1);
    const v = Array.from({ length: N }, (_, i) => 40 + daily(i, 10) + gauss());
    for (let i = a; i < a + 288; i++) v[i] = 40 + gauss() * 0.2; // the daily pattern stops for a day
    write('artificialWithAnomaly', `flatmiddle_${f}.csv`, v, [a]);
  }
  for (let f = 0; f < 5; f++) {
    const an = place(2);
    let level = 30;
    const v: number[] = [];
    for (let i = 0; i < N; i++) {
      level += gauss() * 0.05;
      v.push(level + daily(i, 3 * (f % 3)) + gauss() * (rng.next() < 0.02 ? 4 : 1));
    }
    for (let i = an[0] as number; i < (an[0] as number) + 20; i++) v[i] = (v[i] as number) + 12 * (f % 2 ? 1 : -1);
    for (let i = an[1] as number; i < N; i++) v[i] = (v[i] as number) + gauss() * 4;
    if (f === 0) for (let i = 1000; i < 1010; i++) v[i] = Number.NaN;
    write('realSynthetic', `mixed_${f}.csv`, v, an);
  }
  for (let f = 0; f < 2; f++) {
    const [a = 0] = place(1);
    const ts: number[] = [];
    let t = T0;
    for (let i = 0; i < N; i++) {
      t += STEP * (0.5 + rng.next()) + (rng.next() < 0.005 ? 3_600_000 : 0);
      ts.push(Math.round(t / 60_000) * 60_000);
    }
    for (let i = 1; i < N; i++) if ((ts[i] as number) <= (ts[i - 1] as number)) ts[i] = (ts[i - 1] as number) + 60_000;
    const v = Array.from({ length: N }, () => 10 + gauss());
    v[a] = (v[a] as number) + 15;
    write('realSynthetic', `irregular_${f}.csv`, v, [a], ts);
  }
  mkdirSync(join(out, 'labels'), { recursive: true });
  writeFileSync(join(out, 'labels', 'combined_windows.json'), JSON.stringify(labels, null, 1));
  return Object.keys(labels).length;
}
