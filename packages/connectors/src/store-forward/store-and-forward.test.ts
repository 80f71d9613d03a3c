import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reading } from '@prognos/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorEvent } from '../contract';
import { decodePayload, encodeRecord, RECORD_HEADER_BYTES } from './codec';
import { StoreAndForward } from './store-and-forward';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'prognos-saf-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A sink that can be switched off, like a store or server that goes away. */
function switchableSink() {
  const got: Reading[] = [];
  const s = {
    up: true,
    calls: 0,
    failures: 0,
    got,
    sink: async (r: Reading[]) => {
      s.calls++;
      await new Promise((res) => setImmediate(res));
      if (!s.up) {
        s.failures++;
        throw new Error('store unreachable');
      }
      got.push(...r);
    },
  };
  return s;
}

function batch(start: number, n: number): Reading[] {
  return Array.from({ length: n }, (_, i) => ({
    sensor: `S-${(start + i) % 3}`,
    ts: 1_700_000_000_000 + start + i,
    value: start + i,
    quality: 0,
  }));
}

const fast = { baseMs: 10, maxMs: 40, minMs: 5 };

describe('record codec', () => {
  it('round-trips readings, sensor names stored once per record', () => {
    const rs = [...batch(0, 5), { sensor: 'Ü-1.TEMP', ts: 1.5, value: -0.25, quality: 0x85 }];
    const rec = encodeRecord(rs);
    expect(decodePayload(rec.subarray(RECORD_HEADER_BYTES))).toEqual(rs);
    // 4 names + 6 readings × 19 bytes + counts + header
    expect(rec.length).toBeLessThan(8 + 2 + 4 * 5 + 11 + 4 + 6 * 19 + 1);
  });
});

