/** Loading single-channel vibration records and naming their bearing condition. */

export type BearingCondition = 'normal' | 'ball' | 'inner-race' | 'outer-race';

export const BEARING_CONDITIONS: readonly BearingCondition[] = ['normal', 'ball', 'inner-race', 'outer-race'];

export interface BearingRecordName {
  condition: BearingCondition;
  /** Fault diameter as written in the name, in thousandths of an inch ('007', '021'); undefined for normal. */
  size?: string;
  /** Motor load in HP when the name carries it (`_0_` in IR007_0_DE.csv). */
  load?: number;
}

const FAULT_CODES: Record<string, BearingCondition> = { B: 'ball', IR: 'inner-race', OR: 'outer-race' };

/**
 * Condition and fault size from a CWRU-style file name: `IR007_0_DE.csv`, `B021_0_DE.csv`,
 * `OR007_centered_at_6_0_DE.csv`, `OR014@6_1.csv`, `normal_0_DE.csv`. Undefined for any other name.
 */
export function parseBearingRecordName(fileName: string): BearingRecordName | undefined {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const load = (s: string) => {
    const m = /_(\d)(?:_(?:DE|FE|BA))?$/i.exec(s);
    return m ? Number(m[1]) : undefined;
  };
  if (/^normal/i.test(base)) return { condition: 'normal', load: load(base) };
  const m = /^(IR|OR|B)(\d{3})(.*)$/i.exec(base);
  if (!m) return undefined;
  const condition = FAULT_CODES[(m[1] as string).toUpperCase()] as BearingCondition;
  return { condition, size: m[2] as string, load: load(m[3] as string) };
}

/**
 * One value per line with an optional header line (`DE_accel_g`). Blank lines are skipped; any other line that
 * is not a number is an error naming its line, since a silently dropped sample would shift every later one.
 */
export function parseSingleColumn(text: string, name = 'input'): { column: string; values: Float64Array } {
  const lines = text.split(/\r?\n/);
  let column = 'value';
  const values = new Float64Array(lines.length);
  let n = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const v = Number(line);
    if (Number.isFinite(v)) values[n++] = v;
    else if (i === 0) column = line;
    else throw new Error(`${name}:${i + 1}: "${line.slice(0, 40)}" is not a number`);
  }
  return { column, values: values.slice(0, n) };
}
