import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WaveformSnapshot } from '@prognos/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectorEvent } from '../contract';
import { decodeSnapshot, encodeSnapshot, WaveformSpool } from './waveform-spool';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'prognos-wf-spool-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const snap = (ts: number, n = 256): WaveformSnapshot => ({
  sensorId: 'P-1.VIB',
  ts,
  sampleRateHz: 1000,
  unit: 'g',
  values: Float32Array.from({ length: n }, (_, i) => Math.sin(i / 5) + ts / 1e6),
  meta: { shaftHz: 25, machineClass: 'group2-rigid' },
});

/** A sink that can be switched off, as a store that went away. */
function switchable() {
  const got: WaveformSnapshot[] = [];
  const s = {
    up: true,
    got,
    sink: async (w: WaveformSnapshot) => {
      if (!s.up) throw new Error('store unavailable');
      got.push(w);
    },
  };
  return s;
}

describe('waveform spool', () => {
  it('encodes a snapshot losslessly (float32 samples)', () => {
    const s = snap(7);
    expect(decodeSnapshot(encodeSnapshot(s))).toEqual(s);
  });

  it('delivers directly, spools while the sink fails, replays in order when it is back', async () => {
    const dir = tempDir();
    const k = switchable();
    const spool = new WaveformSpool({ dir, sink: k.sink, backoff: { baseMs: 10, maxMs: 20 } });
    await spool.open();
    await spool.emit(snap(1));
    k.up = false;
    await spool.emit(snap(2));
    await spool.emit(snap(3));
    expect(spool.stats()).toMatchObject({ buffered: 2, delivered: 1 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(2);
    k.up = true;
    await spool.emit(snap(4)); // joins the backlog: nothing overtakes it
    await spool.drain(5000);
    expect(k.got.map((w) => w.ts)).toEqual([1, 2, 3, 4]);
    expect(spool.stats()).toMatchObject({ buffered: 0, delivered: 4 });
    expect(readdirSync(dir)).toEqual([]);
    await spool.close();
  });

  it('a backlog left by a stopped process is replayed by the next one', async () => {
    const dir = tempDir();
    const down = switchable();
    down.up = false;
    const first = new WaveformSpool({ dir, sink: down.sink, backoff: { baseMs: 10, maxMs: 20 } });
    await first.open();
    await first.emit(snap(10));
    await first.emit(snap(11));
    await first.close();
    const k = switchable();
    const second = new WaveformSpool({ dir, sink: k.sink });
    await second.open();
    await second.drain(5000);
    expect(k.got.map((w) => w.ts)).toEqual([10, 11]);
    await second.close();
  });

  it('keeps within its bound by evicting the oldest snapshots, and says so', async () => {
    const dir = tempDir();
    const events: ConnectorEvent[] = [];
    const k = switchable();
    k.up = false;
    const bytes = encodeSnapshot(snap(0)).length;
    const spool = new WaveformSpool({
      dir,
      sink: k.sink,
      maxBytes: 2 * bytes + 10,
      connectorId: 'c1',
      onEvent: (e) => events.push(e),
      backoff: { baseMs: 5000, maxMs: 5000 },
    });
    await spool.open();
    for (const ts of [1, 2, 3, 4]) await spool.emit(snap(ts));
    expect(spool.stats()).toMatchObject({ buffered: 2, evicted: 2 });
    expect(events.map((e) => e.type)).toEqual(['buffer_evicted', 'buffer_evicted']);
    k.up = true;
    await spool.drain(10_000);
    expect(k.got.map((w) => w.ts)).toEqual([3, 4]);
    await spool.close();
  });
});
