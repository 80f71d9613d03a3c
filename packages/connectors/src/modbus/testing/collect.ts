import type { Reading } from '@prognos/core';
import type { ConnectorContext, ConnectorEvent, Emit } from '../../contract';

/** A test sink: records emitted readings and connector events, and waits for conditions on them. */
export function collector() {
  const readings: Reading[] = [];
  const events: ConnectorEvent[] = [];
  const emit: Emit = async (batch) => {
    readings.push(...batch);
  };
  const ctx: ConnectorContext = {
    dataDir: '/tmp',
    log: { info() {}, warn() {}, error() {} },
    onEvent: (e) => events.push(e),
  };
  const of = (sensor: string) => readings.filter((r) => r.sensor === sensor);
  return { readings, events, emit, ctx, of };
}

/** Polls `cond` every 20 ms until it holds, or fails after timeoutMs with `what`. */
export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
