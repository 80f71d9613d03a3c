/**
 * Modbus TCP path: the Debian pymodbus 3.0 test server (startPymodbus, the tests' peer) and the `modbus` connector
 * run by the ConnectorManager, polling `groups` poll groups at a short interval, each group one read of holding
 * registers 0–99 as uint16 (the server's whole valid holding range: 100–199 answer "illegal address", so a full
 * 125-register read is impossible on this peer). Each group maps the registers to its own sensors, so every
 * register read is one stored reading. After a warm-up, registers stored per second are counted over a fixed
 * window. A reading's timestamp is its poll time (Modbus carries none), so latency is poll → store.
 */
import { startPymodbus } from '@prognos/connectors/testing';
import { log, type PathResult, waitFor, withPhase } from './harness';
import { LatencySample } from './latency';

/** The pymodbus test server's valid holding registers are 0–99 (see pymodbus-server.py). */
const REGISTERS = 100;

export interface ModbusBenchOptions {
  durationMs: number;
  groups: number;
  intervalMs: number;
}

export async function benchModbus(o: ModbusBenchOptions): Promise<PathResult> {
  const { out, verified } = await withPhase('modbus', async (p) => {
    const server = await startPymodbus();
    p.defer(() => server.stop());
    log(
      `modbus: ${o.groups} poll groups × ${REGISTERS} holding registers every ${o.intervalMs} ms from one pymodbus server`,
    );
    await p.manager.load({
      version: 1,
      connectors: [
        {
          id: 'bench-modbus',
          kind: 'modbus',
          host: server.host,
          port: server.port,
          unitId: server.unit,
          pollGroups: Array.from({ length: o.groups }, (_, g) => ({
            name: `g${g}`,
            intervalMs: o.intervalMs,
            registers: Array.from({ length: REGISTERS }, (_, a) => ({
              function: 3,
              address: a,
              type: 'uint16',
              sensor: `MB.G${g}.HR${String(a).padStart(3, '0')}`,
            })),
          })),
        },
      ],
    });
    await p.manager.start();
    await waitFor(() => p.manager.get('bench-modbus')?.health.state === 'connected', 10_000, 'the Modbus connector');
    await waitFor(() => p.stored >= o.groups * REGISTERS, 10_000, 'a first poll of every group');
    await new Promise((r) => setTimeout(r, 500));

    const s0 = p.stored;
    const t0 = Date.now();
    p.latency = new LatencySample();
    await new Promise((r) => setTimeout(r, o.durationMs));
    const s1 = p.stored;
    const t1 = Date.now();
    const h = p.manager.get('bench-modbus')?.health;
    if (h?.errors) log(`modbus: connector counted ${h.errors} errors (last: ${h.lastError?.message})`);
    const seconds = (t1 - t0) / 1000;
    const offered = (o.groups * REGISTERS * 1000) / o.intervalMs;
    return {
      stored: s1 - s0,
      storedTotal: p.stored,
      // what the configured polling asks for; the server's answer time decides how much of it happens
      produced: Math.round(offered * seconds),
      seconds,
      rate: (s1 - s0) / seconds,
      latency: p.latency,
      note: `${o.groups} groups × ${REGISTERS} uint16 holding registers every ${o.intervalMs} ms`,
    };
  });
  return { ...out, verified };
}
