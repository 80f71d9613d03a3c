import type { AssetPhysics, ModelDef, ModelEnv, SignalSpec } from './model';
import { indexOf } from './model';
import { faultBearingHeat, faultLossFraction, faultVibration, lag, lineCurrent, rampSpeed } from './physics';

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
const VOLTAGE = 400;
const ALPHA_CU = 0.00393;

const signals = [
  {
    name: 'VIB-DE',
    label: 'DE bearing vibration',
    kind: 'vibration',
    unit: 'mm/s',
    min: 0,
    max: 20,
    resolution: 0.01,
    noiseAbs: 0.02,
    noiseRel: 0.04,
    nonNegative: true,
    component: 'BRG-DE',
  },
  {
    name: 'VIB-NDE',
    label: 'NDE bearing vibration',
    kind: 'vibration',
    unit: 'mm/s',
    min: 0,
    max: 20,
    resolution: 0.01,
    noiseAbs: 0.02,
    noiseRel: 0.04,
    nonNegative: true,
    component: 'BRG-NDE',
  },
  {
    name: 'TEMP-BRG',
    label: 'DE bearing temperature',
    kind: 'bearing_temperature',
    unit: 'degC',
    min: -10,
    max: 120,
    resolution: 0.1,
    noiseAbs: 0.15,
    noiseRel: 0,
    component: 'BRG-DE',
  },
  {
    name: 'TEMP-WDG',
    label: 'winding temperature',
    kind: 'winding_temperature',
    unit: 'degC',
    min: -10,
    max: 180,
    resolution: 0.1,
    noiseAbs: 0.2,
    noiseRel: 0,
    component: 'STATOR',
  },
  {
    name: 'CURRENT',
    label: 'current',
    kind: 'current',
    unit: 'A',
    min: 0,
    max: 250,
    resolution: 0.1,
    noiseAbs: 0.2,
    noiseRel: 0.005,
    nonNegative: true,
    component: 'STATOR',
  },
  {
    name: 'SPEED',
    label: 'speed',
    kind: 'speed',
    unit: 'rpm',
    min: 0,
    max: 1600,
    resolution: 1,
    noiseAbs: 0,
    noiseRel: 0.0003,
    nonNegative: true,
  },
  {
    name: 'POWER',
    label: 'active power',
    kind: 'power',
    unit: 'kW',
    min: 0,
    max: 110,
    resolution: 0.1,
    noiseAbs: 0.1,
    noiseRel: 0.005,
    nonNegative: true,
  },
] as const satisfies readonly SignalSpec[];
const I = indexOf(signals);

class MotorPhysics implements AssetPhysics {
  private sf = 0;
  private tW = 20;
  private tB = 20;
  speedFraction() {
    return this.sf;
  }
  step(env: ModelEnv, out: Float64Array): void {
    const { f, z, dtS, running, ambient } = env;
    this.sf = rampSpeed(this.sf, running ? 1 : 0, running, dtS, 2, 20);
    const sf = this.sf;
    const torque = running ? 0.35 + 0.6 * env.load : 0; // per unit of rated torque
    const slip = RATED_SLIP * torque * (1 + ALPHA_CU * (this.tW - 95));
    const pMech = RATED_KW * torque * sf;
    // Efficiency of an IE3 motor: flat near rated load, falling at light load (IEC 60034-30-1 class curves).
    const eta = 0.955 - 0.06 * (1 - torque) ** 2;
    // Copper losses grow with the winding resistance, i.e. with temperature above the 95 °C reference.
    const copperExtra = 0.04 * RATED_KW * torque * torque * ALPHA_CU * (this.tW - 95);
    const pElec = running ? pMech / eta + copperExtra + RATED_KW * faultLossFraction(f, sf) : 0;
    const current = running ? lineCurrent(pElec, VOLTAGE, MAGNETISING_A) : 0;
    // Overheating: degraded cooling (blocked fins, failing fan) multiplies the temperature rise per watt.
    const riseW = running ? (18 + 52 * (current / RATED_A) ** 2) * (1 + 0.9 * f.overheating) : 0;
    this.tW = lag(this.tW, ambient + riseW, dtS, running ? 1200 : 2700);
    const riseB = sf * (8 + 10 * sf) + 0.2 * (this.tW - ambient) + faultBearingHeat(f, sf);
    this.tB = lag(this.tB, ambient + riseB, dtS, running ? 900 : 1800);
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
    { suffix: 'BRG-DE', name: 'Drive-end bearing', type: 'rolling_bearing' },
    { suffix: 'BRG-NDE', name: 'Non-drive-end bearing', type: 'rolling_bearing' },
    { suffix: 'COUPLING', name: 'Coupling', type: 'coupling' },
    { suffix: 'FAN', name: 'Cooling fan', type: 'fan' },
  ],
  faults: ['bearing_wear', 'misalignment', 'overheating'],
  duty: { meanRunHours: 6 * 24, stopMinutes: [30, 120] },
  create: () => new MotorPhysics(),
};
