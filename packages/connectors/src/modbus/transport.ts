import ModbusRTU from 'modbus-serial';
import type { ModbusConfig, ModbusFunction } from './config';

export const DEFAULT_TIMEOUT_MS = 1000;

/**
 * One Modbus connection (TCP, or RTU over a serial line) with requests serialised: most devices and every RTU bus
 * handle one transaction at a time. A transport is used once: after it closes, the connector makes a new one.
 */
export class ModbusTransport {
  readonly target: string;
  private readonly client = new ModbusRTU();
  private queue: Promise<unknown> = Promise.resolve();
  private closedErr?: Error;
  private closeListeners: Array<(err: Error) => void> = [];
  private rejectPending = new Set<(err: Error) => void>();
  private opened = false;

  constructor(private readonly config: ModbusConfig) {
    this.target = describeTarget(config);
    this.client.setID(config.unitId ?? 1);
    this.client.setTimeout(config.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    // modbus-serial re-emits port errors on the client; without a listener an EventEmitter 'error' would throw.
    this.client.on('error', (err) => this.markClosed(toError(err, 'port error')));
    this.client.on('close', () => this.markClosed(new Error(`connection to ${this.target} closed`)));
  }

  get isOpen(): boolean {
    return this.opened && !this.closedErr && this.client.isOpen;
  }

  /** Opens the connection; rejects on refusal, on a serial error, or after timeoutMs. */
  async connect(): Promise<void> {
    const c = this.config;
    const timeoutMs = c.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const opening = c.serial
      ? // Modbus RTU: the buffered port reassembles frames from the serial stream (needs the optional `serialport`).
        this.client.connectRTUBuffered(c.serial.path, {
          baudRate: c.serial.baudRate ?? 19200,
          parity: c.serial.parity ?? 'even',
          dataBits: c.serial.dataBits ?? 8,
          stopBits: c.serial.stopBits ?? 1,
        })
      : this.client.connectTCP(c.host ?? '127.0.0.1', { port: c.port ?? 502 });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        opening,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`connect to ${this.target} timed out after ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (err) {
      await this.close();
      throw toError(err, `cannot connect to ${this.target}`);
    } finally {
      clearTimeout(timer);
    }
    this.opened = true;
    if (this.closedErr) throw this.closedErr;
  }

  /** Called once when the connection drops (not after close()). */
  onClose(cb: (err: Error) => void): void {
    this.closeListeners.push(cb);
  }

  /** Reads `count` registers (0..65535) or bits (0/1) with function 1–4. */
  read(fn: ModbusFunction, address: number, count: number): Promise<number[]> {
    const run = async (): Promise<number[]> => {
      if (this.closedErr) throw this.closedErr;
      const req = this.request(fn, address, count);
      // A dropped connection fails the request at once instead of after the transaction timeout.
      let rejectOnClose: ((err: Error) => void) | undefined;
      const closed = new Promise<never>((_, reject) => {
        rejectOnClose = reject;
        this.rejectPending.add(reject);
      });
      try {
        return await Promise.race([req, closed]);
      } finally {
        if (rejectOnClose) this.rejectPending.delete(rejectOnClose);
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  async close(): Promise<void> {
    this.closeListeners = [];
    this.markClosed(new Error('closed'));
    await new Promise<void>((resolve) => {
      try {
        // destroy, not close: close() waits for the peer's FIN, which a dead peer never sends.
        this.client.destroy(() => resolve());
      } catch {
        resolve();
      }
      setTimeout(resolve, 200).unref();
    });
  }

  private async request(fn: ModbusFunction, address: number, count: number): Promise<number[]> {
    switch (fn) {
      case 1:
        return bits((await this.client.readCoils(address, count)).data, count);
      case 2:
        return bits((await this.client.readDiscreteInputs(address, count)).data, count);
      case 3:
        return (await this.client.readHoldingRegisters(address, count)).data;
      case 4:
        return (await this.client.readInputRegisters(address, count)).data;
    }
  }

  private markClosed(err: Error): void {
    if (this.closedErr) return;
    this.closedErr = err;
    for (const reject of this.rejectPending) reject(err);
    this.rejectPending.clear();
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const cb of listeners) cb(err);
  }
}

/** Coil replies are padded to whole bytes; keep the requested ones. */
function bits(data: boolean[], count: number): number[] {
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = data[i] ? 1 : 0;
  return out;
}

export function describeTarget(c: ModbusConfig): string {
  const unit = c.unitId ?? 1;
  if (c.serial) {
    const s = c.serial;
    const frame = `${s.dataBits ?? 8}${(s.parity ?? 'even')[0]?.toUpperCase()}${s.stopBits ?? 1}`;
    return `rtu:${s.path}@${s.baudRate ?? 19200},${frame} unit ${unit}`;
  }
  return `tcp://${c.host ?? '127.0.0.1'}:${c.port ?? 502} unit ${unit}`;
}

function toError(err: unknown, fallback: string): Error {
  if (err instanceof Error) return err;
  const e = err as { message?: unknown } | undefined;
  const out = new Error(typeof e?.message === 'string' && e.message ? e.message : fallback);
  Object.assign(out, err);
  return out;
}
