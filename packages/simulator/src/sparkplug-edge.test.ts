import { type MosquittoHandle, startMosquitto } from '@prognos/connectors/testing';
import { makeQuality } from '@prognos/core';
import mqtt, { type MqttClient } from 'mqtt';
import spb from 'sparkplug-payload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoPlant } from './demo-plant';
import { SparkplugEdgeNode } from './sparkplug-edge';

const codec = spb.get('spBv1.0')!;
type Decoded = ReturnType<typeof codec.decodePayload>;
const num = (v: unknown): number | undefined =>
  v === undefined || v === null ? undefined : typeof v === 'number' ? v : (v as { toNumber(): number }).toNumber();

interface Msg {
  topic: string;
  p: Decoded;
}

let broker: MosquittoHandle;
const plant = createDemoPlant();
const sensors = plant.sensors.filter((s) => s.assetId === 'P-101').map((s) => s.id);

beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker.stop();
});

async function listen(
  group: string,
): Promise<{ client: MqttClient; msgs: Msg[]; until: (n: (m: Msg[]) => boolean) => Promise<void> }> {
  const client = await mqtt.connectAsync(broker.url, { clientId: `listen-${Math.random()}` });
  const msgs: Msg[] = [];
  client.on('message', (topic, payload) => msgs.push({ topic, p: codec.decodePayload(payload) }));
  await client.subscribeAsync(`spBv1.0/${group}/#`, { qos: 1 });
  const until = async (pred: (m: Msg[]) => boolean) => {
    const t0 = Date.now();
    while (!pred(msgs)) {
      if (Date.now() - t0 > 5000) throw new Error(`timed out; got ${msgs.map((m) => m.topic).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { client, msgs, until };
}

describe('SparkplugEdgeNode', () => {
  it('publishes births, DDATA by alias with timestamps and wrapping seq, and answers rebirth requests', async () => {
    const l = await listen('SIM1');
    const edge = await SparkplugEdgeNode.connect(broker.url, {
      groupId: 'SIM1',
      edgeNodeId: 'E1',
      devices: { 'P-101': sensors },
      plant,
      bdSeq: 4,
      maxMetricsPerMessage: 1,
    });
    await l.until((m) => m.some((x) => x.topic.includes('DBIRTH')));
    const nbirth = l.msgs.find((m) => m.topic === 'spBv1.0/SIM1/NBIRTH/E1')!;
    expect(num(nbirth.p.seq)).toBe(0);
    const bd = nbirth.p.metrics!.find((m) => m.name === 'bdSeq')!;
    expect([bd.type, num(bd.value)]).toEqual(['UInt64', 4]);
    expect(nbirth.p.metrics!.find((m) => m.name === 'Node Control/Rebirth')?.value).toBe(false);
    const dbirth = l.msgs.find((m) => m.topic === 'spBv1.0/SIM1/DBIRTH/E1/P-101')!;
    expect(num(dbirth.p.seq)).toBe(1);
    const vib = dbirth.p.metrics!.find((m) => m.name === 'VIB-DE')!;
    expect(vib.type).toBe('Double');
    expect(num(vib.alias)).toBe(edge.aliasOf('P-101.VIB-DE'));
    expect(vib.properties?.engUnit?.value).toBe('mm/s');
    expect(vib.value).toBeNull(); // no reading yet

    // 300 single-metric messages: the sequence number wraps past 255 back to 0.
    const t0 = Date.UTC(2025, 0, 1);
    const readings = Array.from({ length: 300 }, (_, i) => ({
      sensor: 'P-101.VIB-DE',
      ts: t0 + i,
      value: i / 10,
      quality: 0,
    }));
    readings.push({ sensor: 'P-101.VIB-DE', ts: t0 + 300, value: 1, quality: makeQuality('suspect', 2) });
    readings.push({ sensor: 'P-101.VIB-DE', ts: t0 + 301, value: Number.NaN, quality: makeQuality('bad', 5) });
    expect(edge.publish(readings)).toBe(302);
    expect(await edge.flush()).toBe(true);
    await l.until((m) => m.filter((x) => x.topic.includes('DDATA')).length === 302);
    const data = l.msgs.filter((x) => x.topic === 'spBv1.0/SIM1/DDATA/E1/P-101');
    data.forEach((d, i) => {
      expect(num(d.p.seq)).toBe((i + 2) % 256);
    });
    const first = data[0]!.p.metrics![0]!;
    expect(first.name).toBeUndefined();
    expect([num(first.alias), first.value, num(first.timestamp)]).toEqual([edge.aliasOf('P-101.VIB-DE'), 0, t0]);
    expect(data[300]!.p.metrics![0]!.properties?.Quality?.value).toBe(64);
    expect(data[301]!.p.metrics![0]!.value).toBeNull();

    // A rebirth request gets NBIRTH (seq 0, same bdSeq) and DBIRTH carrying the last values.
    l.msgs.length = 0;
    const cmd = codec.encodePayload({
      timestamp: Date.now(),
      metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }],
    });
    await l.client.publishAsync('spBv1.0/SIM1/NCMD/E1', Buffer.from(cmd));
    await l.until((m) => m.some((x) => x.topic.includes('DBIRTH')));
    expect(edge.stats().rebirthRequests).toBe(1);
    const again = l.msgs.find((m) => m.topic.includes('NBIRTH'))!;
    expect(num(again.p.metrics!.find((m) => m.name === 'bdSeq')!.value)).toBe(4);
    const vib2 = l.msgs.find((m) => m.topic.includes('DBIRTH'))!.p.metrics!.find((m) => m.name === 'VIB-DE')!;
    expect(num(vib2.timestamp)).toBe(t0 + 300); // the last finite value

    await edge.close();
    await l.client.endAsync();
  });

  it('dies by its MQTT will (NDEATH with the session bdSeq) and comes back with the next bdSeq', async () => {
    const l = await listen('SIM2');
    const edge = await SparkplugEdgeNode.connect(broker.url, {
      groupId: 'SIM2',
      edgeNodeId: 'E1',
      devices: { 'P-101': sensors.slice(0, 2) },
      plant,
      reconnectPeriodMs: 100,
    });
    await l.until((m) => m.some((x) => x.topic.includes('DBIRTH')));
    edge.deviceDeath('P-101');
    await l.until((m) => m.some((x) => x.topic === 'spBv1.0/SIM2/DDEATH/E1/P-101'));
    expect(num(l.msgs.find((x) => x.topic.includes('DDEATH'))!.p.seq)).toBe(2);
    edge.deviceBirth('P-101');
    await edge.crash({ reconnect: true });
    await l.until((m) => m.some((x) => x.topic.includes('NDEATH')));
    const death = l.msgs.find((x) => x.topic.includes('NDEATH'))!;
    expect(num(death.p.metrics!.find((m) => m.name === 'bdSeq')!.value)).toBe(0);
    await l.until((m) => m.filter((x) => x.topic.includes('NBIRTH')).length === 2);
    const reborn = l.msgs.filter((x) => x.topic.includes('NBIRTH'))[1]!;
    expect(num(reborn.p.metrics!.find((m) => m.name === 'bdSeq')!.value)).toBe(1);
    await edge.close();
    await l.until((m) => m.filter((x) => x.topic.includes('NDEATH')).length === 2);
    await l.client.endAsync();
  });
});
