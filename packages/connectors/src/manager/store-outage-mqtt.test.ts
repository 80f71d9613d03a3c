import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openSqliteStore } from '@prognos/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorFactory } from '../contract';
import { mqttFactory } from '../mqtt/index';
import { type MosquittoHandle, startMosquitto } from '../testing/mosquitto';
import { eventually, intakeProblems, managerOverStore, storeOutage } from '../testing/outage';

const SENSOR = 'L1.COUNT';
const run = promisify(execFile);

/**
 * The device: Debian's mosquitto_pub at QoS 1, one JSON message per line of its stdin (-l), a counter `n` and its
 * own timestamp `t` (strictly increasing, so the store's sensor+timestamp key never folds two messages into one).
 */
class Publisher {
  /** Source timestamp of each counter value written so far (index = n). */
  readonly sent: number[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  private timer?: NodeJS.Timeout;
  private stderr = '';

  constructor(port: number, topic: string) {
    this.child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-q', '1', '-t', topic, '-l'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    this.child.stderr?.on('data', (d) => {
      this.stderr += d;
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Writes the next counter value every `everyMs`. */
  start(everyMs: number): void {
    this.timer = setInterval(() => {
      const n = this.sent.length;
      const t = Math.max(Date.now(), (this.sent[n - 1] ?? 0) + 1);
      this.sent.push(t);
      this.child.stdin?.write(`${JSON.stringify({ n, t })}\n`);
    }, everyMs);
  }

  /** Stops producing; mosquitto_pub publishes what it has read, waits for its PUBACKs and exits. */
  async end(): Promise<void> {
    clearInterval(this.timer);
    this.child.stdin?.end();
    const code = await this.exited;
    if (code !== 0) throw new Error(`mosquitto_pub exited ${code}: ${this.stderr}`);
  }

  kill(): void {
    clearInterval(this.timer);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

let broker: MosquittoHandle;
let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'prognos-outage-mqtt-'));
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('store outage under the ConnectorManager: MQTT JSON (Mosquitto, mosquitto_pub at QoS 1)', () => {
  it('keeps every counter value published while the store was stopped, in order, once it is back', async () => {
    const { store, mgr, health, why } = await managerOverStore({
      open: () => openSqliteStore({ path: join(root, 'store.db') }),
      factory: mqttFactory as unknown as ConnectorFactory,
      dataDir: join(root, 'data'),
      connector: {
        id: 'gateway',
        kind: 'mqtt',
        url: broker.url,
        clientId: `prognos-outage-${process.pid}`,
        mappings: [{ topic: 'line/{asset}/{sensor}', sensor: '{asset}.{sensor}', valuePath: 'n', timestampPath: 't' }],
      },
    });
    await mgr.start();
    const device = new Publisher(broker.port, 'line/L1/COUNT');
    try {
      // the subscription is granted a little after CONNACK: a probe that reaches the store proves it is in place
      await eventually(
        async () => {
          await run('mosquitto_pub', [
            '-h',
            '127.0.0.1',
            '-p',
            String(broker.port),
            '-q',
            '1',
            '-t',
            'line/L1/PROBE',
            '-m',
            JSON.stringify({ n: 1, t: Date.now() }),
          ]);
          return store.accepted.some((r) => r.sensor === 'L1.PROBE');
        },
        10_000,
        'the subscription',
        why,
      );
      device.start(50);
      await eventually(
        () => store.accepted.filter((r) => r.sensor === SENSOR).length >= 5,
        10_000,
        'values stored',
        why,
      );

      const out = await storeOutage(store, health, 3000);
      expect(out.maxBuffered).toBeGreaterThan(0);
      expect(out.states).toEqual(['connected']);
      const during = device.sent.filter((t) => t >= out.downAt && t < out.upAt).length;
      expect(during).toBeGreaterThanOrEqual(20);

      const upAt = out.upAt;
      await eventually(() => store.accepted.some((r) => r.ts > upAt + 300), 10_000, 'values after the return', why);
      await device.end();
      const total = device.sent.length;
      await eventually(() => store.accepted.some((r) => r.value === total - 1), 10_000, 'the last value', why);
      await eventually(() => health()?.buffered === 0, 10_000, 'the backlog delivered', why);
      expect(health()?.state).toBe('connected');
      await mgr.stop();

      // every value published, before, during and after the outage, each with its source timestamp
      const stored = await store.read(SENSOR);
      expect(stored.map((r) => r.value)).toEqual(Array.from({ length: total }, (_, n) => n));
      expect(stored.map((r) => r.ts)).toEqual(device.sent);
      expect(intakeProblems(store.accepted, SENSOR)).toEqual([]);
      expect(store.refused).toBeGreaterThan(0);
    } finally {
      device.kill();
      await mgr.stop();
      await store.stop();
    }
  });
});
