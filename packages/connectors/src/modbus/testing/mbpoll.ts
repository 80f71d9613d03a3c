import { spawn } from 'node:child_process';

export interface MbpollOptions {
  host?: string;
  /** Modbus TCP port; ignored with `rtu`. */
  port?: number;
  /** Modbus RTU on a serial line instead of TCP. */
  rtu?: { path: string; baudRate?: number; parity?: 'none' | 'even' | 'odd' };
  unit: number;
  /** mbpoll's -t: 0 coils, 1 discrete inputs, 3 input registers, 4 holding registers. */
  table: 0 | 1 | 3 | 4;
  /** 32-bit interpretation (mbpoll -t 4:float / 4:int); absent = 16-bit registers or bits. */
  type?: 'float' | 'int';
  /** 0-based (PDU) start address: mbpoll runs with -0. */
  address: number;
  count: number;
  /** 32-bit values with the most significant word first (mbpoll -B); mbpoll's default is the low word first. */
  bigEndianWords?: boolean;
}

export interface MbpollValue {
  address: number;
  /** As printed first: unsigned for 16-bit registers, the value for float/int/bits. */
  value: number;
  /** The signed reading mbpoll adds in parentheses for 16-bit registers above 32767. */
  signed?: number;
}

/** Runs Debian's `mbpoll` once (asynchronously) and parses its "[address]: value" lines. */
export function mbpoll(o: MbpollOptions): Promise<MbpollValue[]> {
  const t = `${o.table}${o.type ? `:${o.type}` : ''}`;
  const link = o.rtu
    ? ['-m', 'rtu', '-b', String(o.rtu.baudRate ?? 19200), '-P', o.rtu.parity ?? 'even']
    : ['-m', 'tcp', '-p', String(o.port ?? 502)];
  const args = [...link, '-a', String(o.unit), '-0', '-r', String(o.address)];
  args.push('-c', String(o.count), '-t', t, '-1', '-o', '2');
  if (o.bigEndianWords) args.push('-B');
  args.push(o.rtu ? o.rtu.path : (o.host ?? '127.0.0.1'));
  return new Promise((resolve, reject) => {
    const c = spawn('mbpoll', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => {
      out += d;
    });
    c.stderr.on('data', (d) => {
      err += d;
    });
    c.once('error', reject);
    // 'close', not 'exit': only then has all of stdout been read.
    c.once('close', (code) => {
      const values: MbpollValue[] = [];
      for (const m of out.matchAll(/^\[(\d+)\]:\s+(-?[\d.e+-]+|nan|inf)(?:\s+\((-?\d+)\))?/gim)) {
        values.push({
          address: Number(m[1]),
          value: Number(m[2]),
          ...(m[3] !== undefined ? { signed: Number(m[3]) } : {}),
        });
      }
      if (code !== 0 || values.length === 0)
        reject(new Error(`mbpoll ${args.join(' ')} failed (${code}): ${err.trim()}`));
      else resolve(values);
    });
  });
}
