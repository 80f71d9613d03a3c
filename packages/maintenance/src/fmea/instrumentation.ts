import { type FailureMode, type ProcedureStep, QualityReason, type RankedFailureMode } from '@prognos/core';
import { defineMode } from './define';
import { mechanism } from './iso14224';

/**
 * Instrument failure modes: the measurement fails, not the machine. They apply to every asset type and are found by
 * the data-quality checks (a sensor alert names its cause), never ranked from a machine's deviations: a machine
 * alert is ranked over the machine's own modes (rank.ts leaves these out).
 */
export const INSTRUMENT_COMPONENT = 'instrumentation';

const ALL = [
  'centrifugal_pump',
  'induction_motor',
  'air_compressor',
  'gearbox',
  'conveyor',
  'fan',
  'cnc_spindle',
  'other',
];

/** Instrument work on a live loop: no machine stop, but a permit and care with the process connection. */
const INSTRUMENT_SAFETY: ProcedureStep = {
  text: 'Get the permit for instrument work, tell the operator that the sensor’s reading will be unreliable while you work, and keep clear of rotating parts and hot surfaces at the measuring point.',
  safety: true,
  minutes: 5,
};

/** Isolation before a transmitter or its process connection is removed (a pressurised tapping can blow out). */
const ISOLATE_TRANSMITTER: ProcedureStep = {
  text: 'Before removing the sensor: isolate its loop supply (lock and tag the loop breaker or fuse), close and lock the process isolation valve of a pressure or flow transmitter, vent it to zero through the manifold, and prove zero pressure on the gauge.',
  safety: true,
  minutes: 10,
};

const RESTORE_LOOP: ProcedureStep = {
  text: 'Reconnect, open the isolation valve slowly, remove your lock and tag, and restore the loop supply; tell the operator the reading is back.',
  safety: true,
  minutes: 5,
};

const LOOP_CURRENT: ProcedureStep = {
  text: 'Measure the loop current with a clamp meter or at the test terminals: a live 4–20 mA transmitter reads between 4 and 20 mA (below 3.8 mA or above 20.5 mA is a fault signal: open circuit, short or failed transmitter).',
  expected: { quantity: 'loop current', unit: 'mA', min: 4, max: 20 },
  tools: ['loop-current clamp meter'],
  minutes: 10,
};

const AS_FOUND_AS_LEFT: ProcedureStep = {
  text: 'Record the as-found and as-left readings against the reference in the work order, and the new calibration date on the sensor.',
  minutes: 5,
};

