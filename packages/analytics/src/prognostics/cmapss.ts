/**
 * NASA C-MAPSS turbofan run-to-failure files (Saxena, Goebel, Simon & Eklund 2008, "Damage propagation modeling
 * for aircraft engine run-to-failure simulation", PHM08): space separated, no header, 26 columns per row —
 * unit, cycle, three operational settings, 21 sensors. Lines often end in trailing spaces.
 */

/** One engine's trajectory, cycles in file order. */
export interface EngineHistory {
  unit: number;
  cycles: number[];
  /** Operational settings per cycle (altitude, Mach number, throttle resolver angle in C-MAPSS). */
  settings: number[][];
  /** Sensor readings per cycle. */
  sensors: number[][];
}

const SETTING_COLUMNS = 3;
const SENSOR_COLUMNS = 21;

/** Columns of a C-MAPSS row: unit, cycle, the settings and the sensors. */
export const CMAPSS_COLUMNS = 2 + SETTING_COLUMNS + SENSOR_COLUMNS;

/**
 * A line of a C-MAPSS or RUL file that cannot be read: which file, line (1-based) and column (1-based, absent when
 * the whole row is wrong), so that a user can find it in a file of 60,000 lines.
 */
export class CmapssFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    readonly column?: number,
  ) {
    super(`${file}:${line}: ${column !== undefined ? `column ${column}: ` : ''}${reason}`);
    this.name = 'CmapssFormatError';
  }
}

/** Parses a train_FD00x / test_FD00x file into engines, in order of first appearance. */
export function parseCmapss(text: string, name = 'cmapss'): EngineHistory[] {
  const byUnit = new Map<number, EngineHistory>();
  const lines = text.split(/\r?\n/);
  for (let k = 0; k < lines.length; k++) {
    const line = (lines[k] as string).trim();
    if (line === '') continue;
    const tokens = line.split(/\s+/);
    if (tokens.length !== CMAPSS_COLUMNS) {
      throw new CmapssFormatError(name, k + 1, `expected ${CMAPSS_COLUMNS} columns, got ${tokens.length}`);
    }
    const f = tokens.map(Number);
    const bad = f.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new CmapssFormatError(name, k + 1, `"${tokens[bad]}" is not a number`, bad + 1);
    const unit = f[0] as number;
    let e = byUnit.get(unit);
    if (!e) {
      e = { unit, cycles: [], settings: [], sensors: [] };
      byUnit.set(unit, e);
    }
    e.cycles.push(f[1] as number);
    e.settings.push(f.slice(2, 2 + SETTING_COLUMNS));
    e.sensors.push(f.slice(2 + SETTING_COLUMNS));
  }
  return [...byUnit.values()];
}

/** Parses RUL_FD00x.txt: one true remaining-cycles value per test engine, in engine order. */
export function parseRulFile(text: string, name = 'RUL'): number[] {
  return text
    .split(/\r?\n/)
    .map((l, k) => ({ l: l.trim(), line: k + 1 }))
    .filter(({ l }) => l !== '')
    .map(({ l, line }) => {
      const token = l.split(/\s+/)[0] as string;
      const v = Number(token);
      if (!Number.isFinite(v)) throw new CmapssFormatError(name, line, `"${token}" is not a number`, 1);
      return v;
    });
}

/** True remaining cycles at every cycle of a run-to-failure trajectory (0 at the last, failing, cycle). */
export function remainingCycles(e: EngineHistory): number[] {
  const last = e.cycles[e.cycles.length - 1] ?? 0;
  return e.cycles.map((c) => last - c);
}
