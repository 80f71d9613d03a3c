import { type Asset, QualityReason, type QualityState, type Sensor } from '@prognos/core';
import type { ReasonInfo } from './trust';

interface ReasonAdvice {
  /** What the sensor is doing, for a title: "P-101.TEMP-BRG stuck (flatline)". */
  label: string;
  /** The first thing to check, for a title. */
  action: string;
  /** Steps for the work order, most likely cause first. */
  steps: string[];
}

const R = QualityReason;
const GENERIC: ReasonAdvice = {
  label: 'not trusted',
  action: 'check the sensor',
  steps: [
    'Compare the reading with a portable reference instrument at the measuring point.',
    'Inspect the transmitter, its wiring and connectors.',
    'Recalibrate or replace the sensor if it disagrees with the reference.',
  ],
};

/** Plain-language meaning of each reason and what a technician checks first, most likely cause first. */
const ADVICE: Record<number, ReasonAdvice> = {
  [R.FLATLINE]: {
    label: 'stuck (flatline)',
    action: 'check transmitter',
    steps: [
      'Check that the PLC/gateway tag still updates (a frozen tag repeats its last value).',
      'Check the transmitter: power, loop current (4–20 mA) and its diagnostics.',
      'Compare with a portable reference; replace the transmitter if it does not respond.',
    ],
  },
  [R.OUT_OF_RANGE]: {
    label: 'out of range',
    action: 'check wiring and range',
    steps: [
      'Check the wiring: an open circuit or a short drives the signal to a rail value.',
      "Check the transmitter's configured range and the scaling in the PLC/gateway.",
      'Check the unit configured at the source against the unit registered in Prognos.',
    ],
  },
  [R.UNIT_MISMATCH]: {
    label: 'reporting in the wrong unit',
    action: 'check unit configuration',
    steps: [
      'Check the unit and scaling of the tag in the PLC/gateway/historian (e.g. °F instead of °C, psi instead of bar).',
      'Correct the source, or register the sensor with the unit it really sends.',
      'Readings flagged meanwhile stay excluded from models and alerts.',
    ],
  },
  [R.SPIKE]: {
    label: 'spiking',
    action: 'check connections',
    steps: [
      'Check connectors and terminals for loose contacts.',
      'Check cable shielding and grounding, and routing next to motor or VFD power cables.',
      'Replace the sensor if the spikes persist with a sound installation.',
    ],
  },
  [R.NOISE]: {
    label: 'noisy',
    action: 'check grounding and shielding',
    steps: [
      'Check the cable shield and its grounding (one end only), and ground loops.',
      'Check for new interference: a VFD, welding or power cables near the signal cable.',
      "Check the transmitter's damping setting; recalibrate or replace it if it has degraded.",
    ],
  },
  [R.QUANTISATION]: {
    label: 'losing resolution',
    action: 'check scaling',
    steps: [
      'Check the register scaling and data type in the PLC/gateway (an integer conversion loses decimals).',
      'Check the deadband / report-by-exception setting of the source.',
    ],
  },
  [R.GAP]: {
    label: 'not sending (gap)',
    action: 'check communication',
    steps: [
      "Check the connector's status in Prognos (Connectors page).",
      'Check the gateway/PLC and the network link, then the sensor power supply.',
    ],
  },
  [R.TIMESTAMP]: {
    label: 'sending bad timestamps',
    action: 'check the source clock',
    steps: [
      "Check the source's clock and its NTP synchronisation.",
      'Check the time zone configured in the gateway (timestamps must be UTC or carry an offset).',
      'Check for a buffering gateway replaying old data.',
    ],
  },
  [R.BIAS]: {
    label: 'reading with an offset (bias)',
    action: 'check the zero',
    steps: [
      'Compare with the redundant/related sensor or a portable reference at the same operating point.',
      'Check whether the transmitter was recently replaced, re-ranged or re-zeroed, and its wiring and tapping.',
      'Correct the zero (offset) and record the as-found and as-left values.',
    ],
  },
  [R.DRIFT]: {
    label: 'drifting',
    action: 'recalibrate',
    steps: [
      'Compare with the redundant/related sensor or a portable reference.',
      'Recalibrate the transmitter (zero and span) and record the as-found and as-left values.',
    ],
  },
};
for (const code of [R.DEVICE_FAILURE, R.COMM_FAILURE, R.SENSOR_FAILURE]) {
  ADVICE[code] = {
    label: 'reported failed by its source',
    action: 'check device diagnostics',
    steps: ["Read the device's diagnostics at the PLC/gateway.", ...GENERIC.steps],
  };
}

export function adviceFor(code: number | undefined): ReasonAdvice {
  return (code !== undefined && ADVICE[code]) || GENERIC;
}

/** "12:03" in the site's time zone (the server's when the site has none); with the date when not today. */
export function clockTime(ts: number, now: number, timeZone?: string): string {
  const opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hour12: false, timeZone };
  const day = (t: number) => new Date(t).toLocaleDateString('en-CA', { timeZone });
  const time = new Date(ts).toLocaleTimeString('en-GB', opts);
  return day(ts) === day(now) ? time : `${day(ts)} ${time}`;
}

export interface SensorAlertInput {
  sensor: Sensor;
  asset?: Asset;
  state: QualityState;
  score: number | null;
  reasons: ReasonInfo[];
  /** When the sensor became untrusted. */
  since: number;
  now: number;
  timeZone?: string;
}

export function sensorAlertText(x: SensorAlertInput): { title: string; explanation: string } {
  const top = x.reasons[0];
  const advice = adviceFor(top?.code);
  const since = clockTime(top?.since ?? x.since, x.now, x.timeZone);
  const title = `Sensor ${x.sensor.id} ${advice.label} since ${since} — ${advice.action}`;
  const what = x.reasons.length
    ? x.reasons.map((r) => `${adviceFor(r.code).label} (${r.detail})`).join('; ')
    : 'its recent readings fail the data-quality checks';
  const explanation =
    `${x.sensor.name} (${x.sensor.id}${x.asset ? ` on ${x.asset.name}` : ''}) is ${x.state === 'bad' ? 'bad' : 'suspect'}` +
    `${x.score !== null ? `, data-quality score ${x.score}/100` : ''}: ${what}. ` +
    'This is a problem of the measurement, not of the machine: its flagged readings are kept but excluded from ' +
    `models and machine alerts until it is fixed. What to do: ${advice.steps.join(' ')}`;
  return { title, explanation };
}

export function sensorWorkOrderText(x: SensorAlertInput): { title: string; description: string } {
  const codes = x.reasons.length ? x.reasons.map((r) => r.code) : [undefined];
  const steps: string[] = [];
  for (const c of codes) for (const s of adviceFor(c).steps) if (!steps.includes(s)) steps.push(s);
  steps.push('Record what was found, then close this work order; the sensor alert closes once its data is good again.');
  const found = x.reasons.map((r) => `- ${r.name}: ${r.detail}`).join('\n');
  return {
    title: `Check/recalibrate sensor ${x.sensor.id} (${x.sensor.name})`,
    description:
      `Prognos no longer trusts ${x.sensor.id} (${x.sensor.kind}, ${x.sensor.unit}, range ${x.sensor.min}…${x.sensor.max}) ` +
      `since ${clockTime(x.since, x.now, x.timeZone)}.\n${found ? `Findings:\n${found}\n` : ''}Steps:\n` +
      steps.map((s, i) => `${i + 1}. ${s}`).join('\n'),
  };
}
