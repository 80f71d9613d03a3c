import type { Alert } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../event-bus';
import { logOperationalEvents } from './event-log';

function recorder() {
  const lines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
  const at = (level: string) => (obj: unknown, msg?: string) =>
    lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
}

const alert = (over: Partial<Alert> = {}): Alert => ({
  id: 'al-1',
  assetId: 'P-101',
  kind: 'anomaly',
  severity: 'warning',
  state: 'open',
  title: 'P-101 deviates',
  explanation: '',
  contributions: [],
  score: 3,
  peakScore: 3,
  startedAt: 0,
  updatedAt: 0,
  ...over,
});

describe('logOperationalEvents', () => {
  it('logs an alert opening, escalating, acknowledged and closing once each, with its ids; routine updates not', () => {
    const bus = new EventBus();
    const { lines, log } = recorder();
    const stop = logOperationalEvents(bus, log);
    bus.emit('alert', { change: 'opened', alert: alert() });
    for (let i = 0; i < 5; i++) bus.emit('alert', { change: 'updated', alert: alert({ score: 3 + i }) });
    bus.emit('alert', { change: 'updated', alert: alert({ severity: 'critical' }) });
    bus.emit('alert', { change: 'acknowledged', alert: alert({ severity: 'critical', state: 'acknowledged' }) });
    bus.emit('alert', { change: 'closed', alert: alert({ severity: 'critical', state: 'closed' }) });
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'alert opened'],
      ['warn', 'alert severity changed'],
      ['info', 'alert acknowledged'],
      ['info', 'alert closed'],
    ]);
    expect(lines[0]!.obj).toMatchObject({ alert: 'al-1', asset: 'P-101', kind: 'anomaly', severity: 'warning' });
    expect(lines[1]!.obj).toMatchObject({ alert: 'al-1', severity: 'critical', from: 'warning' });
    stop();
    bus.emit('alert', { change: 'opened', alert: alert({ id: 'al-2' }) });
    expect(lines).toHaveLength(4);
    expect(bus.listenerCount('alert')).toBe(0);
  });

  it('logs a sensor quality change with the sensor, its asset and the reasons', () => {
    const bus = new EventBus();
    const { lines, log } = recorder();
    logOperationalEvents(bus, log);
    const reason = { code: 1, name: 'stuck', detail: 'no change for 60 readings', since: 0 };
    bus.emit('quality', { sensorId: 'P-101.VIB', assetId: 'P-101', state: 'suspect', score: 0.4, reasons: [reason] });
    bus.emit('quality', { sensorId: 'P-101.VIB', assetId: 'P-101', state: 'good', score: 1, reasons: [] });
    expect(lines.map((l) => l.level)).toEqual(['warn', 'info']);
    expect(lines[0]!.obj).toEqual({ sensor: 'P-101.VIB', asset: 'P-101', state: 'suspect', reasons: ['stuck'] });
  });
});
