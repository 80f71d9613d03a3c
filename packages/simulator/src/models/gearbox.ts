import { bearingTemperature, DRIVE_MOTOR, motorCurrent, shaftSpeed, temperature, vibration } from './common-signals';
import type { ModelDef, ModelEnv, SignalSpec } from './model';
import { indexOf } from './model';
import { DrivePhysics, driveCurrent, faultBearingHeat, faultLossFraction, faultVibration, lag } from './physics';

/*
 * A two-stage helical gearbox (ratio 25:1) driving a belt conveyor from a 22 kW VFD motor. Belt speed follows
 * the production rate; torque follows the material on the belt. Gear losses (≈2 % per stage plus churning)
 * heat the oil sump, which has a long (40 min) thermal time constant; the bearings sit a few kelvin above it.
 */
const RATED_KW = 22;
const MOTOR_RPM = 1480;
const RATIO = 25;
const ETA_GEARS = 0.96;
const ETA_MOTOR = 0.92;
const MAGNETISING_A = 12;
const OIL_K_PER_KW = 36; // housing thermal resistance: 1.1 kW of losses → ≈ 40 K oil rise

const signals = [
  vibration('VIB-IN', 'input shaft bearing vibration', 'BRG-IN'),
  vibration('VIB-OUT', 'output shaft bearing vibration', 'BRG-OUT'),
  temperature('TEMP-OIL', 'oil sump temperature', 0.1),
  bearingTemperature('input bearing temperature', 'BRG-IN'),
  motorCurrent({ label: 'drive motor current', max: 80 }),
  shaftSpeed({ label: 'output shaft speed', max: 80, resolution: 0.1, noiseRel: 0.002 }),
] as const satisfies readonly SignalSpec[];
const I = indexOf(signals);

class GearboxPhysics extends DrivePhysics {
  private tOil = 20;
  private tB = 20;
  step(env: ModelEnv, out: Float64Array): void {
    const { f, z, dtS, running, ambient } = env;
    const sf = this.rampTo(env, 0.6 + 0.4 * env.load, 4, 6);
    const torque = running ? 0.4 + 0.5 * env.load : 0;
    const pOut = RATED_KW * torque * sf;
    const lossKw = sf > 0 ? pOut * (1 / ETA_GEARS - 1) + 0.3 * sf + RATED_KW * faultLossFraction(f, sf) : 0;
    const current = driveCurrent(running, (pOut + lossKw) / ETA_MOTOR, MAGNETISING_A);
    this.tOil = lag(this.tOil, ambient + OIL_K_PER_KW * lossKw, dtS, 2400);
    this.tB = lag(this.tB, this.tOil + 4 * sf + faultBearingHeat(f, sf), dtS, 600);
    const fv = faultVibration(f, sf, z[1]!);
    // Gear-mesh vibration grows with transmitted torque; the low-speed output shaft vibrates less.
    out[I['VIB-IN']] = sf > 0 ? 1.2 * sf * sf + 0.6 * torque + fv.de : 0;
    out[I['VIB-OUT']] = sf > 0 ? 0.7 * sf + 0.5 * torque + fv.nde : 0;
    out[I['TEMP-OIL']] = this.tOil;
    out[I['TEMP-BRG']] = this.tB;
    out[I.CURRENT] = current;
    out[I.SPEED] = (MOTOR_RPM / RATIO) * sf;
  }
}

export const gearboxModel: ModelDef = {
  types: ['gearbox', 'conveyor'],
  signals,
  components: [
    DRIVE_MOTOR,
    { suffix: 'BRG-IN', name: 'Input shaft bearing', type: 'rolling_bearing' },
    { suffix: 'BRG-OUT', name: 'Output shaft bearing', type: 'rolling_bearing' },
    { suffix: 'GEARS', name: 'Helical gear set', type: 'gear_set' },
  ],
  faults: ['bearing_wear', 'misalignment'],
  duty: { meanRunHours: 5 * 24, stopMinutes: [20, 90] },
  create: () => new GearboxPhysics(),
};
