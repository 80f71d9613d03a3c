import { bearingSignals, DE_NDE_BEARINGS, DRIVE_MOTOR, motorCurrent, volumeFlow } from './common-signals';
import type { ModelDef, ModelEnv, SignalSpec } from './model';
import { indexOf } from './model';
import {
  BAR_PER_M,
  clamp,
  DrivePhysics,
  driveCurrent,
  faultBearingHeat,
  faultLossFraction,
  faultVibration,
  hydraulicPowerKw,
  lagRunStop,
} from './physics';

/*
 * A VFD-driven end-suction centrifugal pump (30 kW, 2960 rpm) in a closed cooling-water loop.
 * Pump curve H = c·(H0·n² − K·Q²) (affinity laws), system curve H = HS + (R + Rf)·Q²; the operating point is
 * their intersection. Efficiency is a parabola around the best-efficiency point (BEP), so power and current
 * follow flow and head; the suction strainer adds resistance on the suction side.
 */
const Q_BEP = 120; // m³/h at rated speed
const H_SHUT = 62; // m, shut-off head at rated speed
const H_BEP = 50; // m
const K = (H_SHUT - H_BEP) / Q_BEP ** 2;
const HS = 15; // m static head of the system
const R = (H_BEP - HS) / Q_BEP ** 2;
const P_TANK = 1.0; // bar(g) at the suction tank
const KS = 0.25 / Q_BEP ** 2; // bar/(m³/h)²: 0.25 bar suction-line loss at rated flow
const ETA_BEP = 0.78;
const RATED_KW = 30;
const ETA_DRIVE = 0.93; // motor × VFD
const MAGNETISING_A = 9;

const signals = [
  ...bearingSignals(),
  {
    name: 'PRESS-SUC',
    label: 'suction pressure',
    kind: 'suction_pressure',
    unit: 'bar',
    min: -1,
    max: 4,
    resolution: 0.01,
    noiseAbs: 0.008,
    noiseRel: 0.003,
  },
  {
    name: 'PRESS-DIS',
    label: 'discharge pressure',
    kind: 'discharge_pressure',
    unit: 'bar',
    min: 0,
    max: 10,
    resolution: 0.01,
    noiseAbs: 0.01,
    noiseRel: 0.003,
  },
  volumeFlow('flow', { max: 200, resolution: 0.1, noiseAbs: 0.2, noiseRel: 0.005 }),
  motorCurrent({ max: 80 }),
] as const satisfies readonly SignalSpec[];
const I = indexOf(signals);

class PumpPhysics extends DrivePhysics {
  private tBrg = 20;
  step(env: ModelEnv, out: Float64Array): void {
    const { f, z, running } = env;
    // Demand sets the VFD speed between 72 % (minimum flow) and 100 %.
    const sf = this.rampTo(env, 0.72 + 0.28 * env.load, 3, 8);
    // Cavitation: vapour in the impeller eye breaks the head down (the NPSH3 criterion is a 3 % drop; a
    // fully cavitating pump loses far more, Gülich, Centrifugal Pumps, ch. 6), while the suction level falls.
    const c = 1 - 0.3 * f.cavitation;
    const kf = KS * 8 * f.clogged_filter; // strainer resistance, bar/(m³/h)²
    const rf = kf / BAR_PER_M;
    const hShut = c * H_SHUT * sf * sf;
    const q0 = hShut > HS ? Math.sqrt((hShut - HS) / (c * K + R + rf)) : 0;
    const head = c * (H_SHUT * sf * sf - K * q0 * q0);
    // Cavitating flow is unsteady: vapour cavities collapse and the flow pulsates.
    const flow = Math.max(0, q0 * (1 + 0.06 * f.cavitation * z[0]!));
    const pTank = P_TANK - 0.45 * f.cavitation;
    const suction = pTank - (KS + kf) * q0 * q0;
    // Downstream of the check valve the gauge never reads below the static head of the system.
    const discharge = suction + BAR_PER_M * Math.max(head, HS);
    const qRel = sf > 0.05 ? q0 / (Q_BEP * sf) : 1;
    const eta = clamp(ETA_BEP * (1 - 0.9 * (qRel - 1) ** 2), 0.3, ETA_BEP);
    const pShaft = sf > 0 ? hydraulicPowerKw(q0, head) / eta + RATED_KW * faultLossFraction(f, sf) : 0;
    const current = driveCurrent(running, pShaft / ETA_DRIVE, MAGNETISING_A);
    // Unbalance grows with speed²; running off the BEP adds hydraulic (recirculation) vibration.
    const offBep = (qRel - 1) ** 2 * sf * sf;
    const fv = faultVibration(f, sf, z[1]!);
    const cav = f.cavitation * sf * (2.5 + 1.2 * Math.abs(z[2]!));
    out[I['VIB-DE']] = sf > 0 ? 1.5 * sf * sf + 0.8 * offBep + fv.de + cav : 0;
    out[I['VIB-NDE']] = sf > 0 ? 1.1 * sf * sf + 0.5 * offBep + fv.nde + 0.6 * cav : 0;
    // Bearing temperature: first-order lag toward ambient + friction heat (∝ speed) with a 15 min constant.
    const rise = sf * (8 + 20 * sf) + faultBearingHeat(f, sf);
    this.tBrg = lagRunStop(this.tBrg, env.ambient + rise, env, 900, 1800);
    out[I['TEMP-BRG']] = this.tBrg;
    out[I['PRESS-SUC']] = suction;
    out[I['PRESS-DIS']] = discharge;
    out[I.FLOW] = flow;
    out[I.CURRENT] = current;
  }
}

export const pumpModel: ModelDef = {
  types: ['centrifugal_pump'],
  signals,
  components: [
    DRIVE_MOTOR,
    ...DE_NDE_BEARINGS,
    { suffix: 'IMPELLER', name: 'Impeller', type: 'impeller' },
    { suffix: 'SEAL', name: 'Mechanical seal', type: 'mechanical_seal' },
    { suffix: 'STRAINER', name: 'Suction strainer', type: 'filter' },
  ],
  faults: ['bearing_wear', 'misalignment', 'cavitation', 'clogged_filter'],
  duty: { meanRunHours: 7 * 24, stopMinutes: [20, 90] },
  create: () => new PumpPhysics(),
};
