import { type AddressInfo, createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import { afterEach, describe, expect, it } from 'vitest';
import { MqttGateway } from './mqtt-gateway';
import { demoSim } from './test-helpers';

interface Received {
  topic: string;
  qos: number;
  body: { readings: { sensor: string; ts: number; value: number; quality: number }[] };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function startBroker(port = 0): Promise<{ port: number; received: Received[] }> {
  const broker = await Aedes.createBroker();
  const received: Received[] = [];
  await new Promise<void>((resolve) =>
    broker.subscribe(
      'prognos/readings/#',
      (packet, cb) => {
        received.push({ topic: packet.topic, qos: packet.qos, body: JSON.parse(packet.payload.toString()) });
        cb();
      },
      () => resolve(),
    ),
  );
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  cleanups.push(async () => {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port: (server.address() as AddressInfo).port, received };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('MqttGateway', () => {
  it('publishes one JSON message per asset at QoS 1', async () => {
    const { port, received } = await startBroker();
    const gw = await MqttGateway.connect(`mqtt://127.0.0.1:${port}`, { clientId: 'test-gw' });
    cleanups.push(() => gw.close());
    const sim = demoSim();
    const readings = sim.step(Date.UTC(2025, 0, 6));
    expect(gw.publish(readings)).toBe(7);
    expect(await gw.flush(5000)).toBe(true);
    expect(received).toHaveLength(7);
    const p101 = received.find((m) => m.topic === 'prognos/readings/P-101')!;
    expect(p101.qos).toBe(1);
    expect(p101.body.readings).toEqual(readings.filter((r) => r.sensor.startsWith('P-101.')));
    expect(Object.keys(p101.body.readings[0]!)).toEqual(['sensor', 'ts', 'value', 'quality']);
    expect(new Set(received.map((m) => m.topic)).size).toBe(7);
    expect(gw.stats()).toMatchObject({ connected: true, sent: 7, queued: 0, inFlight: 0, dropped: 0 });
  });

  it('buffers while the broker is unreachable and delivers once it is up', async () => {
    const port = await freePort();
    const gw = await MqttGateway.connect(`mqtt://127.0.0.1:${port}`, {
      waitForConnect: false,
      reconnectPeriodMs: 100,
      topicPrefix: 'prognos/readings/site1',
    });
    cleanups.push(() => gw.close(500));
    const sim = demoSim();
    for (let i = 0; i < 3; i++) gw.publish(sim.step(Date.UTC(2025, 0, 6) + i * 1000));
    expect(gw.stats()).toMatchObject({ connected: false, queued: 21, sent: 0 });
    const { received } = await startBroker(port);
    expect(await gw.flush(5000)).toBe(true);
    expect(received).toHaveLength(21);
    expect(received[0]!.topic).toMatch(/^prognos\/readings\/site1\/[A-Z]-\d{3}$/);
    // Order is kept: the three steps arrive in sequence for each asset.
    const tsOfP101 = received.filter((m) => m.topic.endsWith('P-101')).map((m) => m.body.readings[0]!.ts);
    expect(tsOfP101).toEqual([0, 1, 2].map((i) => Date.UTC(2025, 0, 6) + i * 1000));
  });

  it('bounds the buffer by dropping the oldest messages', async () => {
    const port = await freePort();
    const gw = await MqttGateway.connect(`mqtt://127.0.0.1:${port}`, { waitForConnect: false, maxBuffered: 10 });
    cleanups.push(() => gw.close(100));
    const sim = demoSim();
    gw.publish(sim.step(Date.UTC(2025, 0, 6)));
    gw.publish(sim.step(Date.UTC(2025, 0, 6) + 1000));
    gw.publish(sim.step(Date.UTC(2025, 0, 6) + 2000));
    expect(gw.stats()).toMatchObject({ queued: 10, dropped: 11 });
  });

  it('fails to connect with a clear message when no broker answers', async () => {
    const port = await freePort();
    await expect(MqttGateway.connect(`mqtt://127.0.0.1:${port}`, { connectTimeoutMs: 300 })).rejects.toThrow(
      /cannot connect to MQTT broker/,
    );
  });
});