export const INSTRUMENT_MODES: FailureMode[] = [
  defineMode({
    id: 'instrument-drift',
    assetTypes: ALL,
    component: INSTRUMENT_COMPONENT,
    name: 'Sensor drift / calibration error',
    iso14224: 'AIR',
    mechanism: mechanism('3.4'),
    causes: [
      'sensor ageing (zero and span drift)',
      'calibration overdue',
      'transmitter re-ranged or re-zeroed wrongly after a replacement',
      'fouled or damaged sensing element, moisture in the connection head',
    ],
    symptoms: [
      {
        kind: 'other',
        direction: 'up',
        weight: 1,
        text: 'the reading moves slowly away from what the related sensors and the model expect, or steps by an offset',
      },
    ],
    detection: 'data-quality checks: residual against the virtual sensor (drift, bias), calibration interval',
    severity: 4,
    occurrence: 5,
    detectability: 5,
    recommendedActions: [
      'Compare the reading with a portable reference instrument at the same operating point',
      'Check when the sensor was last calibrated, replaced or re-ranged',
      'Recalibrate zero and span, and record the as-found and as-left values',
    ],
    procedure: [
      INSTRUMENT_SAFETY,
      {
        text: 'Compare the reading with a calibrated portable reference at the measuring point, at a steady operating point; note both values.',
        tools: ['calibrated reference instrument (thermometer, pressure calibrator or portable vibration meter)'],
        minutes: 15,
        detail:
          'A difference larger than the sensor’s stated accuracy confirms the drift. Compare at a steady load: a changing process makes any comparison useless.',
      },
      LOOP_CURRENT,
      ISOLATE_TRANSMITTER,
      {
        text: 'Recalibrate the transmitter at zero and span with the calibrator (or replace it if it cannot be adjusted into tolerance).',
        tools: ['process calibrator', 'HART communicator'],
        minutes: 30,
      },
      RESTORE_LOOP,
      AS_FOUND_AS_LEFT,
    ],
    repairHours: 1,
    skill: 'instrumentation',
    parts: [],
  }),
  defineMode({
    id: 'instrument-signal-loss',
    assetTypes: ALL,
    component: INSTRUMENT_COMPONENT,
    name: 'Sensor flatline / signal loss (wiring, transmitter)',
    iso14224: 'AIR',
    mechanism: mechanism('3.2'),
    causes: [
      'broken wire, loose or corroded terminal (open circuit or short)',
      'failed transmitter or sensing element',
      'loop power supply failed',
      'PLC or gateway tag frozen (repeats its last value)',
    ],
    symptoms: [
      {
        kind: 'other',
        direction: 'down',
        weight: 1,
        text: 'the reading is stuck at one value, pinned at the end of its range, or reported failed by its source',
      },
    ],
    detection: 'data-quality checks: flatline, out of range, device and sensor failure status',
    severity: 5,
    occurrence: 4,
    detectability: 2,
    recommendedActions: [
      'Check that the PLC/gateway tag still updates',
      'Measure the loop current (4–20 mA) and check the transmitter diagnostics',
      'Inspect the wiring and terminals; replace the transmitter if it does not respond',
    ],
    procedure: [
      INSTRUMENT_SAFETY,
      {
        text: 'Check at the PLC/gateway whether the tag still updates and what status the device reports.',
        minutes: 10,
        detail: 'A tag that repeats the same value with a good status is frozen at the gateway, not at the sensor.',
      },
      LOOP_CURRENT,
      {
        text: 'Check the loop supply voltage at the transmitter terminals (typically 24 V DC at the supply; the transmitter needs at least its lift-off voltage, about 10–12 V).',
        expected: { quantity: 'loop supply voltage', unit: 'V', min: 10.5, max: 30 },
        tools: ['multimeter'],
        minutes: 5,
      },
      ISOLATE_TRANSMITTER,
      {
        text: 'Inspect the cable, glands and terminals for breaks, water and corrosion; retighten the terminals, or replace the transmitter if the loop is sound and it still gives no signal.',
        tools: ['screwdriver set', 'spare transmitter of the same range'],
        minutes: 30,
      },
      RESTORE_LOOP,
      AS_FOUND_AS_LEFT,
    ],
    repairHours: 1.5,
    skill: 'instrumentation',
    parts: [],
  }),
  defineMode({
    id: 'instrument-config-error',
    assetTypes: ALL,
    component: INSTRUMENT_COMPONENT,
    name: 'Wrong unit or scaling in the configuration',
    iso14224: 'AIR',
    mechanism: mechanism('3.5'),
    causes: [
      'tag configured with a different unit than the sensor sends (°F as °C, psi as bar)',
      'wrong range or scaling factor in the PLC, gateway or historian',
      'integer register conversion losing decimals',
      'source clock or time zone wrong',
    ],
    symptoms: [
      {
        kind: 'other',
        direction: 'up',
        weight: 1,
        text: 'the reading jumps by a unit factor, loses resolution or carries wrong timestamps after a configuration change',
      },
    ],
    detection: 'data-quality checks: unit mismatch, quantisation, timestamps',
    severity: 4,
    occurrence: 3,
    detectability: 3,
    recommendedActions: [
      'Compare the unit and scaling at the source with the unit registered in Prognos',
      'Check the register data type and scaling factor at the PLC/gateway',
      'Check the source clock and its NTP synchronisation',
    ],
    procedure: [
      INSTRUMENT_SAFETY,
      {
        text: 'Read the transmitter’s configured range and unit (local display or HART communicator) and compare them with the tag configuration in the PLC/gateway and with the sensor registered in Prognos.',
        tools: ['HART communicator or the transmitter’s local display'],
        minutes: 15,
        detail:
          'A factor of 1.8 and an offset of 32 is °F against °C; a factor of about 14.5 is psi against bar; 10 or 100 is a scaling error.',
      },
      {
        text: 'Check the register data type and scaling factor: an integer register needs the factor that keeps the decimals.',
        minutes: 10,
      },
      { text: 'Check the source clock and time zone (timestamps must be UTC or carry their offset).', minutes: 5 },
      {
        text: 'Correct the configuration at the source, or register the sensor with the unit it really sends; record the change.',
        minutes: 15,
      },
      {
        text: 'Compare the corrected reading with a portable reference at the measuring point.',
        minutes: 10,
      },
    ],
    repairHours: 1,
    skill: 'instrumentation',
    parts: [],
  }),
  defineMode({
    id: 'instrument-noise',
    assetTypes: ALL,
    component: INSTRUMENT_COMPONENT,
    name: 'Noisy or spiking signal (shielding, grounding, loose contact)',
    iso14224: 'ERO',
    mechanism: mechanism('3.3'),
    causes: [
      'cable shield not grounded, or grounded at both ends (ground loop)',
      'signal cable run next to motor or VFD power cables',
      'loose connector or terminal',
      'transmitter damping set too low, or degraded electronics',
    ],
    symptoms: [
      {
        kind: 'other',
        direction: 'up',
        weight: 1,
        text: 'the reading scatters more than before or shows isolated spikes that no other sensor shares',
      },
    ],
    detection: 'data-quality checks: noise and spike detection against the machine’s other sensors',
    severity: 3,
    occurrence: 4,
    detectability: 3,
    recommendedActions: [
      'Check connectors and terminals for loose contacts',
      'Check the cable shield is grounded at one end only, and the cable routing',
      'Check the transmitter damping setting',
    ],
    procedure: [
      INSTRUMENT_SAFETY,
      LOOP_CURRENT,
      {
        text: 'Check the cable routing for new interference: VFD or motor power cables, welding, radios near the signal cable.',
        minutes: 10,
      },
      ISOLATE_TRANSMITTER,
      {
        text: 'Retighten the terminals and connector, and check the shield is grounded at the control-room end only.',
        tools: ['screwdriver set', 'multimeter'],
        minutes: 20,
      },
      RESTORE_LOOP,
      {
        text: 'Check the transmitter damping setting against the site standard, and watch the signal for 15 minutes.',
        minutes: 20,
      },
    ],
    repairHours: 1,
    skill: 'instrumentation',
    parts: [],
  }),
  defineMode({
    id: 'instrument-comms-loss',
    assetTypes: ALL,
    component: INSTRUMENT_COMPONENT,
    name: 'Data link loss (gateway, network, connector)',
    iso14224: 'AIR',
    mechanism: mechanism('3.2'),
    causes: [
      'gateway or PLC stopped or restarted',
      'network link or switch down',
      'connector credentials or address changed',
      'sensor power supply lost',
    ],
    symptoms: [
      {
        kind: 'other',
        direction: 'down',
        weight: 1,
        text: 'no readings arrive (gaps), or the source reports a communication failure',
      },
    ],
    detection: 'data-quality checks: gaps and communication-failure status; connector status',
    severity: 4,
    occurrence: 4,
    detectability: 2,
    recommendedActions: [
      'Check the connector’s status on the Connectors page',
      'Check the gateway/PLC and the network link',
      'Check the sensor’s power supply',
    ],
    procedure: [
      INSTRUMENT_SAFETY,
      { text: 'Check the connector’s status and last error on the Connectors page.', minutes: 5 },
      {
        text: 'Check the gateway or PLC is running and reachable (ping, its diagnostics page), and the network link LEDs.',
        minutes: 15,
      },
      LOOP_CURRENT,
      {
        text: 'Restore the link (restart the gateway service, fix the address or credentials) and check that readings arrive again.',
        minutes: 15,
      },
    ],
    repairHours: 1,
    skill: 'instrumentation',
    parts: [],
  }),
];

