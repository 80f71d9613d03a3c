import { describe, expect, it } from 'vitest';
import {
  CLUSTER_READINGS_PREFIX,
  decodeReadingsPayload,
  encodeReadingsPayload,
  fnv1a32,
  MAX_READINGS_PER_MESSAGE,
  parseReadingsTopic,
  partitionOf,
  partitionTopicFilter,
  readingsTopic,
} from './cluster';
import { PrognosError } from './errors';

describe('cluster partitioning', () => {
  it('hashes with FNV-1a 32 (the reference test vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    // UTF-8 bytes, not UTF-16 code units: 'é' is 0xC3 0xA9
    let h = 0x811c9dc5;
    for (const b of [0xc3, 0xa9]) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    expect(fnv1a32('é')).toBe(h);
  });

  it('maps asset ids to fixed partitions (known values publishers can check against)', () => {
    expect(partitionOf('P-101', 16)).toBe(fnv1a32('P-101') % 16);
    expect(partitionOf('foobar', 16)).toBe(0xbf9cf968 % 16);
    expect(partitionOf('foobar', 16)).toBe(8);
    expect(partitionOf('a', 16)).toBe(12);
    expect(partitionOf('anything', 1)).toBe(0);
    expect(() => partitionOf('a', 0)).toThrow(PrognosError);
    expect(() => partitionOf('a', 2.5)).toThrow(/partitions must be an integer/);
  });

  it('spreads many assets over all partitions', () => {
    const counts = new Array(16).fill(0);
    for (let i = 0; i < 1600; i++) counts[partitionOf(`asset-${i}`, 16)]++;
    expect(Math.min(...counts)).toBeGreaterThan(60);
    expect(Math.max(...counts)).toBeLessThan(140);
  });
});

describe('readings topics', () => {
  it('builds and parses the topic of an asset', () => {
    const topic = readingsTopic('P-101', 16);
    expect(topic).toBe(`${CLUSTER_READINGS_PREFIX}/${partitionOf('P-101', 16)}/P-101`);
    expect(parseReadingsTopic(topic, 16)).toEqual({
      ok: true,
      value: { partition: partitionOf('P-101', 16), assetId: 'P-101' },
    });
    expect(partitionTopicFilter(3)).toBe('prognos/v1/readings/3/+');
  });

  it('refuses asset ids that cannot be a topic level', () => {
    for (const id of ['', 'a/b', 'a+', '#']) {
      expect(() => readingsTopic(id, 16)).toThrow(expect.objectContaining({ code: 'CLUSTER_TOPIC_INVALID' }));
    }
  });

  it('reports bad topics and wrong partitions as coded errors, without throwing', () => {
    const code = (t: string, p?: number) => {
      const r = parseReadingsTopic(t, p);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code('prognos/readings/P-101')).toBe('CLUSTER_TOPIC_INVALID');
    expect(code('prognos/v1/readings/3')).toBe('CLUSTER_TOPIC_INVALID');
    expect(code('prognos/v1/readings/x/P-101')).toBe('CLUSTER_TOPIC_INVALID');
    expect(code('prognos/v1/readings/03/P-101')).toBe('CLUSTER_TOPIC_INVALID');
    expect(code('prognos/v1/readings/3/a/b')).toBe('CLUSTER_TOPIC_INVALID');
    const wrong = (partitionOf('P-101', 16) + 1) % 16;
    expect(code(`prognos/v1/readings/${wrong}/P-101`, 16)).toBe('CLUSTER_PARTITION_MISMATCH');
    // without a partition count only the shape is checked
    expect(code(`prognos/v1/readings/${wrong}/P-101`)).toBe('ok');
  });
});

describe('readings payload', () => {
  it('round-trips readings, quality only when given', () => {
    const readings = [
      { sensor: 's1', ts: 1_700_000_000_000, value: 1.5 },
      { sensor: 's2', ts: '2026-01-01T00:00:00Z', value: -2, quality: 'suspect' },
    ];
    const text = encodeReadingsPayload(readings);
    expect(JSON.parse(text)[0]).not.toHaveProperty('quality');
    expect(decodeReadingsPayload(Buffer.from(text))).toEqual({ ok: true, value: readings });
    expect(decodeReadingsPayload(text)).toEqual({ ok: true, value: readings });
  });

  it('reports bad payloads as CLUSTER_PAYLOAD_INVALID, never throwing', () => {
    const bad = [
      Buffer.from('not json'),
      Buffer.from('{"sensor":"s1"}'),
      Buffer.from('null'),
      Buffer.from('[]'),
      Buffer.from([0xff, 0xfe, 0x5b, 0x5d]),
      Buffer.from(JSON.stringify(new Array(MAX_READINGS_PER_MESSAGE + 1).fill({ sensor: 's', ts: 1, value: 1 }))),
    ];
    for (const payload of bad) {
      const r = decodeReadingsPayload(payload);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('CLUSTER_PAYLOAD_INVALID');
        expect(r.error.status).toBe(400);
      }
    }
  });
});
