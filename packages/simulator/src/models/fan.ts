import type { AssetPhysics, ModelDef, ModelEnv, SignalSpec } from './model';
import { indexOf } from './model';
import { clamp, faultBearingHeat, faultLossFraction, faultVibration, lag, lineCurrent, rampSpeed } from './physics';

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
  {
    name: 'FLOW',
    label: 'air flow',
    kind: 'flow',
    unit: 'm3/h',
    min: 0,
    max: 40_000,
    resolution: 10,
    noiseAbs: 20,
    noiseRel: 0.01,
    nonNegative: true,
  },
  {
    name: 'CURRENT',
    label: 'motor current',
    kind: 'current',
    unit: 'A',
    min: 0,
    max: 50,
    resolution: 0.1,
    noiseAbs: 0.1,
    noiseRel: 0.005,
    nonNegative: true,
    component: 'MOTOR',
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
    noiseRel: 0.0005,
    nonNegative: true,
  },
] as const satisfies readonly SignalSpec[];
const I = indexOf(signals);

class FanPhysics implements AssetPhysics {
  private sf = 0;
  private tB = 20;
  speedFraction() {
    return this.sf;
  }
  step(env: ModelEnv, out: Float64Array): void {
    const { f, z, dtS, running, ambient } = env;
    this.sf = rampSpeed(this.sf, running ? 0.55 + 0.45 * env.load : 0, running, dtS, 8, 40);
    const sf = this.sf;
    const rf = RF0 * (1 + 6 * f.clogged_filter);
    const q = Math.sqrt((P_SHUT * sf * sf) / (A + RD + rf));
    const pFan = P_SHUT * sf * sf - A * q * q;
    const pShaft = sf > 0 ? (pFan * q) / 3600 / ETA_FAN / 1000 + RATED_KW * faultLossFraction(f, sf) : 0;
    const current = running ? lineCurrent(pShaft / ETA_MOTOR, 400, MAGNETISING_A) : 0;
    this.tB = lag(this.tB, ambient + sf * (6 + 12 * sf) + faultBearingHeat(f, sf), dtS, running ? 900 : 1800);
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
    { suffix: 'MOTOR', name: 'Drive motor', type: 'induction_motor' },
    { suffix: 'BRG-DE', name: 'Drive-end bearing', type: 'rolling_bearing' },
    { suffix: 'BRG-NDE', name: 'Non-drive-end bearing', type: 'rolling_bearing' },
    { suffix: 'IMPELLER', name: 'Impeller', type: 'impeller' },
    { suffix: 'FILTER', name: 'Filter bank', type: 'filter' },
  ],
  faults: ['bearing_wear', 'misalignment', 'clogged_filter'],
  duty: { meanRunHours: 7 * 24, stopMinutes: [20, 60] },
  // Ventilation follows production and, more, the heat of the day.
  loadFrom: (demand, ambient) => clamp(0.45 * demand + 0.55 * ((ambient - 12) / 16), 0, 1),
  create: () => new FanPhysics(),
};
