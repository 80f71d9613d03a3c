/**
 * Partition sessions against a real Mosquitto: readings queued while nobody holds a partition reach its next
 * holder, a message left unacknowledged comes back to the next holder, and a second connection with the same
 * client id fences the first out for good (MQTT 5 session takeover).
 */
import { type MosquittoHandle, startMosquitto } from '@prognos/connectors/testing';
import { partitionOf, readingsTopic } from '@prognos/core';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineLog } from '../pipeline/analytics-pipeline';
import { createSessions, type MessageHandler, PartitionSession } from './session';

const P = 4;
const quiet: PipelineLog = { info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An asset id of the given partition. */
function assetOf(partition: number): string {
  for (let n = 0; ; n++) if (partitionOf(`A-${n}`, P) === partition) return `A-${n}`;
}

async function waitFor(cond: () => boolean, timeoutMs = 5_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await sleep(20);
  }
}

describe('partition sessions on Mosquitto', () => {
  let broker: MosquittoHandle;
  let publisher: mqtt.MqttClient;
  const clusterId = `st-${process.pid}`;
  const sessions: PartitionSession[] = [];
  /** `owns` stands in for the lease check: whether PostgreSQL would still name this holder the owner. */
  const open = (
    partition: number,
    onMessage: MessageHandler,
    onFenced: () => void = () => {},
    owns: () => boolean = () => true,
  ) => {
    const s = new PartitionSession({
      mqttUrl: broker.url,
      clusterId,
      partition,
      onMessage,
      onFenced,
      stillOwned: async () => owns(),
      reconnectDelayMs: 200,
      log: quiet,
    });
    sessions.push(s);
    return s;
  };
  const publish = (partition: number, n: number) =>
    publisher.publishAsync(readingsTopic(assetOf(partition), P), JSON.stringify([{ sensor: 's', ts: n, value: n }]), {
      qos: 1,
    });

  beforeAll(async () => {
    broker = await startMosquitto();
    await createSessions(broker.url, { partitions: P, clusterId });
    publisher = await mqtt.connectAsync(broker.url, { clientId: `st-pub-${process.pid}` });
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.abort()));
    await publisher?.endAsync();
    await broker?.stop();
  });

  it('delivers what was queued while nobody held the partition, in order, to the next holder', async () => {
    for (let n = 1; n <= 20; n++) await publish(0, n);
    const got: number[] = [];
    const s = open(0, async (_topic, payload) => {
      got.push(JSON.parse(payload.toString())[0].value);
      return true;
    });
    await waitFor(() => got.length === 20);
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await s.stop();
  });

  it('a message left unacknowledged at a graceful stop goes to the next holder, with what came after it', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const first: number[] = [];
    let s: PartitionSession | undefined;
    s = open(1, async (_topic, payload) => {
      first.push(JSON.parse(payload.toString())[0].value);
      await gate; // the commit is slow; meanwhile the worker hands the partition back
      return s!.active;
    });
    await publish(1, 1);
    await publish(1, 2);
    await waitFor(() => first.length === 1);
    const stopped = s.stop();
    release();
    await stopped;
    expect(first).toEqual([1]); // message 2 was never taken up

    const second: number[] = [];
    const next = open(1, async (_topic, payload) => {
      second.push(JSON.parse(payload.toString())[0].value);
      return true;
    });
    await waitFor(() => second.length === 2);
    // message 1 was stored but not acknowledged: it comes again (an idempotent re-write), then message 2
    expect(second).toEqual([1, 2]);
    await next.stop();
  });

  it('a second holder takes the session over; the first, its lease gone, is fenced out and never reconnects', async () => {
    const fenced: number[] = [];
    const got: string[] = [];
    let leaseHolder = 'stale';
    const stale = open(
      2,
      async () => {
        got.push('stale');
        return true;
      },
      () => fenced.push(2),
      () => leaseHolder === 'stale',
    );
    await sleep(300);
    // the lease moved (the stale holder's expired and another worker took it), then the new holder connects
    leaseHolder = 'fresh';
    const fresh = open(2, async () => {
      got.push('fresh');
      return true;
    });
    await waitFor(() => fenced.length === 1);
    expect(stale.active).toBe(false);
    // the stale holder stays away (its reconnect would take the session back): the new one keeps consuming
    await sleep(2_500);
    expect(fresh.active).toBe(true);
    await publish(2, 1);
    await waitFor(() => got.length === 1);
    expect(got).toEqual(['fresh']);
    expect(fenced).toEqual([2]);
    await fresh.stop();
  });

  it('reconnects while it still holds the lease: a broker restart (sessions lost) is survived', async () => {
    const got: number[] = [];
    const s = open(3, async (_topic, payload) => {
      got.push(JSON.parse(payload.toString())[0].value);
      return true;
    });
    await publish(3, 1);
    await waitFor(() => got.length === 1);
    await broker.kill();
    await broker.restart();
    // the restarted broker has no sessions (persistence off): the holder re-creates its own on reconnect
    await waitFor(() => s.connected, 10_000);
    await sleep(300); // its SUBSCRIBE goes out right after the CONNACK
    await publisher.endAsync();
    publisher = await mqtt.connectAsync(broker.url, { clientId: `st-pub-${process.pid}` });
    await publish(3, 2);
    await waitFor(() => got.length === 2);
    expect(got).toEqual([1, 2]);
    expect(s.active).toBe(true);
    await s.stop();
  });
});
