import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, startTestServer, type TestServer, waitFor } from './harness';

interface View {
  config: { id: string; kind: string; endpointUrl?: string; password?: string };
  health: { id: string; state: string; readings: number; tags: { sensor: string; lastValueAt?: number }[] };
}

// The demo runs every protocol path: Modbus TCP, OPC UA, Sparkplug B and MQTT JSON, each through its connector.
describe('connectors in the demo', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ backfillHours: 0.25 });
  });
  afterAll(async () => s?.stop());

  it('every demo connector connects and delivers readings into the store', async () => {
    const list = await waitFor(
      async () => {
        const r = await getJson<{ connectors: View[] }>(`${s.base}/api/connectors`);
        const c = r.body.connectors;
        return c.length === 4 && c.every((x) => x.health.state === 'connected' && x.health.readings > 0)
          ? c
          : undefined;
      },
      20_000,
      'all demo connectors connected with data',
    );
    expect(list.map((c) => c.config.kind).sort()).toEqual(['modbus', 'mqtt', 'opcua', 'sparkplug']);
    // a sensor reached through each protocol has fresh data in the store
    for (const sensor of ['G-401.VIB-IN', 'S-601.VIB', 'C-301.VIB', 'P-102.FLOW']) {
      const now = Date.now();
      const r = await waitFor(
        async () => {
          const x = await getJson<{ ts: number[] }>(
            `${s.base}/api/readings/${sensor}?from=${now - 5_000}&to=${now + 60_000}`,
          );
          return x.body.ts?.length ? x.body : undefined;
        },
        10_000,
        `fresh readings of ${sensor}`,
      );
      expect(r.ts.length).toBeGreaterThan(0);
    }
  });

  it('browses the demo OPC UA server with live values, before saving (preview)', async () => {
    const opcua = (await getJson<View>(`${s.base}/api/connectors/demo-opcua`)).body;
    const root = await postJson<{ items: { tag: string; name: string; hasChildren?: boolean }[] }>(
      `${s.base}/api/connectors/preview`,
      {
        config: { id: 'try', kind: 'opcua', endpointUrl: opcua.config.endpointUrl, tags: [] },
      },
    );
    expect(root.status).toBe(200);
    expect(root.body.items.some((i) => i.name === 'Plant')).toBe(true);
  });

  it('rejects an invalid connector with errors that name the field, and keeps running ones', async () => {
    const res = await fetch(`${s.base}/api/connectors/bad-one`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'modbus',
        host: 'localhost',
        pollGroups: [{ name: 'g', intervalMs: 1000, registers: [{ function: 9, address: 0, sensor: 'X' }] }],
      }),
    });
    const body = (await res.json()) as { code: string; details: { errors: { path: string }[] } };
    expect(res.status).toBe(422);
    expect(body.code).toBe('CONFIG_INVALID');
    expect(body.details.errors.some((e) => e.path.includes('pollGroups[0].registers[0].function'))).toBe(true);
    const missing = await getJson<{ code: string }>(`${s.base}/api/connectors/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CONNECTOR_NOT_FOUND');
  });

  it('adds a connector through the API, reports its truthful state, and removes it', async () => {
    const put = await fetch(`${s.base}/api/connectors/extra-modbus`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'modbus',
        host: '127.0.0.1',
        port: 1, // nothing listens there
        pollGroups: [
          {
            name: 'g',
            intervalMs: 1000,
            registers: [{ function: 3, address: 0, type: 'uint16', sensor: 'P-101.FLOW' }],
          },
        ],
      }),
    });
    expect(put.status).toBe(200);
    const state = await waitFor(
      async () => {
        const v = (await getJson<View>(`${s.base}/api/connectors/extra-modbus`)).body;
        return v.health.state === 'reconnecting' || v.health.state === 'error' ? v.health.state : undefined;
      },
      10_000,
      'a truthful state for an unreachable device',
    );
    expect(['reconnecting', 'error']).toContain(state);
    const del = await fetch(`${s.base}/api/connectors/extra-modbus`, { method: 'DELETE' });
    expect(del.status).toBe(204);
  });
});

describe('connector events', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ backfillHours: 0.25 });
  });
  afterAll(async () => s?.stop());

  it('a device that goes quiet raises a stale-tag data-quality event', async () => {
    await waitFor(
      async () => {
        const r = await getJson<{ connectors: View[] }>(`${s.base}/api/connectors`);
        return r.body.connectors.find((c) => c.config.id === 'demo-modbus' && c.health.readings > 0);
      },
      20_000,
      'demo Modbus data',
    );
    // the simulated PLC drops off the network
    await s.p.ctx.simulator!.stopDevice('modbus');
    const ev = await waitFor(
      async () => {
        const r = await getJson<{ events: { type: string; connectorId: string; sensor?: string }[] }>(
          `${s.base}/api/connectors/events`,
        );
        return r.body.events.find((e) => e.connectorId === 'demo-modbus' && e.type === 'tag_stale');
      },
      15_000,
      'a tag_stale event',
    );
    expect(ev.sensor).toMatch(/^(G-401|M-201)\./);
  });
});
