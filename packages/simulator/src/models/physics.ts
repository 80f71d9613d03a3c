import type { FaultLevels } from '../types';
import type { AssetPhysics, ModelEnv } from './model';

/** First-order lag solved exactly over dt, so a 1 h back-fill step and 3,600 1 s steps reach the same value. */
export function lag(x: number, target: number, dtS: number, tauS: number): number {
  return target + (x - target) * Math.exp(-dtS / tauS);
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

/** Speed ramp of a drive: fast acceleration when energised, slower coast-down when not. */
export function rampSpeed(sf: number, target: number, running: boolean, dtS: number, accelS: number, coastS: number) {
  const next = lag(sf, target, dtS, running ? accelS : coastS);
  // A coasting shaft comes to rest; an exponential never does, so snap below 0.5 % of rated speed.
  return !running && next < 0.005 ? 0 : next;
}

const SQRT3 = Math.sqrt(3);
/** Line current of a three-phase motor: active current from electrical power plus magnetising current. */
export function lineCurrent(pElecKw: number, voltageV: number, magnetisingA: number): number {
  const active = (pElecKw * 1000) / (SQRT3 * voltageV);
  return Math.sqrt(active * active + magnetisingA * magnetisingA);
}

/** Hydraulic power in kW: rho·g·Q·H, water at 20 °C (998 kg/m³), Q in m³/h, H in m. */
export function hydraulicPowerKw(flowM3h: number, headM: number): number {
  return (998 * 9.81 * (flowM3h / 3600) * headM) / 1000;
}
/** Pressure of one metre of water column in bar (rho·g / 1e5). */
export const BAR_PER_M = (998 * 9.81) / 1e5;

/**
 * Extra vibration velocity (mm/s RMS) from mechanical faults at the drive-end and non-drive-end bearings.
 * Sizes are chosen so that a healthy machine sits in ISO 10816-3 zone A/B (< 2.8 mm/s for group 2, rigid) and a
 * machine about to fail sits well inside zone D (> 4.5 mm/s). Defect impacts scale with shaft speed.
 */
export function faultVibration(f: FaultLevels, sf: number, z: number): { de: number; nde: number } {
  // Bearing wear: localised at the worn (drive-end) bearing, with impacting that makes the RMS unsteady.
  const bw = 7 * f.bearing_wear * sf * (1 + 0.12 * z);
  // Misalignment: a 1×/2× component at both bearings (coupling forces act on both sides).
  const mis = 3.5 * f.misalignment * sf;
  return { de: bw + mis, nde: 0.15 * bw + 1.1 * mis };
}

/** Extra bearing temperature rise (K) from friction of a worn bearing or the extra load of misalignment. */
export function faultBearingHeat(f: FaultLevels, sf: number): number {
  return sf * (25 * f.bearing_wear + 12 * f.misalignment);
}

/** Extra mechanical losses as a fraction of rated power (friction of a worn bearing, coupling losses). */
export function faultLossFraction(f: FaultLevels, sf: number): number {
  return sf * (0.04 * f.bearing_wear + 0.03 * f.misalignment);
}

/** lag() with one time constant while the machine runs (forced cooling, circulation) and another at standstill. */
export function lagRunStop(x: number, target: number, env: ModelEnv, tauRunS: number, tauStopS: number): number {
  return lag(x, target, env.dtS, env.running ? tauRunS : tauStopS);
}

/** Line current drawn for pElecKw at 400 V, zero when the drive is off. */
export function driveCurrent(running: boolean, pElecKw: number, magnetisingA: number): number {
  return running ? lineCurrent(pElecKw, 400, magnetisingA) : 0;
}

/**
 * Steady winding temperature rise (K): a no-load part plus copper losses ∝ (I/I_rated)² (IEC 60034-1 thermal
 * model). Overheating (blocked fins, failing fan or chiller) multiplies the rise per watt by 1 + coolingLoss·s.
 */
export function windingRise(
  current: number,
  ratedA: number,
  noLoadK: number,
  ratedLoadK: number,
  overheating: number,
  coolingLoss: number,
): number {
  return (noLoadK + ratedLoadK * (current / ratedA) ** 2) * (1 + coolingLoss * overheating);
}

/** State every driven machine has: its shaft speed as a fraction of rated, ramped by the drive. */
export abstract class DrivePhysics implements AssetPhysics {
  protected sf = 0;
  speedFraction(): number {
    return this.sf;
  }
  /** Ramps the speed toward target while running (coasting to rest when not) and returns the new fraction. */
  protected rampTo(env: ModelEnv, target: number, accelS: number, coastS: number): number {
    this.sf = rampSpeed(this.sf, env.running ? target : 0, env.running, env.dtS, accelS, coastS);
    return this.sf;
  }
  abstract step(env: ModelEnv, out: Float64Array): void;
}
