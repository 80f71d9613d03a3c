/**
 * The scenario library: one machine of the demo plant, one simulated fault at a severity, and sometimes a
 * distractor (a sensor fault at the same time, on a sensor that is not the fault's main symptom). What a trainee
 * sees is the TrainingScenario; the answer (failure mode of the FMEA library, necessary actions, faulty sensors) and
 * the simulation settings stay here, server-side.
 */
import type { AssetType, TrainingDistractor, TrainingScenario, TrainingSeverity } from '@prognos/core';
import type { FaultKind, InjectSensorFaultOptions, SensorFaultKind } from '@prognos/simulator';
import { sensorActionId } from './actions';

/** A sensor fault running beside the machine fault. */
export interface DistractorDef {
  /** Tag suffix of the sensor, e.g. 'TEMP-BRG'. */
  sensor: string;
  fault: SensorFaultKind;
  opts: Omit<InjectSensorFaultOptions, 'startAt' | 'durationMs'>;
  /** Why it is a sensor problem and not the machine, for the feedback. */
  tell: string;
}

export interface ScenarioDef {
  id: string;
  title: string;
  /** Demo-plant asset whose model and sensors the sandbox copies. */
  assetId: string;
  assetType: AssetType;
  briefing: string;
  severity: TrainingSeverity;
  fault: FaultKind;
  distractor?: DistractorDef;
  skills: string[];
  difficulty: 1 | 2 | 3;
  targetMinutes: number;
  /** The hidden answer. */
  answer: {
    /** Failure mode of the default FMEA library (applies to assetType). */
    failureModeId: string;
    /** Action ids the job needs (machine actions, and the distractor's sensor action). */
    necessaryActions: string[];
    /** Tag suffixes of the sensors that are faulty (the distractor's). */
    faultySensors: string[];
  };
  /**
   * Tags of the sensors whose transmitter the trainee may choose to check: the distractor's (right) and a sensor
   * that really moved with the fault (wrong: it tells the truth).
   */
  sensorActions: string[];
  /** Lessons that teach what the scenario exercises (ids of the lessons library). */
  lessons: string[];
  /** A teaching point particular to this case, added to the feedback whatever the answer. */
  note?: string;
}

/** Fault severity the case stops at, per level (0..1 on the simulator's P-F curve). */
export const SEVERITY_LEVEL: Readonly<Record<TrainingSeverity, number>> = { early: 0.3, moderate: 0.55, advanced: 0.8 };

/** Titles of the lessons referred to (another part of the product holds their text). */
export const LESSON_TITLES: Readonly<Record<string, string>> = {
  'vibration-basics': 'Vibration basics: what mm/s RMS tells you',
  'bearing-frequencies': 'Bearing defect frequencies and the envelope spectrum',
  misalignment: 'Misalignment: 1×, 2× and axial vibration',
  cavitation: 'Cavitation and NPSH',
  overheating: 'Overheating: cooling, load and winding temperature',
  'anomaly-scores': 'Anomaly scores and sensor contributions',
  'health-score': 'The health score',
  'rul-uncertainty': 'Remaining useful life and its uncertainty',
  'sensor-trust': 'Sensor trust: when the instrument lies',
  'lockout-tagout': 'Lockout–tagout before you touch a machine',
};

const SENSOR_SKILL = 'sensor faults';

const drift = (sensor: string, percentOfSpanPerHour: number, tell: string): DistractorDef => ({
  sensor,
  fault: 'drift',
  opts: { percentOfSpanPerHour },
  tell,
});
const bias = (sensor: string, percentOfSpan: number, tell: string): DistractorDef => ({
  sensor,
  fault: 'bias',
  opts: { percentOfSpan },
  tell,
});
const stuck = (sensor: string, tell: string): DistractorDef => ({ sensor, fault: 'stuck', opts: {}, tell });

type Spec = Omit<ScenarioDef, 'answer' | 'lessons'> & {
  failureModeId: string;
  actions: string[];
  lessons?: string[];
};