describe('StoreAndForward', () => {
  it('delivers directly while the sink works', async () => {
    const s = switchableSink();
    const saf = new StoreAndForward({ dir: tempDir(), sink: s.sink, backoff: fast });
    await saf.open();
    for (let i = 0; i < 10; i++) await saf.emit(batch(i * 10, 10));
    expect(s.got.map((r) => r.value)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(saf.stats()).toMatchObject({ mode: 'direct', buffered: 0, evicted: 0, delivered: 100 });
    await saf.close();
  });

  it('sink down for a while: nothing lost, order preserved after recovery', async () => {
    const s = switchableSink();
    const dir = tempDir();
    const saf = new StoreAndForward({ dir, sink: s.sink, backoff: fast, replayBatch: 37 });
    await saf.open();
    let next = 0;
    let maxBuffered = 0;
    const emits: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      if (i === 10) s.up = false;
      if (i === 40) s.up = true;
      // concurrent emits, as a push connector would do
      emits.push(saf.emit(batch(next, 7)));
      next += 7;
      if (i % 5 === 0) await new Promise((r) => setTimeout(r, 3));
      maxBuffered = Math.max(maxBuffered, saf.stats().buffered);
    }
    await Promise.all(emits);
    // the outage really happened: part of the data went through the disk buffer
    expect(maxBuffered).toBeGreaterThan(50);
    await saf.drain(5000);
    expect(s.got.map((r) => r.value)).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(saf.stats()).toMatchObject({ mode: 'direct', buffered: 0, evicted: 0 });
    expect(saf.stats().lastError?.message).toBe('store unreachable');
    // delivered segments are deleted
    expect(readdirSync(dir).filter((f) => f.endsWith('.log'))).toEqual([]);
    await saf.close();
  });

  it('keeps buffering while a backlog exists even if the sink is back, so nothing overtakes it', async () => {
    const s = switchableSink();
    const saf = new StoreAndForward({ dir: tempDir(), sink: s.sink, backoff: { baseMs: 200, maxMs: 200, minMs: 200 } });
    await saf.open();
    s.up = false;
    await saf.emit(batch(0, 5));
    expect(saf.stats()).toMatchObject({ mode: 'buffering', buffered: 5 });
    // the direct attempt and the first replay attempt have failed: the replay loop now sleeps its backoff
    while (s.failures < 2) await new Promise((r) => setTimeout(r, 2));
    s.up = true;
    // the replay loop is sleeping its backoff; a new emit must queue behind the backlog, not go direct
    await saf.emit(batch(5, 5));
    expect(s.got).toHaveLength(0);
    expect(saf.stats().buffered).toBe(10);
    await saf.drain(5000);
    expect(s.got.map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await saf.close();
  });

  it('replays a backlog left on disk by a previous process', async () => {
    const dir = tempDir();
    const down = switchableSink();
    down.up = false;
    const a = new StoreAndForward({ dir, sink: down.sink, backoff: { baseMs: 1000, maxMs: 1000 } });
    await a.open();
    for (let i = 0; i < 20; i++) await a.emit(batch(i * 50, 50));
    expect(a.stats().buffered).toBe(1000);
    await a.close(); // like a process stop: the buffer stays on disk

    const s = switchableSink();
    const b = new StoreAndForward({ dir, sink: s.sink, backoff: fast, replayBatch: 120 });
    await b.open();
    expect(b.stats().mode).toBe('buffering');
    await b.emit(batch(1000, 10)); // new data queues behind the old backlog
    await b.drain(5000);
    expect(s.got.map((r) => r.value)).toEqual(Array.from({ length: 1010 }, (_, i) => i));
    await b.close();
  });

  it('resumes after the last delivered batch, and cuts a record torn by a crash', async () => {
    const dir = tempDir();
    let fail = false;
    const got: number[] = [];
    const a = new StoreAndForward({
      dir,
      sink: async (r) => {
        if (fail || r[0]!.value >= 30) {
          fail = true;
          throw new Error('down again');
        }
        got.push(...r.map((x) => x.value));
      },
      backoff: { baseMs: 5000, maxMs: 5000 },
      replayBatch: 10,
    });
    await a.open();
    // first emit fails (value 0 < 30 but we force it down) → everything buffers
    fail = true;
    for (let i = 0; i < 6; i++) await a.emit(batch(i * 10, 10));
    fail = false;
    // let the replay deliver 0..29, then fail from 30 on
    a.retryNow();
    const t0 = Date.now();
    while (got.length < 30 && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 10));
    await a.close();
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // simulate a crash mid-append: half a record at the end of the newest segment
    const seg = readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .sort()
      .pop()!;
    appendFileSync(join(dir, seg), encodeRecord(batch(999, 4)).subarray(0, 20));

    const s = switchableSink();
    const b = new StoreAndForward({ dir, sink: s.sink, backoff: fast });
    await b.open();
    await b.drain(5000);
    expect(s.got.map((r) => r.value)).toEqual(Array.from({ length: 30 }, (_, i) => 30 + i));
    await b.close();
  });

  it('bound hit: the oldest readings are evicted, counted and reported; the rest replays in order', async () => {
    const s = switchableSink();
    s.up = false;
    const events: ConnectorEvent[] = [];
    const saf = new StoreAndForward({
      dir: tempDir(),
      sink: s.sink,
      maxBytes: 64 * 1024,
      segmentBytes: 8 * 1024,
      backoff: { baseMs: 10_000, maxMs: 10_000 },
      connectorId: 'c1',
      onEvent: (e) => events.push(e),
    });
    await saf.open();
    const total = 100 * 40;
    for (let i = 0; i < 100; i++) await saf.emit(batch(i * 40, 40));
    const st = saf.stats();
    expect(st.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(st.evicted).toBeGreaterThan(0);
    expect(st.buffered + st.evicted).toBe(total);
    expect(events.some((e) => e.type === 'buffer_evicted' && e.connectorId === 'c1')).toBe(true);
    s.up = true;
    saf.retryNow();
    await saf.drain(5000);
    // what survives is exactly the newest part, contiguous and in order
    expect(s.got.map((r) => r.value)).toEqual(Array.from({ length: st.buffered }, (_, i) => st.evicted + i));
    expect(saf.stats().evicted).toBe(st.evicted);
    await saf.close();
  });

  it('rejects an emit when the disk write fails, so the connector does not acknowledge', async () => {
    const s = switchableSink();
    s.up = false;
    const dir = tempDir();
    const saf = new StoreAndForward({ dir, sink: s.sink, backoff: { baseMs: 10_000, maxMs: 10_000 } });
    await saf.open();
    rmSync(dir, { recursive: true, force: true });
    await expect(saf.emit(batch(0, 3))).rejects.toThrow();
    await saf.close().catch(() => {});
  });
});
