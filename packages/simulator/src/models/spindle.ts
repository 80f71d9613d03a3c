import type { AssetPhysics, ModelDef, ModelEnv, SignalSpec } from './model';
import { indexOf } from './model';
import { faultBearingHeat, faultLossFraction, faultVibration, lag, lineCurrent, rampSpeed } from './physics';

/*
 * An 18 kW motor spindle of a machining centre (max 12,000 rpm), cooled by a chiller at ~24 °C. Each job runs a
 * programmed speed (in 250 rpm steps) for 12 process minutes; cutting power follows the job and the production
 * demand. Spindle-bearing heat grows with speed (Bossmanns & Tu 1999: friction heat ∝ n·M); the chiller holds
 * motor and bearings near coolant temperature, so a chiller failure (overheating) shows as a fast rise.
 */
const MAX_RPM = 12_000;
const JOB_MS = 12 * 60_000;
const CUT_KW = 12;
const ETA = 0.9;
const RATED_A = 30;
const MAGNETISING_A = 8;
const COOLANT = 24;

const signals = [
  {
    name: 'VIB',
    label: 'spindle vibration',
    kind: 'vibration',
    unit: 'mm/s',
    min: 0,
    max: 20,
    resolution: 0.01,
    noiseAbs: 0.02,
    noiseRel: 0.04,
    nonNegative: true,
    component: 'BRG-FRONT',
  },
  {
    name: 'TEMP-BRG',
    label: 'front bearing temperature',
    kind: 'bearing_temperature',
    unit: 'degC',
    min: -10,
    max: 120,
    resolution: 0.1,
    noiseAbs: 0.1,
    noiseRel: 0,
    component: 'BRG-FRONT',
  },
  {
    name: 'TEMP-WDG',
    label: 'motor winding temperature',
    kind: 'winding_temperature',
    unit: 'degC',
    min: -10,
    max: 180,
    resolution: 0.1,
    noiseAbs: 0.2,
    noiseRel: 0,
    component: 'MOTOR',
  },
  {
    name: 'CURRENT',
    label: 'motor current',
    kind: 'current',
    unit: 'A',
    min: 0,
    max: 60,
    resolution: 0.1,
    noiseAbs: 0.1,
    noiseRel: 0.005,
    nonNegative: true,
    component: 'MOTOR',
  },
  {
    name: 'SPEED',
    label: 'spindle speed',
    kind: 'speed',
    unit: 'rpm',
    min: 0,
    max: 13_000,
    resolution: 1,
    noiseAbs: 0,
    noiseRel: 0.0002,
    nonNegative: true,
  },
  {
    name: 'POWER',
    label: 'spindle power',
    kind: 'power',
    unit: 'kW',
    min: 0,
    max: 30,
    resolution: 0.01,
    noiseAbs: 0.02,
    noiseRel: 0.01,
    nonNegative: true,
  },
] as const satisfies readonly SignalSpec[];
const I = indexOf(signals);

class SpindlePhysics implements AssetPhysics {
  private sf = 0;
  private tB = COOLANT;
  private tW = COOLANT;
  speedFraction() {
    return this.sf;
  }
  step(env: ModelEnv, out: Float64Array): void {
    const { f, z, dtS, running, ambient } = env;
    const job = Math.floor(env.procMs / JOB_MS);
    const programmed = Math.round((0.3 + 0.55 * env.u(job)) * 48) / 48; // 250 rpm steps
    this.sf = rampSpeed(this.sf, running ? programmed : 0, running, dtS, 1.5, 3);
    const sf = this.sf;
    const cut = running ? env.load * (0.4 + 0.6 * env.u(job + 0x100000)) : 0;
    // Idle losses: bearing friction and air drag grow with speed.
    const pElec = running ? (CUT_KW * cut + 0.5 + 2 * sf * sf) / ETA + 18 * faultLossFraction(f, sf) : 0;
    const current = running ? lineCurrent(pElec, 400, MAGNETISING_A) : 0;
    // The chiller tracks coolant temperature with a slight ambient influence; a failing chiller (overheating)
    // lets the heat build up.
    const coolant = COOLANT + 0.2 * (ambient - 22) + 20 * f.overheating;
    const riseW = running ? (4 + 30 * (current / RATED_A) ** 2) * (1 + 1.5 * f.overheating) : 0;
    this.tW = lag(this.tW, coolant + riseW, dtS, running ? 600 : 1800);
    const riseB = 14 * sf * sf + 0.15 * (this.tW - coolant) + faultBearingHeat(f, sf);
    this.tB = lag(this.tB, coolant + riseB, dtS, running ? 600 : 1800);
    const fv = faultVibration(f, sf, z[1]!);
    // Spindles are balanced to ISO 21940-11 grade G0.4–G1: vibration is low and grows with speed.
    out[I.VIB] = sf > 0 ? 0.4 + 1.0 * sf * sf + 0.8 * fv.de : 0;
    out[I['TEMP-BRG']] = this.tB;
    out[I['TEMP-WDG']] = this.tW;
    out[I.CURRENT] = current;
    out[I.SPEED] = MAX_RPM * sf;
    out[I.POWER] = pElec;
  }
}

export const spindleModel: ModelDef = {
  types: ['cnc_spindle'],
  signals,
  components: [
    { suffix: 'MOTOR', name: 'Spindle motor', type: 'induction_motor' },
    { suffix: 'BRG-FRONT', name: 'Front bearing set', type: 'angular_contact_bearing' },
    { suffix: 'BRG-REAR', name: 'Rear bearing', type: 'angular_contact_bearing' },
    { suffix: 'CHILLER', name: 'Spindle chiller', type: 'chiller' },
  ],
  faults: ['bearing_wear', 'overheating'],
  duty: { meanRunHours: 24, stopMinutes: [10, 40] },
  create: () => new SpindlePhysics(),
};
