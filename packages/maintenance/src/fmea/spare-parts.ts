import type { SparePart } from '@prognos/core';

/**
 * The spare parts the default failure-mode library calls for, with typical stock, lead time (days when out of stock)
 * and unit cost in the plant's currency. Sizes fit the demo plant's machines (30 kW pump, 75 kW motor, 55 kW screw
 * compressor, 22 kW helical gearbox, 15 kW fan, 18 kW motor spindle); a plant replaces them with its own list.
 */
export const DEFAULT_SPARE_PARTS: SparePart[] = [
  // Centrifugal pump
  {
    id: 'bearing-6309-c3',
    name: 'Deep-groove ball bearing 6309 C3 (pump drive end)',
    stock: 4,
    leadTimeDays: 3,
    unitCost: 45,
  },
  {
    id: 'bearing-6307-c3',
    name: 'Deep-groove ball bearing 6307 C3 (pump non-drive end)',
    stock: 4,
    leadTimeDays: 3,
    unitCost: 30,
  },
  { id: 'coupling-insert-pump', name: 'Elastomer coupling insert, pump', stock: 2, leadTimeDays: 5, unitCost: 60 },
  { id: 'mech-seal-45', name: 'Cartridge mechanical seal 45 mm', stock: 1, leadTimeDays: 14, unitCost: 850 },
  { id: 'wear-rings-pump', name: 'Casing and impeller wear-ring set', stock: 1, leadTimeDays: 21, unitCost: 320 },
  { id: 'impeller-pump', name: 'Pump impeller, trimmed to duty', stock: 0, leadTimeDays: 42, unitCost: 1900 },
  { id: 'strainer-gasket-dn150', name: 'Suction strainer cover gasket DN150', stock: 6, leadTimeDays: 2, unitCost: 12 },
  // Induction motor
  {
    id: 'bearing-6316-c3',
    name: 'Deep-groove ball bearing 6316 C3 (75 kW motor)',
    stock: 2,
    leadTimeDays: 5,
    unitCost: 150,
  },
  {
    id: 'coupling-insert-motor',
    name: 'Elastomer coupling insert, 75 kW drive',
    stock: 2,
    leadTimeDays: 5,
    unitCost: 90,
  },
  {
    id: 'motor-cooling-fan-75',
    name: 'External cooling fan and cowl, 75 kW motor',
    stock: 1,
    leadTimeDays: 10,
    unitCost: 120,
  },
  { id: 'motor-75kw-4p', name: 'Exchange motor 75 kW 4-pole IE3', stock: 1, leadTimeDays: 28, unitCost: 6500 },
  {
    id: 'grease-polyurea-400g',
    name: 'Polyurea bearing grease, 400 g cartridge',
    stock: 10,
    leadTimeDays: 2,
    unitCost: 15,
  },
  // Rotary-screw air compressor
  {
    id: 'air-filter-c55',
    name: 'Intake air filter element, 55 kW compressor',
    stock: 3,
    leadTimeDays: 5,
    unitCost: 95,
  },
  { id: 'oil-filter-c55', name: 'Oil filter, 55 kW compressor', stock: 3, leadTimeDays: 5, unitCost: 40 },
  { id: 'compressor-oil-20l', name: 'Screw compressor oil, 20 l', stock: 4, leadTimeDays: 3, unitCost: 180 },
  {
    id: 'thermostatic-valve-c55',
    name: 'Oil thermostatic valve insert, 55 kW compressor',
    stock: 1,
    leadTimeDays: 10,
    unitCost: 210,
  },
  {
    id: 'airend-bearing-kit-c55',
    name: 'Airend bearing and seal kit, 55 kW',
    stock: 0,
    leadTimeDays: 21,
    unitCost: 2400,
  },
  { id: 'airend-exchange-c55', name: 'Exchange airend, 55 kW', stock: 0, leadTimeDays: 42, unitCost: 14000 },
  {
    id: 'coupling-insert-compressor',
    name: 'Elastomer coupling insert, compressor',
    stock: 2,
    leadTimeDays: 5,
    unitCost: 75,
  },
  {
    id: 'hose-gasket-kit-c55',
    name: 'Discharge hose and gasket kit, 55 kW compressor',
    stock: 1,
    leadTimeDays: 7,
    unitCost: 160,
  },
  // Helical gearbox and conveyor
  {
    id: 'bearing-22216-e',
    name: 'Spherical roller bearing 22216 E (gearbox input)',
    stock: 2,
    leadTimeDays: 7,
    unitCost: 210,
  },
  {
    id: 'bearing-32220',
    name: 'Tapered roller bearing 32220 (gearbox output)',
    stock: 1,
    leadTimeDays: 10,
    unitCost: 260,
  },
  { id: 'gear-oil-vg220-20l', name: 'Gear oil ISO VG 220, 20 l', stock: 6, leadTimeDays: 3, unitCost: 140 },
  { id: 'shaft-seal-kit-gearbox', name: 'Radial shaft seal kit, gearbox', stock: 4, leadTimeDays: 5, unitCost: 35 },
  { id: 'gear-set-helical-25', name: 'Helical gear set, ratio 25:1', stock: 0, leadTimeDays: 56, unitCost: 5200 },
  {
    id: 'coupling-insert-gearbox',
    name: 'Elastomer coupling insert, gearbox input',
    stock: 2,
    leadTimeDays: 5,
    unitCost: 70,
  },
  { id: 'idler-roller', name: 'Conveyor carrying idler roller', stock: 10, leadTimeDays: 7, unitCost: 85 },
  // Fan
  {
    id: 'bearing-22212-e',
    name: 'Spherical roller bearing 22212 E (fan plummer block)',
    stock: 2,
    leadTimeDays: 7,
    unitCost: 120,
  },
  { id: 'coupling-insert-fan', name: 'Elastomer coupling insert, fan', stock: 2, leadTimeDays: 5, unitCost: 55 },
  {
    id: 'filter-panel-f7',
    name: 'Filter panel ISO ePM1 60 % (F7), 592 × 592 mm',
    stock: 24,
    leadTimeDays: 5,
    unitCost: 35,
  },
  { id: 'balance-weight-kit', name: 'Weld-on balance weight kit', stock: 5, leadTimeDays: 3, unitCost: 20 },
  // Motor spindle
  {
    id: 'spindle-bearing-set-7014',
    name: 'Angular-contact bearing set 7014 P4A, matched (spindle front)',
    stock: 1,
    leadTimeDays: 21,
    unitCost: 1800,
  },
  {
    id: 'spindle-exchange-unit',
    name: 'Exchange motor spindle, 18 kW 12,000 rpm',
    stock: 0,
    leadTimeDays: 35,
    unitCost: 16000,
  },
  { id: 'drawbar-spring-set', name: 'Drawbar disc-spring stack', stock: 1, leadTimeDays: 14, unitCost: 240 },
  { id: 'chiller-coolant-20l', name: 'Spindle chiller coolant, 20 l', stock: 3, leadTimeDays: 3, unitCost: 90 },
  { id: 'chiller-filter', name: 'Spindle chiller coolant filter', stock: 2, leadTimeDays: 5, unitCost: 30 },
];