/** Each data-quality reason of a sensor alert, mapped to the instrument failure mode that explains it. */
const MODE_BY_REASON: Record<number, string> = {
  [QualityReason.DRIFT]: 'instrument-drift',
  [QualityReason.BIAS]: 'instrument-drift',
  [QualityReason.CALIBRATION_OVERDUE]: 'instrument-drift',
  [QualityReason.SOURCE_UNCERTAIN]: 'instrument-drift',
  [QualityReason.MANUAL]: 'instrument-drift',
  [QualityReason.FLATLINE]: 'instrument-signal-loss',
  [QualityReason.OUT_OF_RANGE]: 'instrument-signal-loss',
  [QualityReason.DEVICE_FAILURE]: 'instrument-signal-loss',
  [QualityReason.SENSOR_FAILURE]: 'instrument-signal-loss',
  [QualityReason.UNIT_MISMATCH]: 'instrument-config-error',
  [QualityReason.QUANTISATION]: 'instrument-config-error',
  [QualityReason.TIMESTAMP]: 'instrument-config-error',
  [QualityReason.NOISE]: 'instrument-noise',
  [QualityReason.SPIKE]: 'instrument-noise',
  [QualityReason.GAP]: 'instrument-comms-loss',
  [QualityReason.COMM_FAILURE]: 'instrument-comms-loss',
};

/** The instrument failure mode that explains a data-quality reason (drift when the reason is not known). */
export function instrumentModeFor(reason: number | undefined): string {
  return (reason !== undefined && MODE_BY_REASON[reason]) || 'instrument-drift';
}

export function isInstrumentMode(fm: Pick<FailureMode, 'component'>): boolean {
  return fm.component === INSTRUMENT_COMPONENT;
}

/**
 * The instrument modes of a library ranked for a sensor alert from its data-quality reasons (most important
 * first): a mode's score is its share of the reasons it explains, the first reason counting double; `labels` are
 * the reasons in words, for the matched list.
 */
export function rankInstrumentModes(
  reasons: readonly { code: number; label: string }[],
  library: readonly FailureMode[],
  limit = 5,
): RankedFailureMode[] {
  const modes = library.filter(isInstrumentMode);
  const weights = reasons.map((_, i) => (i === 0 ? 2 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return modes
    .map((fm): RankedFailureMode => {
      const mine = reasons.map((r, i) => ({ r, w: weights[i]! })).filter((x) => instrumentModeFor(x.r.code) === fm.id);
      const w = mine.reduce((a, x) => a + x.w, 0);
      return {
        failureModeId: fm.id,
        name: fm.name,
        component: fm.component,
        iso14224: fm.iso14224,
        score: total > 0 ? Math.round((w / total) * 1000) / 1000 : 0,
        matched: mine.map((x) => `data-quality check: ${x.r.label}`),
        missing: [],
        rpn: fm.rpn,
        recommendedActions: [...fm.recommendedActions],
      };
    })
    .sort((a, b) => b.score - a.score || b.rpn - a.rpn || a.failureModeId.localeCompare(b.failureModeId))
    .slice(0, Math.max(0, limit));
}
