/**
 * The actions a trainee may choose from, per asset type: the right ones come from the failure-mode library's
 * recommended actions and procedures, the others are plausible but unnecessary for the scenario's fault. Each has
 * what it costs, so that the feedback can say what an unnecessary action would have cost the plant.
 */
import type { AssetType } from '@prognos/core';

export interface ActionCost {
  /** Hours the machine is stopped for it (0: done while it runs). */
  downtimeHours: number;
  /** Hours of a technician's time. */
  labourHours: number;
  /** Parts and materials, EUR. */
  partsEur: number;
}

export interface ActionDef {
  id: string;
  text: string;
  cost: ActionCost;
}

const a = (id: string, text: string, downtimeHours: number, labourHours: number, partsEur: number): ActionDef => ({
  id,
  text,
  cost: { downtimeHours, labourHours, partsEur },
});

/** Machine actions per asset type (ids are stable: submissions and stored attempts refer to them). */
export const MACHINE_ACTIONS: Readonly<Partial<Record<AssetType, readonly ActionDef[]>>> = {
  centrifugal_pump: [
    a('pump-envelope', 'Take an envelope spectrum at both bearings to confirm bearing defect frequencies', 0, 0.5, 0),
    a(
      'pump-replace-de-bearing',
      'Plan replacement of the drive-end bearing before vibration reaches zone D',
      6,
      6,
      180,
    ),
    a(
      'pump-laser-align',
      'Check and correct pump–motor shaft alignment with a laser tool (and check soft foot)',
      3,
      3,
      60,
    ),
    a(
      'pump-restore-npsh',
      'Check the suction tank level and open the suction valve fully to restore the NPSH margin',
      0,
      0.5,
      0,
    ),
    a('pump-clean-strainer', 'Isolate the pump and clean the suction strainer', 1.5, 1.5, 40),
    a('pump-replace-impeller', 'Replace the impeller', 8, 8, 2_400),
    a('pump-replace-seal', 'Replace the mechanical seal', 5, 5, 900),
    a('pump-replace-motor', 'Replace the drive motor', 6, 6, 5_500),
  ],
  induction_motor: [
    a('motor-envelope', 'Take an envelope spectrum at both bearings to confirm bearing defect frequencies', 0, 0.5, 0),
    a('motor-replace-de-bearing', 'Plan replacement of the drive-end bearing at the next planned stop', 8, 8, 400),
    a('motor-laser-align', 'Check and correct motor–machine shaft alignment with a laser tool', 3, 3, 80),
    a('motor-clean-cooling', 'Clean the cooling fins and the fan cowl and check the external fan', 2, 2, 0),
    a('motor-rewind', 'Send the motor out for a rewind', 24, 4, 6_000),
    a('motor-replace-motor', 'Exchange the motor for the spare', 8, 8, 9_000),
    a('motor-insulation-test', 'Measure insulation resistance and polarisation index', 2, 2, 0),
  ],
  air_compressor: [
    a('comp-envelope-oil', 'Take an envelope spectrum and an oil sample of the airend', 0, 0.5, 50),
    a('comp-airend-bearings', 'Plan an airend bearing overhaul', 12, 12, 4_500),
    a('comp-laser-align', 'Check the coupling insert and laser-align motor and airend', 3, 3, 120),
    a('comp-replace-filter', 'Replace the intake air filter element', 0.5, 0.5, 85),
    a('comp-clean-motor-cooling', 'Clean the motor fan path and the canopy ventilation filters', 1.5, 1.5, 0),
    a('comp-clean-oil-cooler', 'Clean the oil cooler and check the thermostatic valve', 2, 2, 150),
    a('comp-airend-exchange', 'Exchange the screw airend', 16, 16, 12_000),
    a('comp-leak-survey', 'Survey the package for air leaks with an ultrasonic detector', 0, 2, 0),
  ],
  gearbox: [
    a('gb-oil-envelope', 'Take an oil sample and an envelope spectrum at the input shaft bearing', 0, 0.5, 40),
    a('gb-replace-input-bearing', 'Plan replacement of the input shaft bearing', 10, 10, 700),
    a('gb-laser-align', 'Laser-align motor to gearbox and check the base bolts', 3, 3, 90),
    a('gb-replace-gearset', 'Exchange the gear set', 16, 16, 6_000),
    a('gb-oil-seals', 'Top up the oil and replace the shaft seals', 3, 3, 250),
    a('gb-replace-motor', 'Replace the drive motor', 4, 4, 2_500),
  ],
  fan: [
    a('fan-envelope', 'Take an envelope spectrum at both bearings to confirm bearing defect frequencies', 0, 0.5, 0),
    a('fan-replace-de-bearing', 'Plan replacement of the drive-end bearing', 6, 6, 350),
    a('fan-laser-align', 'Check and correct motor–fan alignment with a laser tool (and check soft foot)', 3, 3, 70),
    a('fan-replace-filters', 'Replace the filter panels', 1.5, 1.5, 300),
    a('fan-balance', 'Clean the impeller and balance it in place', 4, 4, 150),
    a('fan-torque-bolts', 'Torque the anchor and bearing-housing bolts', 3, 3, 0),
    a('fan-replace-motor', 'Replace the drive motor', 4, 4, 1_800),
  ],
  cnc_spindle: [
    a('sp-test-cycle', 'Run the spindle test cycle at fixed speeds and measure runout', 0.5, 0.5, 0),
    a('sp-rebuild', 'Plan a spindle rebuild (front bearing set)', 12, 12, 3_800),
    a('sp-chiller', 'Check the chiller alarms, coolant level and filter, and clean the condenser', 2, 2, 120),
    a('sp-exchange', 'Exchange the complete spindle unit', 10, 10, 15_000),
    a('sp-drawbar', 'Replace the drawbar disc-spring stack', 4, 4, 400),
    a('sp-replace-motor', 'Replace the spindle motor', 8, 8, 4_000),
  ],
};

/** The action id that checks, recalibrates or replaces a sensor's transmitter (tag suffix, e.g. 'TEMP-BRG'). */
export const sensorActionId = (tag: string): string => `sensor-${tag}`;

/** The sensor action for a tag: no downtime, an instrument technician's hour and a transmitter at worst. */
export function sensorAction(tag: string, label: string): ActionDef {
  return a(sensorActionId(tag), `Check, recalibrate or replace the ${label} transmitter (${tag})`, 0, 1, 150);
}

/** "6 h of downtime (≈ €24,000 at €4,000/h), 6 h of work and €180 of parts", in words. */
export function describeCost(c: ActionCost, downtimeCostPerHour: number): string {
  const eur = (n: number) => `€${Math.round(n).toLocaleString('en-GB')}`;
  const parts: string[] = [];
  if (c.downtimeHours > 0)
    parts.push(
      `${c.downtimeHours} h of downtime (≈ ${eur(c.downtimeHours * downtimeCostPerHour)} at ${eur(downtimeCostPerHour)}/h)`,
    );
  else parts.push('no downtime');
  if (c.labourHours > 0) parts.push(`${c.labourHours} h of work`);
  if (c.partsEur > 0) parts.push(`${eur(c.partsEur)} of parts`);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts.join('');
}
