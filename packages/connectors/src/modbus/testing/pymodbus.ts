import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../testing/mosquitto';

/** Debian's python3-pymodbus lives in the system Python, not in a pyenv that may come first on PATH. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
export const PYMODBUS_SERVER_SCRIPT = fileURLToPath(new URL('./pymodbus-server.py', import.meta.url));

export interface PymodbusHandle {
  host: string;
  port: number;
  /** The served device; unit + 1 answers as a gateway whose target failed (exception 11); others time out. */
  unit: number;
  /** Kills the server (SIGKILL, as a crash would). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface PymodbusRtuHandle {
  /** The tty the client opens (a pty joined to the server's pty, 8N1: ptys refuse parity settings). */
  path: string;
  unit: number;
  stop(): Promise<void>;
}

/** Spawns the server script and resolves with the word after "READY" once it serves. */
function spawnServer(args: string[]): Promise<{ child: ChildProcess; ready: string }> {
  return new Promise((resolve, reject) => {
    const c = spawn(SYSTEM_PYTHON, [PYMODBUS_SERVER_SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let ready = false;
    const timer = setTimeout(() => {
      c.kill('SIGKILL');
      reject(new Error(`pymodbus server did not start within 10 s: ${err.slice(-500)}`));
    }, 10_000);
    c.stdout?.on('data', (d) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (m && !ready) {
        ready = true;
        clearTimeout(timer);
        resolve({ child: c, ready: m[1] as string });
      }
    });
    c.stderr?.on('data', (d) => {
      err += d;
      if (err.length > 20_000) err = err.slice(-10_000);
    });
    c.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`pymodbus server exited (${code ?? signal}): ${err.slice(-1000)}`));
    });
  });
}

async function killChild(c: ChildProcess | undefined): Promise<void> {
  if (!c || c.exitCode !== null || c.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  });
}

/**
 * Starts the pymodbus 3.0 test server (`pymodbus-server.py`, register map in its header) as Modbus TCP on a free
 * port of 127.0.0.1 and resolves once it accepts connections.
 */
export async function startPymodbus(opts: { port?: number; unit?: number } = {}): Promise<PymodbusHandle> {
  const port = opts.port ?? (await freePort());
  const unit = opts.unit ?? 1;
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = (await spawnServer(['--port', String(port), '--unit', String(unit)])).child;
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    await killChild(c);
  };
  await launch();
  return { host: '127.0.0.1', port, unit, kill, restart: launch, stop: kill };
}

/** The same device as Modbus RTU (19200 8N1) on a pseudo-terminal pair: a serial line without hardware. */
export async function startPymodbusRtu(opts: { unit?: number } = {}): Promise<PymodbusRtuHandle> {
  const unit = opts.unit ?? 1;
  const { child, ready } = await spawnServer(['--rtu', '--unit', String(unit)]);
  return { path: ready, unit, stop: () => killChild(child) };
}
