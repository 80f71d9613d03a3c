import { bearingSignals, DE_NDE_BEARINGS, DRIVE_MOTOR, motorCurrent, shaftSpeed, volumeFlow } from './common-signals';
import type { ModelDef, ModelEnv, SignalSpec } from './model';
import { indexOf } from './model';
import {
  clamp,
  DrivePhysics,
  driveCurrent,
  faultBearingHeat,
  faultLossFraction,
  faultVibration,
  lagRunStop,
} from './physics';

/*
 * A 15 kW backward-curved centrifugal exhaust fan on a VFD, drawing through a filter bank. Fan curve
 * p = P0·n² − A·Q², system p = (RD + RF)·Q² (fan laws: Q ∝ n, p ∝ n², P ∝ n³). A backward-curved fan has a
 * non-overloading power curve, so when the filter clogs the flow falls and so does the power and current.
 */
const Q_RATED = 25_000; // m³/h
const P_SHUT = 1500; // Pa at rated speed
const A = 300 / Q_RATED ** 2;
const RF0 = 150 / Q_RATED ** 2; // clean filter: 150 Pa at rated flow
const RD = 1050 / Q_RATED ** 2; // ducts and hood
const ETA_FAN = 0.72;
const ETA_MOTOR = 0.91;
const RATED_KW = 15;
const RATED_RPM = 1480;
const MAGNETISING_A = 9;

const signals = [
  ...bearingSignals(),
  {
    name: 'DP-FILTER',
    label: 'filter differential pressure',
    kind: 'differential_pressure',
    unit: 'Pa',
    min: 0,
    max: 1500,
    resolution: 1,
    noiseAbs: 2,
    noiseRel: 0.01,
    nonNegative: true,
    component: 'FILTER',
  },
  volumeFlow('air flow', { max: 40_000, resolution: 10, noiseAbs: 20, noiseRel: 0.01 }),
  motorCurrent({ max: 50 }),
  shaftSpeed({ label: 'speed', max: 1600, noiseRel: 0.0005 }),
] as const satisfies readonly SignalSpec[];
const I = indexOf(signals);

class FanPhysics extends DrivePhysics {
  private tB = 20;
  step(env: ModelEnv, out: Float64Array): void {
    const { f, z, running, ambient } = env;
    const sf = this.rampTo(env, 0.55 + 0.45 * env.load, 8, 40);
    const rf = RF0 * (1 + 6 * f.clogged_filter);
    const q = Math.sqrt((P_SHUT * sf * sf) / (A + RD + rf));
    const pFan = P_SHUT * sf * sf - A * q * q;
    const pShaft = sf > 0 ? (pFan * q) / 3600 / ETA_FAN / 1000 + RATED_KW * faultLossFraction(f, sf) : 0;
    const current = driveCurrent(running, pShaft / ETA_MOTOR, MAGNETISING_A);
    this.tB = lagRunStop(this.tB, ambient + sf * (6 + 12 * sf) + faultBearingHeat(f, sf), env, 900, 1800);
    const fv = faultVibration(f, sf, z[1]!);
    out[I['VIB-DE']] = sf > 0 ? 1.6 * sf * sf + fv.de : 0;
    out[I['VIB-NDE']] = sf > 0 ? 1.2 * sf * sf + fv.nde : 0;
    out[I['TEMP-BRG']] = this.tB;
    out[I['DP-FILTER']] = rf * q * q;
    out[I.FLOW] = q;
    out[I.CURRENT] = current;
    out[I.SPEED] = RATED_RPM * sf;
  }
}

export const fanModel: ModelDef = {
  types: ['fan'],
  signals,
  components: [
    DRIVE_MOTOR,
    ...DE_NDE_BEARINGS,
    { suffix: 'IMPELLER', name: 'Impeller', type: 'impeller' },
    { suffix: 'FILTER', name: 'Filter bank', type: 'filter' },
  ],
  faults: ['bearing_wear', 'misalignment', 'clogged_filter'],
  duty: { meanRunHours: 7 * 24, stopMinutes: [20, 60] },
  // Ventilation follows production and, more, the heat of the day.
  loadFrom: (demand, ambient) => clamp(0.45 * demand + 0.55 * ((ambient - 12) / 16), 0, 1),
  create: () => new FanPhysics(),
};
