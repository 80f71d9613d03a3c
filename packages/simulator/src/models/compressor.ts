import { DRIVE_MOTOR, motorCurrent, temperature, vibration, volumeFlow, windingTemperature } from './common-signals';
import type { ModelDef, ModelEnv, SignalSpec } from './model';
import { indexOf } from './model';
import {
  clamp,
  DrivePhysics,
  driveCurrent,
  faultLossFraction,
  faultVibration,
  lagRunStop,
  windingRise,
} from './physics';

/*
 * A 55 kW oil-injected rotary-screw compressor with a variable-speed drive holding 7.5 bar(g) in the network.
 * Free air delivery (FAD) follows the air demand up to the capacity, which falls with inlet density when the
 * intake filter clogs (ISO 1217 refers FAD to inlet conditions). Shaft power per unit of air follows the
 * isothermal work ∝ ln(pressure ratio), so a restricted inlet costs energy before it costs flow.
 */
const Q_MAX = 600; // m³/h FAD at full speed and clean inlet
const P_SET = 7.5; // bar(g)
const P_ATM = 1.013; // bar(a)
const DP_CLEAN = 2.5; // kPa across a clean intake filter at Q_MAX
const RATED_KW = 55;
const IDLE_KW = 5; // oil pump, drag and VFD losses at full speed
const SPEC_KW = (RATED_KW - IDLE_KW) / Q_MAX; // kW per m³/h at the design pressure ratio
const LN_PR0 = Math.log((P_SET + P_ATM) / P_ATM);
const ETA_MOTOR = 0.94;
const RATED_A = 100;
const MAGNETISING_A = 30;

const signals = [
  vibration('VIB', 'airend vibration', 'AIREND'),
  temperature('TEMP-DIS', 'discharge temperature', 0.2, 'AIREND'),
  {
    name: 'PRESS-DIS',
    label: 'discharge pressure',
    kind: 'discharge_pressure',
    unit: 'bar',
    min: 0,
    max: 12,
    resolution: 0.01,
    noiseAbs: 0.015,
    noiseRel: 0,
  },
  {
    name: 'DP-FILTER',
    label: 'intake filter differential pressure',
    kind: 'differential_pressure',
    unit: 'kPa',
    min: 0,
    max: 30,
    resolution: 0.01,
    noiseAbs: 0.03,
    noiseRel: 0.01,
    nonNegative: true,
    component: 'FILTER',
  },
  volumeFlow('free air delivery', { max: 800, resolution: 1, noiseAbs: 1, noiseRel: 0.008 }),
  motorCurrent({ max: 200, noiseAbs: 0.2 }),
  windingTemperature('motor winding temperature', 'MOTOR'),
] as const satisfies readonly SignalSpec[];
const I = indexOf(signals);

class CompressorPhysics extends DrivePhysics {
  private q = 0;
  private pDis = 0;
  private tDis = 20;
  private tW = 20;
  step(env: ModelEnv, out: Float64Array): void {
    const { f, z, running, ambient } = env;
    const demand = 200 + 380 * env.load; // m³/h of air the plant draws
    const dpCoef = DP_CLEAN * (1 + 14 * f.clogged_filter);
    let q = running ? Math.min(demand, Q_MAX) : 0;
    let cap = Q_MAX;
    let dp = 0;
    // Filter loss depends on flow and capacity on the loss: a few fixed-point passes settle it.
    for (let k = 0; k < 4; k++) {
      dp = dpCoef * (q / Q_MAX) ** 2;
      const pIn = P_ATM - dp / 100;
      // Capacity falls with inlet density, and internal leakage grows with the pressure ratio.
      const prExcess = Math.log((P_SET + P_ATM) / pIn) / LN_PR0 - 1;
      cap = ((Q_MAX * pIn) / P_ATM) * (1 - 0.8 * prExcess);
      q = running ? Math.min(demand, cap) : 0;
    }
    const sf = this.rampTo(env, clamp(q / cap, 0.35, 1), 5, 15);
    this.q = q;
    const pIn = P_ATM - dp / 100;
    // The network pressure sags when demand exceeds what the machine can deliver, and bleeds down when stopped.
    const pTarget = running ? P_SET - (3 * Math.max(0, demand - q)) / Q_MAX : 0;
    this.pDis = lagRunStop(this.pDis, pTarget, env, 20, 600);
    const lnPr = Math.log((Math.max(this.pDis, 0) + P_ATM) / pIn);
    const pShaft = sf > 0 ? IDLE_KW * sf + (SPEC_KW * q * lnPr) / LN_PR0 + RATED_KW * faultLossFraction(f, sf) : 0;
    const current = driveCurrent(running, pShaft / ETA_MOTOR, MAGNETISING_A);
    // Oil-injected screw: the thermostatic valve holds the discharge near 75-85 °C; a higher pressure ratio
    // (restricted intake) raises it.
    const tDisEq = running ? Math.max(ambient + 48 + 10 * sf, 72) + 30 * Math.max(0, lnPr / LN_PR0 - 1) : ambient;
    this.tDis = lagRunStop(this.tDis, tDisEq, env, 300, 1800);
    const riseW = running ? windingRise(current, RATED_A, 15, 50, f.overheating, 0.9) : 0;
    this.tW = lagRunStop(this.tW, ambient + riseW, env, 1200, 2700);
    const fv = faultVibration(f, sf, z[1]!);
    out[I.VIB] = sf > 0 ? 0.6 * sf + 1.2 * sf ** 1.5 + fv.de + 0.3 * fv.nde : 0;
    out[I['TEMP-DIS']] = this.tDis;
    out[I['PRESS-DIS']] = this.pDis;
    out[I['DP-FILTER']] = dp;
    out[I.FLOW] = this.q;
    out[I.CURRENT] = current;
    out[I['TEMP-WDG']] = this.tW;
  }
}

export const compressorModel: ModelDef = {
  types: ['air_compressor'],
  signals,
  components: [
    DRIVE_MOTOR,
    { suffix: 'AIREND', name: 'Screw airend', type: 'screw_element' },
    { suffix: 'FILTER', name: 'Intake air filter', type: 'filter' },
    { suffix: 'COOLER', name: 'Oil cooler', type: 'heat_exchanger' },
  ],
  faults: ['bearing_wear', 'misalignment', 'clogged_filter', 'overheating'],
  duty: { meanRunHours: 4 * 24, stopMinutes: [15, 60] },
  create: () => new CompressorPhysics(),
};
