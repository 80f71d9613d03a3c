import { describe, expect, it } from 'vitest';
import type { ConnectorConfig } from './api-types';
import {
  fmtBrowseValue,
  fmtCount,
  fmtLatency,
  kindLabel,
  normaliseEntry,
  redactConfig,
  stateLabel,
  stateTone,
} from './connector-format';

describe('connector display helpers', () => {
  it('labels kinds and states, falling back to the raw value', () => {
    expect(kindLabel('sparkplug')).toBe('Sparkplug B');
    expect(kindLabel('opcua')).toBe('OPC UA');
    expect(kindLabel('profinet')).toBe('profinet');
    expect(kindLabel(undefined)).toBe('Unknown');
    expect(stateLabel('reconnecting')).toBe('Reconnecting');
    expect(stateLabel('hibernating')).toBe('Hibernating');
  });

  it('colours states like the rest of the product', () => {
    expect(stateTone('connected')).toBe('ok');
    expect(stateTone('connecting')).toBe('watch');
    expect(stateTone('reconnecting')).toBe('watch');
    expect(stateTone('error')).toBe('alarm');
    expect(stateTone('stopped')).toBe('unknown');
    expect(stateTone('whatever')).toBe('unknown');
  });

  it('formats counts, latency and browsed values', () => {
    expect(fmtCount(1834421)).toBe('1,834,421');
    expect(fmtCount(undefined)).toBe('—');
    expect(fmtLatency({ p50: 4.23, p99: 38.4 })).toBe('4.2 / 38 ms');
    expect(fmtLatency({ p50: 800, p99: 12_500 })).toBe('0.8 / 13 s');
    expect(fmtLatency(undefined)).toBe('—');
    expect(fmtBrowseValue(3.391961234)).toBe('3.39196');
    expect(fmtBrowseValue(12)).toBe('12');
    expect(fmtBrowseValue(Number.NaN)).toBe('NaN');
    expect(fmtBrowseValue(true)).toBe('true');
    expect(fmtBrowseValue(null)).toBe('—');
    expect(fmtBrowseValue('x'.repeat(50))).toHaveLength(40);
  });

  it('fills in a partial entry so the page never checks twice', () => {
    const e = normaliseEntry({ config: { id: 'c1', kind: 'csv' } as ConnectorConfig });
    expect(e.health).toMatchObject({ id: 'c1', kind: 'csv', state: 'stopped', readings: 0, tags: [] });
  });

  it('masks secrets anywhere in a configuration', () => {
    expect(
      redactConfig({ id: 'a', password: 'pw', tls: { privateKey: 'k', ca: 'c' }, list: [{ token: 't' }] }),
    ).toEqual({
      id: 'a',
      password: '••••••',
      tls: { privateKey: '••••••', ca: 'c' },
      list: [{ token: '••••••' }],
    });
  });
});
