import type { SparePart } from '@prognos/core';

/** One part as a table row: id, name, stock, lead time (days), unit cost. */
type PartRow = [id: string, name: string, stock: number, leadTimeDays: number, unitCost: number];

const ROWS: PartRow[] = [
  // Centrifugal pump
  ['bearing-6309-c3', 'Deep-groove ball bearing 6309 C3 (pump drive end)', 4, 3, 45],
  ['bearing-6307-c3', 'Deep-groove ball bearing 6307 C3 (pump non-drive end)', 4, 3, 30],
  ['coupling-insert-pump', 'Elastomer coupling insert, pump', 2, 5, 60],
  ['mech-seal-45', 'Cartridge mechanical seal 45 mm', 1, 14, 850],
  ['wear-rings-pump', 'Casing and impeller wear-ring set', 1, 21, 320],
  ['impeller-pump', 'Pump impeller, trimmed to duty', 0, 42, 1900],
  ['strainer-gasket-dn150', 'Suction strainer cover gasket DN150', 6, 2, 12],
  // Induction motor
  ['bearing-6316-c3', 'Deep-groove ball bearing 6316 C3 (75 kW motor)', 2, 5, 150],
  ['coupling-insert-motor', 'Elastomer coupling insert, 75 kW drive', 2, 5, 90],
  ['motor-cooling-fan-75', 'External cooling fan and cowl, 75 kW motor', 1, 10, 120],
  ['motor-75kw-4p', 'Exchange motor 75 kW 4-pole IE3', 1, 28, 6500],
  ['grease-polyurea-400g', 'Polyurea bearing grease, 400 g cartridge', 10, 2, 15],
  // Rotary-screw air compressor
  ['air-filter-c55', 'Intake air filter element, 55 kW compressor', 3, 5, 95],
  ['oil-filter-c55', 'Oil filter, 55 kW compressor', 3, 5, 40],
  ['compressor-oil-20l', 'Screw compressor oil, 20 l', 4, 3, 180],
  ['thermostatic-valve-c55', 'Oil thermostatic valve insert, 55 kW compressor', 1, 10, 210],
  ['airend-bearing-kit-c55', 'Airend bearing and seal kit, 55 kW', 0, 21, 2400],
  ['airend-exchange-c55', 'Exchange airend, 55 kW', 0, 42, 14000],
  ['coupling-insert-compressor', 'Elastomer coupling insert, compressor', 2, 5, 75],
  ['hose-gasket-kit-c55', 'Discharge hose and gasket kit, 55 kW compressor', 1, 7, 160],
  // Helical gearbox and conveyor
  ['bearing-22216-e', 'Spherical roller bearing 22216 E (gearbox input)', 2, 7, 210],
  ['bearing-32220', 'Tapered roller bearing 32220 (gearbox output)', 1, 10, 260],
  ['gear-oil-vg220-20l', 'Gear oil ISO VG 220, 20 l', 6, 3, 140],
  ['shaft-seal-kit-gearbox', 'Radial shaft seal kit, gearbox', 4, 5, 35],
  ['gear-set-helical-25', 'Helical gear set, ratio 25:1', 0, 56, 5200],
  ['coupling-insert-gearbox', 'Elastomer coupling insert, gearbox input', 2, 5, 70],
  ['idler-roller', 'Conveyor carrying idler roller', 10, 7, 85],
  // Fan
  ['bearing-22212-e', 'Spherical roller bearing 22212 E (fan plummer block)', 2, 7, 120],
  ['coupling-insert-fan', 'Elastomer coupling insert, fan', 2, 5, 55],
  ['filter-panel-f7', 'Filter panel ISO ePM1 60 % (F7), 592 × 592 mm', 24, 5, 35],
  ['balance-weight-kit', 'Weld-on balance weight kit', 5, 3, 20],
  // Motor spindle
  ['spindle-bearing-set-7014', 'Angular-contact bearing set 7014 P4A, matched (spindle front)', 1, 21, 1800],
  ['spindle-exchange-unit', 'Exchange motor spindle, 18 kW 12,000 rpm', 0, 35, 16000],
  ['drawbar-spring-set', 'Drawbar disc-spring stack', 1, 14, 240],
  ['chiller-coolant-20l', 'Spindle chiller coolant, 20 l', 3, 3, 90],
  ['chiller-filter', 'Spindle chiller coolant filter', 2, 5, 30],
];

/**
 * The spare parts the default failure-mode library calls for, with typical stock, lead time (days when out of stock)
 * and unit cost in the plant's currency. Sizes fit the demo plant's machines (30 kW pump, 75 kW motor, 55 kW screw
 * compressor, 22 kW helical gearbox, 15 kW fan, 18 kW motor spindle); a plant replaces them with its own list.
 */
export const DEFAULT_SPARE_PARTS: SparePart[] = ROWS.map(([id, name, stock, leadTimeDays, unitCost]) => ({
  id,
  name,
  stock,
  leadTimeDays,
  unitCost,
}));
