/**
 * OPC UA path: a node-opcua server in its own process (opcua-server.ts) whose variables all change every
 * updateIntervalMs with source timestamps, and one `opcua` connector with a single subscription monitoring every
 * variable, run by the ConnectorManager. After a warm-up (every tag delivered once), value changes stored per second
 * are counted over a fixed window; "produced" is what the server published into its address space meanwhile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@prognos/connectors/testing';
import { log, type PathResult, spawnScript, waitFor, withPhase } from './harness';
import { LatencySample } from './latency';
import type { OpcuaServerBenchOptions } from './opcua-server';

const SERVER = fileURLToPath(new URL('./opcua-server.ts', import.meta.url));

type ServerMsg =
  | { type: 'ready'; endpointUrl: string; nodeIds: Record<string, string> }
  | { type: 'stats'; updates: number };

export interface OpcuaBenchOptions {
  durationMs: number;
  variables: number;
  updateIntervalMs: number;
  samplingIntervalMs: number;
  publishingIntervalMs: number;
}

export async function benchOpcua(o: OpcuaBenchOptions): Promise<PathResult> {
  const { out, verified } = await withPhase('opcua', async (p) => {
    const pkiDir = mkdtempSync(join(tmpdir(), 'prognos-bench-opcua-pki-'));
    p.defer(() => rmSync(pkiDir, { recursive: true, force: true }));
    const serverOpts: OpcuaServerBenchOptions = {
      port: await freePort(),
      pkiDir,
      variables: o.variables,
      updateIntervalMs: o.updateIntervalMs,
    };
    const server = spawnScript<ServerMsg>(SERVER, [JSON.stringify(serverOpts)]);
    p.defer(() => server.kill());
    const ready = await server.next('ready', 60_000);
    const tags = Object.entries(ready.nodeIds).map(([sensor, nodeId]) => ({ nodeId, sensor }));
    log(
      `opcua: ${tags.length} variables changing every ${o.updateIntervalMs} ms, one subscription (sampling ${o.samplingIntervalMs} ms, publishing ${o.publishingIntervalMs} ms)`,
    );
    await p.manager.load({
      version: 1,
      connectors: [
        {
          id: 'bench-opcua',
          kind: 'opcua',
          endpointUrl: ready.endpointUrl,
          samplingIntervalMs: o.samplingIntervalMs,
          publishingIntervalMs: o.publishingIntervalMs,
          tags,
        },
      ],
    });
    await p.manager.start();
    await waitFor(() => p.manager.get('bench-opcua')?.health.state === 'connected', 30_000, 'the OPC UA connector');
    await waitFor(
      () => p.manager.get('bench-opcua')?.health.tags.every((t) => t.lastValueAt !== undefined) ?? false,
      30_000,
      'a first value of every tag',
    );
    await new Promise((r) => setTimeout(r, 1000));

    server.send({ type: 'stats' });
    const u0 = (await server.next('stats')).updates;
    const s0 = p.stored;
    const t0 = Date.now();
    p.latency = new LatencySample();
    await new Promise((r) => setTimeout(r, o.durationMs));
    const s1 = p.stored;
    const t1 = Date.now();
    server.send({ type: 'stats' });
    const u1 = (await server.next('stats')).updates;
    const h = p.manager.get('bench-opcua')?.health;
    if (h?.errors) log(`opcua: connector counted ${h.errors} errors (last: ${h.lastError?.message})`);
    const seconds = (t1 - t0) / 1000;
    return {
      stored: s1 - s0,
      storedTotal: p.stored,
      produced: u1 - u0,
      seconds,
      rate: (s1 - s0) / seconds,
      latency: p.latency,
      note: `${tags.length.toLocaleString('en-US')} variables every ${o.updateIntervalMs} ms, 1 subscription`,
    };
  });
  return { ...out, verified };
}
