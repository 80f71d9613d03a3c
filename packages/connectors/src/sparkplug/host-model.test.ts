import { readFileSync } from 'node:fs';
import { makeQuality, QualityReason } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type SparkplugPayload, sourceQuality, sparkplugCodec } from './codec';
import { HostModel } from './host-model';
import { MetricMapper } from './mapping';
import { parseTopic } from './topic';
import { validateSparkplugConfig } from './validate';

type P = Parameters<typeof sparkplugCodec.encodePayload>[0];
/** Round-trips through the real codec so the model sees what the wire gives (Longs for seq, alias, timestamps). */
const wire = (p: P): SparkplugPayload => sparkplugCodec.decodePayload(sparkplugCodec.encodePayload(p));
const T0 = Date.UTC(2025, 0, 1);

function model(mapping = {}) {
  return new HostModel(new MetricMapper(mapping), () => T0 + 999);
}

function births(m: HostModel, bdSeq = 3) {
  m.handle(
    parseTopic('spBv1.0/G/NBIRTH/E')!,
    wire({ timestamp: T0, seq: 0, metrics: [{ name: 'bdSeq', type: 'UInt64', value: bdSeq }] }),
  );
  return m.handle(
    parseTopic('spBv1.0/G/DBIRTH/E/D1')!,
    wire({
      timestamp: T0,
      seq: 1,
      metrics: [
        {
          name: 'Temp',
          alias: 1,
          type: 'Double',
          value: 20,
          timestamp: T0,
          properties: { engUnit: { type: 'String', value: 'degC' } },
        },
        { name: 'Speed', alias: 2, type: 'Int64', value: -5, timestamp: T0 },
        { name: 'Mode', alias: 3, type: 'String', value: 'auto', timestamp: T0 },
      ],
    }),
  );
}

const ddata = (seq: number, metrics: P['metrics']) =>
  [parseTopic('spBv1.0/G/DDATA/E/D1')!, wire({ timestamp: T0 + 1, seq, metrics })] as const;