/** Fills in what follows from the spec: the distractor's sensor is faulty and its sensor action is needed. */
function scenario(s: Spec): ScenarioDef {
  const { failureModeId, actions, lessons, ...rest } = s;
  const faultySensors = s.distractor ? [s.distractor.sensor] : [];
  const sensorActions = [...new Set([...faultySensors, ...s.sensorActions])];
  return {
    ...rest,
    sensorActions,
    answer: {
      failureModeId,
      necessaryActions: [...actions, ...faultySensors.map(sensorActionId)],
      faultySensors,
    },
    lessons: [
      ...new Set([...(lessons ?? []), ...(s.distractor ? ['sensor-trust'] : []), 'anomaly-scores', 'lockout-tagout']),
    ],
  };
}

const PUMP = { assetId: 'P-101', assetType: 'centrifugal_pump' as const };
const MOTOR = { assetId: 'M-201', assetType: 'induction_motor' as const };
const COMPRESSOR = { assetId: 'C-301', assetType: 'air_compressor' as const };
const GEARBOX = { assetId: 'G-401', assetType: 'gearbox' as const };
const FAN = { assetId: 'F-501', assetType: 'fan' as const };
const SPINDLE = { assetId: 'S-601', assetType: 'cnc_spindle' as const };

export const SCENARIOS: readonly ScenarioDef[] = [
  scenario({
    id: 'pump-night-noise',
    title: 'Cooling water pump: a new noise at the drive end',
    ...PUMP,
    briefing:
      'The night shift reports a faint new noise near the coupling end of cooling water pump 1. Flow is normal and nobody has worked on the pump since its last service. The monitoring system shows the pump drifting away from its baseline.',
    severity: 'early',
    fault: 'bearing_wear',
    skills: ['bearing faults'],
    difficulty: 2,
    targetMinutes: 10,
    failureModeId: 'pump-bearing-wear',
    actions: ['pump-envelope', 'pump-replace-de-bearing'],
    sensorActions: ['VIB-DE'],
    lessons: ['vibration-basics', 'bearing-frequencies', 'health-score'],
  }),
  scenario({
    id: 'pump-crackling-noise',
    title: 'Cooling water pump: crackling noise and a warm bearing',
    ...PUMP,
    briefing:
      'Operators hear a crackling, gravel-like noise from cooling water pump 1 and the heat exchangers downstream run warmer. The control room also points at a bearing temperature that keeps creeping up.',
    severity: 'moderate',
    fault: 'cavitation',
    distractor: drift(
      'TEMP-BRG',
      1.5,
      'it climbs in a straight line at a steady rate from one moment on, independent of load and of the vibration at the same bearing; a real bearing problem warms the bearing together with a rise in its vibration',
    ),
    skills: ['cavitation', SENSOR_SKILL],
    difficulty: 2,
    targetMinutes: 12,
    failureModeId: 'pump-cavitation',
    actions: ['pump-restore-npsh'],
    sensorActions: ['PRESS-DIS'],
    lessons: ['cavitation'],
  }),
  scenario({
    id: 'pump-after-motor-change',
    title: 'Cooling water pump: vibration after the motor change',
    ...PUMP,
    briefing:
      'The motor of cooling water pump 1 was exchanged two weeks ago by a contractor. Since then operators find the pump rougher than its twin. Nothing else has changed in the cooling loop.',
    severity: 'moderate',
    fault: 'misalignment',
    skills: ['alignment'],
    difficulty: 1,
    targetMinutes: 8,
    failureModeId: 'pump-misalignment',
    actions: ['pump-laser-align'],
    sensorActions: ['VIB-NDE'],
    lessons: ['misalignment', 'vibration-basics'],
  }),
  scenario({
    id: 'pump-losing-flow',
    title: 'Cooling water pump: losing flow after the loop was flushed',
    ...PUMP,
    briefing:
      'The cooling loop was flushed last week after scale was found in a heat exchanger. Since then the pump delivers less and less water; operators have opened the control valve further to keep up.',
    severity: 'advanced',
    fault: 'clogged_filter',
    skills: ['filters and fouling'],
    difficulty: 1,
    targetMinutes: 8,
    failureModeId: 'pump-strainer-clogged',
    actions: ['pump-clean-strainer'],
    sensorActions: ['FLOW'],
    lessons: ['health-score'],
  }),
  scenario({
    id: 'motor-hot-winding-reading',
    title: 'Extruder drive motor: hot winding or something else?',
    ...MOTOR,
    briefing:
      'The extruder main drive motor shows a higher winding temperature on the HMI since the instrument technicians rewired the terminal box on Tuesday. The operator also finds the motor noisier at the drive end than usual.',
    severity: 'moderate',
    fault: 'bearing_wear',
    distractor: bias(
      'TEMP-WDG',
      10,
      'it jumped by a fixed amount in one step and then follows its old daily pattern exactly, shifted; current, speed and power did not change, so the winding cannot be carrying more heat — a wiring or calibration offset does exactly this',
    ),
    skills: ['bearing faults', SENSOR_SKILL],
    difficulty: 3,
    targetMinutes: 15,
    failureModeId: 'motor-bearing-wear',
    actions: ['motor-envelope', 'motor-replace-de-bearing'],
    sensorActions: ['TEMP-BRG'],
    lessons: ['bearing-frequencies', 'vibration-basics'],
  }),
  scenario({
    id: 'motor-dusty-summer',
    title: 'Extruder drive motor: hot in a dusty summer',
    ...MOTOR,
    briefing:
      'It is a hot week and the extrusion hall is dusty after a raw-material spill. The extruder main drive motor trips were narrowly avoided twice; the load on the line is the same as every week.',
    severity: 'moderate',
    fault: 'overheating',
    skills: ['overheating'],
    difficulty: 1,
    targetMinutes: 8,
    failureModeId: 'motor-cooling-failure',
    actions: ['motor-clean-cooling'],
    sensorActions: ['TEMP-WDG'],
    lessons: ['overheating'],
  }),
  scenario({
    id: 'motor-after-gearbox-work',
    title: 'Extruder drive motor: slightly rougher after the gearbox work',
    ...MOTOR,
    briefing:
      'The extruder gearbox was lifted and put back during last month’s shutdown. The drive motor now runs a little rougher; operators are not worried but the monitoring system has started to notice.',
    severity: 'early',
    fault: 'misalignment',
    skills: ['alignment'],
    difficulty: 2,
    targetMinutes: 10,
    failureModeId: 'motor-misalignment',
    actions: ['motor-laser-align'],
    sensorActions: ['VIB-NDE'],
    lessons: ['misalignment', 'vibration-basics'],
  }),
  scenario({
    id: 'compressor-road-works',
    title: 'Screw compressor: working harder for the same air',
    ...COMPRESSOR,
    briefing:
      'Road works outside the compressor room have raised a lot of dust this month. The screw air compressor draws more current than usual for the same air demand and the discharge air is a little warmer.',
    severity: 'moderate',
    fault: 'clogged_filter',
    skills: ['filters and fouling'],
    difficulty: 1,
    targetMinutes: 8,
    failureModeId: 'compressor-intake-filter-clogged',
    actions: ['comp-replace-filter'],
    sensorActions: ['CURRENT'],
    lessons: ['health-score'],
  }),
  scenario({
    id: 'compressor-hot-motor',
    title: 'Screw compressor: hot motor and a falling flow reading',
    ...COMPRESSOR,
    briefing:
      'The canopy ventilation filters of the screw compressor were last changed long ago. The motor feels hot to the hand, and the energy team asks why the air flow reading keeps falling while production uses as much air as ever.',
    severity: 'moderate',
    fault: 'overheating',
    distractor: drift(
      'FLOW',
      -1,
      'it falls steadily at a constant rate from one moment on while current, discharge pressure and air demand stay the same; a compressor that really delivered less air at the same pressure would draw less current',
    ),
    skills: ['overheating', SENSOR_SKILL],
    difficulty: 2,
    targetMinutes: 12,
    failureModeId: 'compressor-motor-overheating',
    actions: ['comp-clean-motor-cooling'],
    sensorActions: ['TEMP-WDG'],
    lessons: ['overheating'],
  }),
  scenario({
    id: 'compressor-near-overhaul',
    title: 'Screw compressor: vibration near the overhaul interval',
    ...COMPRESSOR,
    briefing:
      'The screw compressor is close to its 40 000 h airend overhaul. Motor and airend were laser-aligned three weeks ago with a good result. The airend vibration has been climbing for a while.',
    severity: 'advanced',
    fault: 'bearing_wear',
    skills: ['bearing faults'],
    difficulty: 2,
    targetMinutes: 10,
    failureModeId: 'compressor-airend-bearing-wear',
    actions: ['comp-envelope-oil', 'comp-airend-bearings'],
    sensorActions: ['VIB'],
    lessons: ['bearing-frequencies', 'rul-uncertainty'],
  }),
  scenario({
    id: 'gearbox-warm-input-side',
    title: 'Conveyor gearbox: a warm input bearing',
    ...GEARBOX,
    briefing:
      'The packing line conveyor gearbox sounds different at the motor side, and a fitter says the input bearing housing feels warmer than the output side. The oil level was checked last week and is at the mark.',
    severity: 'moderate',
    fault: 'bearing_wear',
    skills: ['bearing faults'],
    difficulty: 2,
    targetMinutes: 10,
    failureModeId: 'gearbox-bearing-wear',
    actions: ['gb-oil-envelope', 'gb-replace-input-bearing'],
    sensorActions: ['TEMP-BRG'],
    lessons: ['bearing-frequencies', 'vibration-basics'],
  }),
  scenario({
    id: 'gearbox-after-repaint',
    title: 'Conveyor gearbox: vibration at both shafts, and more current?',
    ...GEARBOX,
    briefing:
      'The conveyor drive was re-bolted after the base frame was repainted. Both gearbox shafts seem rougher, and the electrician says the motor current reading has gone up since he swapped a current transformer in the panel.',
    severity: 'moderate',
    fault: 'misalignment',
    distractor: bias(
      'CURRENT',
      8,
      'it stepped up by a fixed amount at one moment, with no change in speed, oil temperature or load on the belt; more mechanical load would also warm the oil, and a swapped current transformer with the wrong ratio does exactly this',
    ),
    skills: ['alignment', SENSOR_SKILL],
    difficulty: 3,
    targetMinutes: 15,
    failureModeId: 'gearbox-misalignment',
    actions: ['gb-laser-align'],
    sensorActions: ['VIB-OUT'],
    lessons: ['misalignment'],
  }),
  scenario({
    id: 'fan-weak-extraction',
    title: 'Exhaust fan: less air, and a bearing getting warmer',
    ...FAN,
    briefing:
      'The paint-shop extraction feels weak and the exhaust fan’s airflow alarm came on twice. The HMI also shows the fan bearing temperature rising slowly, which worries the shift leader.',
    severity: 'moderate',
    fault: 'clogged_filter',
    distractor: drift(
      'TEMP-BRG',
      1.2,
      'it rises in a straight line at a constant rate, unrelated to speed, load or the vibration of that bearing, which stays at its baseline; a bearing that really ran hot would vibrate more too',
    ),
    skills: ['filters and fouling', SENSOR_SKILL],
    difficulty: 2,
    targetMinutes: 12,
    failureModeId: 'fan-filter-clogged',
    actions: ['fan-replace-filters'],
    sensorActions: ['FLOW'],
  }),
  scenario({
    id: 'fan-planner-question',
    title: 'Exhaust fan: a small rise at the drive end',
    ...FAN,
    briefing:
      'Nothing is wrong according to the operators: the exhaust fan moves its air as always. The monitoring system, however, has begun to flag the fan, and the maintenance planner asks whether it can wait for the summer stop.',
    severity: 'early',
    fault: 'bearing_wear',
    skills: ['bearing faults'],
    difficulty: 2,
    targetMinutes: 10,
    failureModeId: 'fan-bearing-wear',
    actions: ['fan-envelope', 'fan-replace-de-bearing'],
    sensorActions: ['VIB-DE'],
    lessons: ['bearing-frequencies', 'rul-uncertainty', 'health-score'],
  }),
  scenario({
    id: 'fan-after-remount',
    title: 'Exhaust fan: rough since the motor was re-mounted',
    ...FAN,
    briefing:
      'The exhaust fan motor was taken off to repair its terminal box and put back by the night shift without a dial gauge or laser. The fan has been shaking more ever since.',
    severity: 'advanced',
    fault: 'misalignment',
    skills: ['alignment'],
    difficulty: 2,
    targetMinutes: 8,
    failureModeId: 'fan-misalignment',
    actions: ['fan-laser-align'],
    sensorActions: ['VIB-NDE'],
    lessons: ['misalignment'],
    note: 'Misalignment, looseness and imbalance all raise the vibration at both bearings, so the overall levels alone do not separate them; the history does: the vibration stepped up right after the motor was put back without an alignment check. A spectrum would confirm it (misalignment: 1× and 2× with a high axial component).',
  }),
  scenario({
    id: 'spindle-chatter-marks',
    title: 'Machining spindle: chatter marks and a hot winding reading',
    ...SPINDLE,
    briefing:
      'Parts from the machining centre show chatter marks on the finishing passes. The winding temperature on the spindle drive display jumped after the drive was serviced, and the operator thinks the spindle is overheating.',
    severity: 'moderate',
    fault: 'bearing_wear',
    distractor: bias(
      'TEMP-WDG',
      12,
      'it jumped by a fixed amount at one moment and follows its usual pattern from there, with no change in current or power; real overheating of the motor comes with the cooling or the load, and warms the bearings too',
    ),
    skills: ['bearing faults', SENSOR_SKILL],
    difficulty: 3,
    targetMinutes: 15,
    failureModeId: 'spindle-bearing-wear',
    actions: ['sp-test-cycle', 'sp-rebuild'],
    sensorActions: ['TEMP-BRG'],
    lessons: ['bearing-frequencies', 'vibration-basics'],
    note: 'Read the detector’s expected values with care here: spindle vibration normally grows with speed, so a model that sees high vibration “expects” a higher speed, and speed, power and bearing temperature then look low against it. Compare the bearing temperature with the same spindle speeds in the healthy days instead: it runs warmer, the sign of a damaged bearing (lost preload runs cooler).',
  }),
  scenario({
    id: 'spindle-afternoon-bores',
    title: 'Machining spindle: parts growing out of tolerance',
    ...SPINDLE,
    briefing:
      'Bores machined in the afternoon come out a few microns off, the mornings are fine. The machine has not crashed, the tools are new, and the spindle sounds as usual.',
    severity: 'moderate',
    fault: 'overheating',
    skills: ['overheating'],
    difficulty: 1,
    targetMinutes: 8,
    failureModeId: 'spindle-cooling-failure',
    actions: ['sp-chiller'],
    sensorActions: ['TEMP-BRG'],
    lessons: ['overheating'],
  }),
  scenario({
    id: 'motor-frozen-speed',
    title: 'Extruder drive motor: hot, and the speed reading looks frozen',
    ...MOTOR,
    briefing:
      'The extruder main drive motor runs hot this week. The line operator also notes that the speed shown on the HMI has not moved at all for hours, even while the line changed product.',
    severity: 'advanced',
    fault: 'overheating',
    distractor: stuck(
      'SPEED',
      'it shows exactly the same value reading after reading, without the small noise every live transmitter has, while current and power keep moving; a machine never holds its speed that perfectly',
    ),
    skills: ['overheating', SENSOR_SKILL],
    difficulty: 2,
    targetMinutes: 12,
    failureModeId: 'motor-cooling-failure',
    actions: ['motor-clean-cooling'],
    sensorActions: ['TEMP-WDG'],
    lessons: ['overheating'],
  }),
];

const BY_ID = new Map(SCENARIOS.map((s) => [s.id, s]));

export function scenarioDef(id: string): ScenarioDef | undefined {
  return BY_ID.get(id);
}

/**
 * What a trainee is shown of a scenario. The distractor's sensor and fault are part of the answer (the trainee has
 * to find the lying sensor), so before a submission they read 'hidden'; only the count tells that there is one.
 */
export function publicScenario(s: ScenarioDef, reveal = false): TrainingScenario {
  const distractors: TrainingDistractor[] = s.distractor
    ? [
        reveal
          ? { kind: 'sensor_fault', sensor: s.distractor.sensor, fault: s.distractor.fault }
          : { kind: 'sensor_fault', sensor: 'hidden', fault: 'hidden' },
      ]
    : [];
  return {
    id: s.id,
    title: s.title,
    assetType: s.assetType,
    briefing: s.briefing,
    severity: s.severity,
    distractors,
    skills: [...s.skills],
    difficulty: s.difficulty,
    targetMinutes: s.targetMinutes,
  };
}

/** Every skill the library exercises, in a stable order (rows of the skills matrix). */
export const TRAINING_SKILLS: readonly string[] = [...new Set(SCENARIOS.flatMap((s) => s.skills))];
