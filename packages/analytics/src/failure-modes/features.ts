/**
 * Features for failure-mode rules: the raw process columns plus the physical quantities failure mechanisms act
 * on, built from declared column roles so any machine's table maps onto them (Matzka 2020, "Explainable
 * Artificial Intelligence for Predictive Maintenance Applications", AI4I 2020):
 *   mechanical power P = M · ω = torque [Nm] × 2π · speed [rpm] / 60   [W]
 *   heat-dissipation margin ΔT = process − air temperature            [K]
 *   tool strain = tool wear [min] × torque [Nm]                        [min·Nm]
 * A model can then find "power outside 3.5–9 kW" as one threshold pair instead of a curved boundary in
 * torque–speed space, which a depth-limited tree could only approximate with a staircase.
 */

/** One input row: column name → cell (numbers may arrive as text, as from a CSV). */
export type RawRow = Readonly<Record<string, string | number>>;

/** Which column plays which physical role. Every role is optional; derived features need both inputs. */
export interface ColumnRoles {
  /** Rotational speed [rpm]. */
  speed?: string;
  /** Torque [Nm]. */
  torque?: string;
  /** Ambient / air temperature [K] (°C works too: only the difference is derived). */
  airTemperature?: string;
  /** Process temperature [K]. */
  processTemperature?: string;
  /** Tool wear [min] (or any accumulated-use counter). */
  wear?: string;
  /** Product type / quality variant (categorical). */
  productType?: string;
  /** Further numeric columns, used as they are (label = column name, no unit). */
  numeric?: readonly string[];
}

export type FeatureKind = 'raw' | 'category' | 'power' | 'temperature-difference' | 'wear-torque';

/** A feature: plain data (serialisable), so a fitted model can be stored and explained later. */
export interface FeatureDef {
  key: string;
  /** Name in rules: "power", "temperature difference", "wear × torque". */
  label: string;
  unit: string;
  kind: FeatureKind;
  /** Source columns: raw/category [c]; power [torque, speed]; temperature difference [process, air];
   *  wear-torque [wear, torque]. */
  columns: string[];
  /** Categorical features: the category names (the code is the index). */
  categories?: string[];
}

/** Column-major feature matrix; categorical columns hold the category's index (−1: unknown). */
export interface FeatureMatrix {
  defs: FeatureDef[];
  columns: Float64Array[];
  n: number;
}

/** Roles of the AI4I 2020 columns (UCI 601). */
export const AI4I_ROLES: ColumnRoles = {
  speed: 'Rotational speed [rpm]',
  torque: 'Torque [Nm]',
  airTemperature: 'Air temperature [K]',
  processTemperature: 'Process temperature [K]',
  wear: 'Tool wear [min]',
  productType: 'Type',
};

/** Roles guessed from header names (case-insensitive), for tables laid out like AI4I with other spellings. */
export function guessRoles(columns: readonly string[]): ColumnRoles {
  const find = (re: RegExp) => columns.find((c) => re.test(c));
  const roles: ColumnRoles = {
    speed: find(/rotational speed|\bspeed\b|\brpm\b/i),
    torque: find(/torque/i),
    airTemperature: find(/air.?temp|ambient/i),
    processTemperature: find(/process.?temp/i),
    wear: find(/wear/i),
    productType: find(/^(product )?(type|variant|quality)$/i),
  };
  return Object.fromEntries(Object.entries(roles).filter(([, v]) => v !== undefined)) as ColumnRoles;
}

/**
 * Feature definitions for the roles; categories of the product type are taken from `rows` (sorted).
 * `derived = false` keeps the raw columns only (to measure what the physical features add).
 */
export function defineFeatures(roles: ColumnRoles, rows: readonly RawRow[], derived = true): FeatureDef[] {
  const defs: FeatureDef[] = [];
  const raw = (column: string | undefined, key: string, label: string, unit: string) => {
    if (column) defs.push({ key, label, unit, kind: 'raw', columns: [column] });
  };
  raw(roles.speed, 'speed', 'speed', 'rpm');
  raw(roles.torque, 'torque', 'torque', 'Nm');
  raw(roles.airTemperature, 'air-temperature', 'air temperature', 'K');
  raw(roles.processTemperature, 'process-temperature', 'process temperature', 'K');
  raw(roles.wear, 'wear', 'tool wear', 'min');
  for (const c of roles.numeric ?? []) raw(c, c, c, '');
  if (derived && roles.torque && roles.speed) {
    defs.push({ key: 'power', label: 'power', unit: 'W', kind: 'power', columns: [roles.torque, roles.speed] });
  }
  if (derived && roles.processTemperature && roles.airTemperature) {
    defs.push({
      key: 'temperature-difference',
      label: 'temperature difference',
      unit: 'K',
      kind: 'temperature-difference',
      columns: [roles.processTemperature, roles.airTemperature],
    });
  }
  if (derived && roles.wear && roles.torque) {
    defs.push({
      key: 'wear-torque',
      label: 'wear × torque',
      unit: 'min·Nm',
      kind: 'wear-torque',
      columns: [roles.wear, roles.torque],
    });
  }
  if (roles.productType) {
    const column = roles.productType;
    const categories = [...new Set(rows.map((r) => String(r[column] ?? '').trim()))].sort();
    defs.push({ key: 'type', label: 'type', unit: '', kind: 'category', columns: [column], categories });
  }
  return defs;
}

const num = (row: RawRow, column: string) => Number(row[column]);

/** Value of one feature for one row (categorical: the category's index, −1 when unknown). */
export function featureValue(def: FeatureDef, row: RawRow): number {
  const [a = '', b = ''] = def.columns;
  switch (def.kind) {
    case 'raw':
      return num(row, a);
    case 'category':
      return (def.categories ?? []).indexOf(String(row[a] ?? '').trim());
    case 'power':
      // P = M · ω with ω = 2π n / 60 (rpm → rad/s).
      return (num(row, a) * 2 * Math.PI * num(row, b)) / 60;
    case 'temperature-difference':
      return num(row, a) - num(row, b);
    case 'wear-torque':
      return num(row, a) * num(row, b);
  }
}

/** The feature matrix of `rows`. */
export function buildFeatures(defs: readonly FeatureDef[], rows: readonly RawRow[]): FeatureMatrix {
  const columns = defs.map((d) => Float64Array.from(rows, (r) => featureValue(d, r)));
  return { defs: [...defs], columns, n: rows.length };
}

/** Row `i` of the matrix as one value per feature. */
export function matrixRow(m: FeatureMatrix, i: number): number[] {
  return m.columns.map((c) => c[i] as number);
}
