import {
  bearingSignals,
  DE_NDE_BEARINGS,
  electricalPower,
  motorCurrent,
  shaftSpeed,
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
 * A 75 kW, 4-pole, 400 V direct-on-line induction motor driving an extruder. Load torque follows demand;
 * slip is proportional to torque and to rotor resistance (which rises with temperature, α_Cu = 0.00393 /K);
 * winding temperature rise follows the losses (∝ I², IEC 60034-1 thermal model) with a 20 min time constant.
 */
const RATED_KW = 75;
const SYNC_RPM = 1500;
const RATED_SLIP = 0.012;
const RATED_A = 134;
const MAGNETISING_A = 65;
const ALPHA_CU = 0.00393;

const signals = [
  ...bearingSignals(),
  windingTemperature('winding temperature', 'STATOR'),
  motorCurrent({ label: 'current', max: 250, noiseAbs: 0.2, component: 'STATOR' }),
  shaftSpeed({ label: 'speed', max: 1600, noiseRel: 0.0003 }),
  electricalPower('active power', { max: 110, resolution: 0.1, noiseAbs: 0.1, noiseRel: 0.005 }),
] as const satisfies readonly SignalSpec[];
const I = indexOf(signals);

class MotorPhysics extends DrivePhysics {
  private tW = 20;
  private tB = 20;
  step(env: ModelEnv, out: Float64Array): void {
    const { f, z, running, ambient } = env;
    const sf = this.rampTo(env, 1, 2, 20);
    const torque = running ? 0.35 + 0.6 * env.load : 0; // per unit of rated torque
    const slip = RATED_SLIP * torque * (1 + ALPHA_CU * (this.tW - 95));
    const pMech = RATED_KW * torque * sf;
    // Efficiency of an IE3 motor: flat near rated load, falling at light load (IEC 60034-30-1 class curves).
    const eta = 0.955 - 0.06 * (1 - torque) ** 2;
    // Copper losses grow with the winding resistance, i.e. with temperature above the 95 °C reference.
    const copperExtra = 0.04 * RATED_KW * torque * torque * ALPHA_CU * (this.tW - 95);
    const pElec = running ? pMech / eta + copperExtra + RATED_KW * faultLossFraction(f, sf) : 0;
    const current = driveCurrent(running, pElec, MAGNETISING_A);
    // Overheating: degraded cooling (blocked fins, failing fan) multiplies the temperature rise per watt.
    const riseW = running ? windingRise(current, RATED_A, 18, 52, f.overheating, 0.9) : 0;
    this.tW = lagRunStop(this.tW, ambient + riseW, env, 1200, 2700);
    const riseB = sf * (8 + 10 * sf) + 0.2 * (this.tW - ambient) + faultBearingHeat(f, sf);
    this.tB = lagRunStop(this.tB, ambient + riseB, env, 900, 1800);
    const fv = faultVibration(f, sf, z[1]!);
    const s2 = sf * sf;
    out[I['VIB-DE']] = sf > 0 ? s2 * (1.1 + 0.3 * torque) + fv.de : 0;
    out[I['VIB-NDE']] = sf > 0 ? s2 * (0.8 + 0.2 * torque) + fv.nde : 0;
    out[I['TEMP-BRG']] = this.tB;
    out[I['TEMP-WDG']] = this.tW;
    out[I.CURRENT] = current;
    out[I.SPEED] = SYNC_RPM * sf * (1 - slip);
    out[I.POWER] = pElec;
  }
}

export const motorModel: ModelDef = {
  types: ['induction_motor'],
  signals,
  components: [
    { suffix: 'STATOR', name: 'Stator winding', type: 'winding' },
    ...DE_NDE_BEARINGS,
    { suffix: 'COUPLING', name: 'Coupling', type: 'coupling' },
    { suffix: 'FAN', name: 'Cooling fan', type: 'fan' },
  ],
  faults: ['bearing_wear', 'misalignment', 'overheating'],
  duty: { meanRunHours: 6 * 24, stopMinutes: [30, 120] },
  create: () => new MotorPhysics(),
};
