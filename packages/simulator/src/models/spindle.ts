import {
  bearingTemperature,
  electricalPower,
  motorCurrent,
  shaftSpeed,
  vibration,
  windingTemperature,
} from './common-signals';
import type { ModelDef, ModelEnv, SignalSpec } from './model';
import { indexOf } from './model';
import {
  DrivePhysics,
  driveCurrent,
  faultBearingHeat,
  faultLossFraction,
  faultVibration,
  lagRunStop,
  windingRise,
} from './physics';

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
  vibration('VIB', 'spindle vibration', 'BRG-FRONT'),
  bearingTemperature('front bearing temperature', 'BRG-FRONT', 0.1),
  windingTemperature('motor winding temperature', 'MOTOR'),
  motorCurrent({ max: 60 }),
  shaftSpeed({ label: 'spindle speed', max: 13_000, noiseRel: 0.0002 }),
  electricalPower('spindle power', { max: 30, resolution: 0.01, noiseAbs: 0.02, noiseRel: 0.01 }),
] as const satisfies readonly SignalSpec[];
const I = indexOf(signals);

class SpindlePhysics extends DrivePhysics {
  private tB = COOLANT;
  private tW = COOLANT;
  step(env: ModelEnv, out: Float64Array): void {
    const { f, z, running, ambient } = env;
    const job = Math.floor(env.procMs / JOB_MS);
    const programmed = Math.round((0.3 + 0.55 * env.u(job)) * 48) / 48; // 250 rpm steps
    const sf = this.rampTo(env, programmed, 1.5, 3);
    const cut = running ? env.load * (0.4 + 0.6 * env.u(job + 0x100000)) : 0;
    // Idle losses: bearing friction and air drag grow with speed.
    const pElec = running ? (CUT_KW * cut + 0.5 + 2 * sf * sf) / ETA + 18 * faultLossFraction(f, sf) : 0;
    const current = driveCurrent(running, pElec, MAGNETISING_A);
    // The chiller tracks coolant temperature with a slight ambient influence; a failing chiller (overheating)
    // lets the heat build up.
    const coolant = COOLANT + 0.2 * (ambient - 22) + 20 * f.overheating;
    const riseW = running ? windingRise(current, RATED_A, 4, 30, f.overheating, 1.5) : 0;
    this.tW = lagRunStop(this.tW, coolant + riseW, env, 600, 1800);
    const riseB = 14 * sf * sf + 0.15 * (this.tW - coolant) + faultBearingHeat(f, sf);
    this.tB = lagRunStop(this.tB, coolant + riseB, env, 600, 1800);
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
