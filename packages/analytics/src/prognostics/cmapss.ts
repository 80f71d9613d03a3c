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

/** Parses a train_FD00x / test_FD00x file into engines, in order of first appearance. */
export function parseCmapss(text: string, name = 'cmapss'): EngineHistory[] {
  const byUnit = new Map<number, EngineHistory>();
  const lines = text.split(/\r?\n/);
  for (let k = 0; k < lines.length; k++) {
    const line = (lines[k] as string).trim();
    if (line === '') continue;
    const f = line.split(/\s+/).map(Number);
    if (f.length !== 2 + SETTING_COLUMNS + SENSOR_COLUMNS) {
      throw new Error(`${name}:${k + 1}: expected ${2 + SETTING_COLUMNS + SENSOR_COLUMNS} columns, got ${f.length}`);
    }
    if (f.some((v) => !Number.isFinite(v))) throw new Error(`${name}:${k + 1}: a value is not a number`);
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
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l, i) => {
      const v = Number(l.split(/\s+/)[0]);
      if (!Number.isFinite(v)) throw new Error(`${name}:${i + 1}: not a number`);
      return v;
    });
}

/** True remaining cycles at every cycle of a run-to-failure trajectory (0 at the last, failing, cycle). */
export function remainingCycles(e: EngineHistory): number[] {
  const last = e.cycles[e.cycles.length - 1] ?? 0;
  return e.cycles.map((c) => last - c);
}