describe('Sparkplug host model', () => {
  it('turns births and data into readings with metric timestamps, by alias or by name', () => {
    const m = model();
    const birth = births(m);
    expect(birth.readings.map((r) => r.reading)).toEqual([
      { sensor: 'D1.Temp', ts: T0, value: 20, quality: 0 },
      { sensor: 'D1.Speed', ts: T0, value: -5, quality: 0 },
    ]);
    const out = m.handle(
      ...ddata(2, [
        { alias: 1, type: 'Double', value: 21.5, timestamp: T0 + 10 },
        { name: 'Speed', type: 'Int64', value: 7 }, // no timestamp: the payload's
        { alias: 1, type: 'Double', value: null, timestamp: T0 + 20 },
        {
          alias: 1,
          type: 'Double',
          value: 22,
          timestamp: T0 + 30,
          properties: { Quality: { type: 'Int32', value: 64 } },
        },
      ]),
    );
    expect(out.rebirth).toBeUndefined();
    expect(out.readings.map((r) => r.reading)).toEqual([
      { sensor: 'D1.Temp', ts: T0 + 10, value: 21.5, quality: 0 },
      { sensor: 'D1.Speed', ts: T0 + 1, value: 7, quality: 0 },
      { sensor: 'D1.Temp', ts: T0 + 20, value: 0, quality: makeQuality('bad', QualityReason.DEVICE_FAILURE) },
      { sensor: 'D1.Temp', ts: T0 + 30, value: 22, quality: makeQuality('suspect', QualityReason.SOURCE_UNCERTAIN) },
    ]);
  });

  it('counts sequence numbers 0–255 with wraparound and flags a gap once', () => {
    const m = model();
    births(m);
    let seq = 1;
    for (let i = 0; i < 300; i++) {
      seq = (seq + 1) % 256;
      const out = m.handle(...ddata(seq, [{ alias: 1, type: 'Double', value: i, timestamp: T0 + i }]));
      expect(out.rebirth).toBeUndefined();
    }
    const gap = m.handle(...ddata((seq + 2) % 256, [{ alias: 1, type: 'Double', value: 1, timestamp: T0 + 400 }]));
    expect(gap.rebirth?.reason).toBe('sequence_gap');
    expect(gap.readings).toHaveLength(1); // known aliases still resolve
    const next = m.handle(...ddata((seq + 3) % 256, [{ alias: 1, type: 'Double', value: 2, timestamp: T0 + 401 }]));
    expect(next.rebirth).toBeUndefined();
  });

  it('asks for a rebirth on an unknown alias and on data before any birth', () => {
    const m = model();
    const early = m.handle(...ddata(5, [{ alias: 1, type: 'Double', value: 1 }]));
    expect(early.rebirth?.reason).toBe('data_before_birth');
    expect(early.readings).toEqual([]);
    births(m);
    const out = m.handle(...ddata(2, [{ alias: 99, type: 'Double', value: 1 }]));
    expect(out.rebirth?.reason).toBe('unknown_alias');
    expect(out.unknown).toBe(1);
  });

  it('ends a session only on an NDEATH whose bdSeq matches the NBIRTH', () => {
    const m = model();
    births(m, 7);
    const old = m.handle(
      parseTopic('spBv1.0/G/NDEATH/E')!,
      wire({ metrics: [{ name: 'bdSeq', type: 'UInt64', value: 6 }] }),
    );
    expect(old.ignored).toMatch(/bdSeq 6/);
    expect(m.nodes.get('G/E')!.online).toBe(true);
    const death = m.handle(
      parseTopic('spBv1.0/G/NDEATH/E')!,
      wire({ metrics: [{ name: 'bdSeq', type: 'UInt64', value: 7 }] }),
    );
    expect(death.died.map((d) => d.tag!.sensor).sort()).toEqual(['D1.Speed', 'D1.Temp']);
    expect(m.nodes.get('G/E')!.online).toBe(false);
    // After the death, data needs a new birth.
    expect(m.handle(...ddata(2, [{ alias: 1, type: 'Double', value: 1 }])).rebirth?.reason).toBe('data_before_birth');
  });

  it('maps by explicit table with scale/offset and converts birth units to the mapped unit', () => {
    const m = model({
      template: '{edgeNode}.{device}.{metric}',
      tags: {
        'G/+/D1/Temp': { sensor: 'T-F', scale: 1.8, offset: 32, unit: 'degF' },
        'G/E/D1/Speed': { sensor: 'S', unit: 'rpm' },
      },
    });
    const out = births(m);
    expect(out.readings.map((r) => [r.reading.sensor, r.reading.value, r.tag.unit])).toEqual([
      ['T-F', 68, 'degF'],
      ['S', -5, 'rpm'],
    ]);
    const conv = new MetricMapper({ tags: { 'G/E/D1/V': { sensor: 'V', unit: 'in/s' } } }).resolve(
      'G',
      'E',
      'D1',
      'V',
      'mm/s',
    );
    expect(conv!.apply(25.4)).toBeCloseTo(1);
    expect(
      new MetricMapper({ tags: { 'G/E/D1/V': { sensor: 'V', unit: 'degC' } } }).resolve('G', 'E', 'D1', 'V', 'mm/s')!
        .unitMismatch,
    ).toBe(true);
    expect(new MetricMapper({}).resolve('G', 'E', '', 'bdSeq')).toBeUndefined();
    expect(new MetricMapper({}, { devices: ['D2'] }).resolve('G', 'E', 'D1', 'Temp')).toBeUndefined();
  });

  it('reads OPC DA and OPC UA style quality properties', () => {
    expect(sourceQuality({ value: 192 })).toBe(0);
    expect(sourceQuality({ value: 0 })).toBe(makeQuality('bad', QualityReason.DEVICE_FAILURE));
    expect(sourceQuality({ value: 0x40000000 })).toBe(makeQuality('suspect', QualityReason.SOURCE_UNCERTAIN));
    expect(sourceQuality({ value: 0x80340000 })).toBe(makeQuality('bad', QualityReason.DEVICE_FAILURE));
    expect(sourceQuality({ value: 'Good' })).toBe(0);
    expect(sourceQuality(undefined)).toBeUndefined();
  });

  it('parses topics and rejects malformed ones', () => {
    expect(parseTopic('spBv1.0/G/DDATA/E/D')).toEqual({ type: 'DDATA', group: 'G', edgeNode: 'E', device: 'D' });
    expect(parseTopic('spBv1.0/STATE/host')).toEqual({ type: 'STATE', group: '', edgeNode: 'host', device: '' });
    expect(parseTopic('spBv1.0/G/DDATA/E')).toBeUndefined();
    expect(parseTopic('spBv1.0/G/NDATA/E/D')).toBeUndefined();
    expect(parseTopic('other/G/NDATA/E')).toBeUndefined();
  });

  it('validates configs with errors that name the field', () => {
    expect(validateSparkplugConfig({ id: 's', kind: 'sparkplug', url: 'mqtt://h:1883', groupId: 'G' })).toEqual([]);
    const errors = validateSparkplugConfig({
      id: 's',
      kind: 'sparkplug',
      url: 'http://x',
      groupIds: ['a/b'],
      mapping: { tags: { 'G/E/D/M': { sensor: 'x', scale: 'big' } } },
      keepalive: 3,
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^url: must be a broker URL/),
        expect.stringMatching(/^groupIds\.0: /),
        expect.stringMatching(/^mapping\.tags\.G\/E\/D\/M\.scale: /),
        'keepalive: is not a known field',
      ]),
    );
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const example = parse(readme.split('```yaml')[1]!.split('```')[0]!) as { connectors: unknown[] };
    expect(validateSparkplugConfig(example.connectors[0])).toEqual([]);
    expect(validateSparkplugConfig({ id: 's', kind: 'sparkplug', url: 'mqtt://h' })).toContain(
      'groupId: is required (or groupIds, a list of groups)',
    );
  });
});
