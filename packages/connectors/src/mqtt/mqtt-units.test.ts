import { makeQuality, QualityReason } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { validateConnectorsConfig } from '../config/validate';
import { mqttFactory } from '.';
import type { MqttConnectorConfig } from './config';
import { compileMqttMappings, extractReadings } from './mapping';
import { compileJsonPath, getPath, toEpochMs, toQuality } from './payload';
import { compileTopicTemplate, mqttTopicMatches, renderTemplate } from './topic-template';

describe('topic templates', () => {
  it('turns placeholders into + and captures them', () => {
    const t = compileTopicTemplate('plant/{asset}/{sensor}');
    expect(t.filter).toBe('plant/+/+');
    expect(t.match('plant/P-101/VIB')).toEqual({ topic: 'plant/P-101/VIB', asset: 'P-101', sensor: 'VIB' });
    expect(t.match('plant/P-101/VIB/x')).toBeUndefined();
    expect(renderTemplate('{asset}.{sensor}', t.match('plant/P-101/VIB')!)).toBe('P-101.VIB');
  });
  it('supports +, # and placeholders inside a level', () => {
    const t = compileTopicTemplate('factory/+/line1/#');
    expect(t.filter).toBe('factory/+/line1/#');
    expect(t.match('factory/A/line1/m1/temp')).toMatchObject({ '1': 'A', '#': 'm1/temp' });
    expect(t.match('factory/A/line1')).toMatchObject({ '1': 'A' });
    expect(t.match('factory/A/line2/x')).toBeUndefined();
    const p = compileTopicTemplate('site/pump-{n}/data');
    expect(p.filter).toBe('site/+/data');
    expect(p.match('site/pump-7/data')).toMatchObject({ n: '7' });
    expect(p.match('site/fan-7/data')).toBeUndefined();
  });
  it('rejects malformed templates with a reason', () => {
    expect(() => compileTopicTemplate('a/#/b')).toThrow(/last level/);
    expect(() => compileTopicTemplate('a/b+/c')).toThrow(/whole level/);
    expect(() => compileTopicTemplate('a/{x}/{x}')).toThrow(/twice/);
  });
  it('matches filters like a broker', () => {
    expect(mqttTopicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(mqttTopicMatches('a/#', 'a/b/c')).toBe(true);
    expect(mqttTopicMatches('#', '$SYS/x')).toBe(false);
    expect(mqttTopicMatches('a/+', 'a/b/c')).toBe(false);
  });
});

describe('payload helpers', () => {
  it('reads JSON paths', () => {
    const doc = { data: { values: [{ v: 3 }] }, 'odd key': 1 };
    expect(getPath(doc, compileJsonPath('data.values[0].v'))).toBe(3);
    expect(getPath(doc, compileJsonPath('$.data.values[0].v'))).toBe(3);
    expect(getPath(doc, compileJsonPath('["odd key"]'))).toBe(1);
    expect(getPath(5, compileJsonPath(''))).toBe(5);
    expect(() => compileJsonPath('a..b')).toThrow();
  });
  it('converts timestamps by unit', () => {
    expect(toEpochMs(1_700_000_000)).toBe(1_700_000_000_000);
    expect(toEpochMs(1_700_000_000_123)).toBe(1_700_000_000_123);
    expect(toEpochMs(1_700_000_000_123_456)).toBe(1_700_000_000_123);
    expect(toEpochMs('2024-03-01T12:00:00Z')).toBe(Date.UTC(2024, 2, 1, 12));
    expect(toEpochMs('2024-03-01T12:00:00+01:00')).toBe(Date.UTC(2024, 2, 1, 11));
    expect(toEpochMs(5, 's')).toBe(5000);
    expect(toEpochMs('nonsense')).toBeUndefined();
  });
  it('maps quality fields, including OPC UA status codes', () => {
    expect(toQuality('good')).toBe(0);
    expect(toQuality(0x80000000)).toBe(makeQuality('bad', QualityReason.DEVICE_FAILURE));
    expect(toQuality(0x40000000)).toBe(makeQuality('suspect', QualityReason.SOURCE_UNCERTAIN));
    expect(toQuality('uncertain')).toBe(makeQuality('suspect', QualityReason.SOURCE_UNCERTAIN));
    expect(toQuality({})).toBeUndefined();
  });
});

const base: MqttConnectorConfig = { id: 'm1', kind: 'mqtt', url: 'mqtt://localhost:1883', mappings: [] };

describe('extracting readings', () => {
  it('applies value path, timestamp, quality, scale and offset', () => {
    const [m] = compileMqttMappings({
      ...base,
      mappings: [
        {
          topic: 'plant/{asset}/{sensor}',
          sensor: '{asset}.{sensor}',
          valuePath: 'data.v',
          timestampPath: 'ts',
          qualityPath: 'q',
          scale: 0.1,
          offset: 1,
        },
      ],
    });
    const vars = m!.topic.match('plant/P-1/T')!;
    const ex = extractReadings(m!, vars, 'plant/P-1/T', { data: { v: 200 }, ts: '2024-01-01T00:00:00Z', q: 'bad' }, 5);
    expect(ex.errors).toEqual([]);
    expect(ex.values[0]!.reading).toEqual({
      sensor: 'P-1.T',
      ts: Date.UTC(2024, 0, 1),
      value: 21,
      quality: makeQuality('bad', QualityReason.DEVICE_FAILURE),
    });
  });
  it('reads several fields and array batches; reports bad values per message', () => {
    const [m] = compileMqttMappings({
      ...base,
      mappings: [
        {
          topic: 'line/{asset}',
          timestampPath: 't',
          fields: [
            { path: 'temp', sensor: '{asset}.TEMP' },
            { path: 'vib', sensor: '{asset}.VIB' },
          ],
        },
      ],
    });
    const vars = m!.topic.match('line/M1')!;
    const ex = extractReadings(
      m!,
      vars,
      'line/M1',
      [
        { t: 1000, temp: 50, vib: 'x' },
        { t: 2000, temp: 51, vib: 2 },
      ],
      0,
    );
    expect(ex.values.map((v) => [v.reading.sensor, v.reading.ts, v.reading.value])).toEqual([
      ['M1.TEMP', 1_000_000, 50],
      ['M1.TEMP', 2_000_000, 51],
      ['M1.VIB', 2_000_000, 2],
    ]);
    expect(ex.errors).toHaveLength(1);
    expect(ex.errors[0]!.message).toMatch(/line\/M1: value at "vib" is not a number \("x"\)/);
  });
  it('uses an explicit table and ignores topics not in it', () => {
    const [m] = compileMqttMappings({
      ...base,
      mappings: [{ topic: 'raw/+', sensors: { 'raw/a': 'P-1.A' } }],
    });
    expect(extractReadings(m!, m!.topic.match('raw/a')!, 'raw/a', 4.5, 7).values[0]!.reading).toEqual({
      sensor: 'P-1.A',
      ts: 7,
      value: 4.5,
      quality: 0,
    });
    expect(extractReadings(m!, m!.topic.match('raw/b')!, 'raw/b', 4.5, 7).values).toEqual([]);
  });
});

describe('mqtt config validation', () => {
  it('names the field and the problem', () => {
    const res = validateConnectorsConfig(
      {
        version: 1,
        connectors: [
          {
            ...base,
            qos: 2,
            mappings: [
              { topic: 'plant/{asset}/{sensor}', sensor: '{asset}.{metric}' },
              { topic: 'a/#/b', sensor: 'x' },
              { topic: 'ok/+', timestampUnit: 'hours' },
            ],
          },
        ],
      },
      [mqttFactory],
    );
    expect(res.ok).toBe(false);
    expect(res.errors).toContainEqual({ path: 'connectors[0].qos', message: 'must be one of 0, 1 (got 2)' });
    expect(res.errors).toContainEqual({
      path: 'connectors[0].mappings[2].timestampUnit',
      message: 'must be one of auto, ms, s, us, ns, iso (got "hours")',
    });
    // semantic checks run once the schema passes
    const res2 = validateConnectorsConfig(
      {
        version: 1,
        connectors: [
          {
            ...base,
            mappings: [
              { topic: 'plant/{asset}/{sensor}', sensor: '{asset}.{metric}' },
              { topic: 'a/#/b', sensor: 'x' },
              { topic: 'ok/+' },
            ],
          },
        ],
      },
      [mqttFactory],
    );
    expect(res2.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'connectors[0].mappings[0].sensor: placeholder {metric} is not in the topic template (has: asset, sensor, topic)',
      'connectors[0].mappings[1].topic: "#" must be the last level',
      'connectors[0].mappings[2]: needs "sensor" (a template), "sensors" (a table) or "fields"',
    ]);
  });
});
