import type { Alert, Asset, SensorContribution, SensorKind, WorkOrder, WorkOrderDetail } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import {
  deviationSignature,
  durationWords,
  findingOf,
  outcomeOf,
  signatureSimilarity,
  similarEpisodes,
} from './similar-episodes';

const H = 3_600_000;
const c = (sensor: string, share: number, up = true): SensorContribution => ({
  sensor,
  name: sensor,
  unit: 'x',
  share,
  value: up ? 2 : 0,
  expected: 1,
  low: 0.5,
  high: 1.5,
});
const KIND: Record<string, SensorKind> = {
  'P-101.VIB': 'vibration',
  'P-101.TEMP': 'bearing_temperature',
  'P-101.FLOW': 'flow',
  'P-102.VIB': 'vibration',
  'P-102.TEMP': 'bearing_temperature',
  'P-102.FLOW': 'flow',
  'F-501.VIB': 'vibration',
  'F-501.TEMP': 'bearing_temperature',
};
const kindOf = (id: string) => KIND[id];
const asset = (id: string, type: Asset['type']): Asset => ({
  id,
  lineId: 'L',
  name: `${id} name`,
  type,
  criticality: 'B',
});
const assets = new Map([
  ['P-101', asset('P-101', 'centrifugal_pump')],
  ['P-102', asset('P-102', 'centrifugal_pump')],
  ['F-501', asset('F-501', 'fan')],
]);
const alert = (
  id: string,
  assetId: string,
  startedAt: number,
  contributions: SensorContribution[],
  extra: Partial<Alert> = {},
): Alert => ({
  id,
  assetId,
  kind: 'anomaly',
  severity: 'warning',
  state: 'closed',
  title: 't',
  explanation: 'e',
  contributions,
  score: 2,
  peakScore: 3,
  startedAt,
  updatedAt: startedAt + H,
  closedAt: startedAt + 2 * H,
  ...extra,
});

describe('deviation signatures', () => {
  it('add up shares per sensor kind and direction, and compare by cosine', () => {
    const a = deviationSignature([c('P-101.VIB', 0.6), c('P-101.TEMP', 0.3), c('P-101.FLOW', 0.1, false)], kindOf);
    expect([...a]).toEqual([
      ['vibration+', 0.6],
      ['bearing_temperature+', 0.3],
      ['flow-', 0.1],
    ]);
    const b = deviationSignature([c('P-102.VIB', 0.6), c('P-102.TEMP', 0.3), c('P-102.FLOW', 0.1, false)], kindOf);
    expect(signatureSimilarity(a, b)).toBeCloseTo(1, 12);
    const opposite = deviationSignature([c('P-102.VIB', 1, false)], kindOf);
    expect(signatureSimilarity(a, opposite)).toBe(0);
    expect(signatureSimilarity(a, new Map())).toBe(0);
    // Unknown kinds count under their own id; zero and NaN shares are left out.
    expect([...deviationSignature([c('X.1', 0.5), c('X.2', 0), c('X.3', Number.NaN)], kindOf)]).toEqual([
      ['X.1+', 0.5],
    ]);
  });
});

describe('similarEpisodes', () => {
  const now = 100 * H;
  const current = alert('now', 'P-101', now, [c('P-101.VIB', 0.8), c('P-101.TEMP', 0.2)], { state: 'open' });
  const bearingOn102 = alert('a1', 'P-102', 10 * H, [c('P-102.VIB', 0.7), c('P-102.TEMP', 0.3)]);
  const bearingOn101 = alert('a2', 'P-101', 50 * H, [c('P-101.VIB', 0.9), c('P-101.TEMP', 0.1)]);
  const cavitation = alert('a3', 'P-101', 60 * H, [c('P-101.FLOW', 0.8, false), c('P-101.VIB', 0.2)]);
  const fanBearing = alert('a4', 'F-501', 70 * H, [c('F-501.VIB', 0.8), c('F-501.TEMP', 0.2)]);
  const sensorAlert = alert('a5', 'P-101', 80 * H, [c('P-101.VIB', 1)], { kind: 'sensor' });
  const later = alert('a6', 'P-101', 120 * H, [c('P-101.VIB', 1)]);
  const wo: WorkOrder = {
    id: 'WO-7',
    assetId: 'P-102',
    alertId: 'a1',
    title: 'Replace DE bearing',
    description: '',
    status: 'done',
    priority: 'high',
    createdAt: 11 * H,
    completedAt: 14 * H,
  };

  it('finds the same deviation on the machine and on machines of its type, with how each ended', () => {
    const found = similarEpisodes(current, [bearingOn102, bearingOn101, cavitation, fanBearing, sensorAlert, later], {
      kindOf,
      assets,
      workOrders: [wo],
    });
    expect(found.map((f) => f.alertId)).toEqual(['a2', 'a1']);
    const [same, other] = found;
    expect(same!.similarity).toBeGreaterThan(0.95);
    expect(same!.outcome).toBe('Cleared after 2 h, no work order');
    expect(other).toMatchObject({
      assetId: 'P-102',
      assetName: 'P-102 name',
      workOrderId: 'WO-7',
      outcome: 'Fixed: work order "Replace DE bearing" completed 4 h after the alert',
    });
  });

  it('keeps at most `limit`, most similar first, and nothing below the similarity floor', () => {
    const many = Array.from({ length: 6 }, (_, i) =>
      alert(`m${i}`, 'P-101', i * H, [c('P-101.VIB', 0.8 - 0.1 * i), c('P-101.TEMP', 0.2 + 0.1 * i)]),
    );
    const found = similarEpisodes(current, many, { kindOf, assets });
    expect(found).toHaveLength(3);
    expect(found.map((f) => f.alertId)).toEqual(['m0', 'm1', 'm2']);
    expect(similarEpisodes(current, many, { kindOf, assets, minSimilarity: 0.999 }).map((f) => f.alertId)).toEqual([
      'm0',
    ]);
    expect(similarEpisodes(current, [], { kindOf, assets })).toEqual([]);
  });
});

describe('outcome words', () => {
  const a = alert('x', 'P-101', 0, []);
  const wo = (status: WorkOrder['status']): WorkOrder => ({
    id: 'W',
    assetId: 'P-101',
    title: 'Align coupling',
    description: '',
    status,
    priority: 'medium',
    createdAt: 0,
  });
  it('says what happened', () => {
    expect(outcomeOf(a, wo('open'))).toBe('In hand: work order "Align coupling" is open');
    expect(outcomeOf(a, wo('in_progress'))).toBe('In hand: work order "Align coupling" is in progress');
    expect(outcomeOf(a, wo('cancelled'))).toBe('No action: work order "Align coupling" was cancelled');
    expect(outcomeOf({ ...a, state: 'acknowledged', closedAt: undefined }, undefined)).toBe(
      'Still going on (acknowledged)',
    );
    expect(outcomeOf({ ...a, state: 'open', closedAt: undefined }, undefined)).toBe('Still going on');
  });
  it('writes durations the way people say them', () => {
    expect(durationWords(0)).toBe('1 min');
    expect(durationWords(12 * 60_000)).toBe('12 min');
    expect(durationWords(3 * H + 20 * 60_000)).toBe('3 h 20 min');
    expect(durationWords(5 * H)).toBe('5 h');
    expect(durationWords(24 * H)).toBe('1 day');
    expect(durationWords(52 * H)).toBe('2 days 4 h');
    expect(durationWords(Number.NaN)).toBe('an unknown time');
  });
});

describe('findings of past episodes', () => {
  const now = 100 * H;
  const current = alert('now', 'P-101', now, [c('P-101.VIB', 0.8), c('P-101.TEMP', 0.2)], { state: 'open' });
  const before = alert('a1', 'P-102', 10 * H, [c('P-102.VIB', 0.7), c('P-102.TEMP', 0.3)]);
  const summary = (id: string, status: WorkOrder['status']): WorkOrder => ({
    id,
    assetId: 'P-102',
    alertId: 'a1',
    title: 'Check coupling',
    description: '',
    status,
    priority: 'high',
    createdAt: 11 * H,
    ...(status === 'done' ? { completedAt: 13 * H } : {}),
  });
  const detail: WorkOrderDetail = {
    id: 'WO-9',
    assetId: 'P-102',
    alertId: 'a1',
    title: 'Check coupling',
    description: '',
    status: 'done',
    priority: 'high',
    createdAt: 11 * H,
    completedAt: 13 * H,
    type: 'predictive',
    failureModeId: 'pump-misalignment',
    skill: 'mechanical',
    estimatedHours: 1,
    assignee: 'kim',
    procedure: [],
    stepResults: [],
    parts: [],
    labour: [
      { technician: 'lee', hours: 0.5, at: 12 * H },
      { technician: 'sam', hours: 1 / 6, at: 12 * H },
    ],
    findings: {
      failureConfirmed: true,
      rootCause: 'Coupling bolts loose',
      actionTaken: 'Re-tightened coupling bolts and realigned.',
      downtimeHours: 1,
    },
  };
  const names = (id: string) => (id === 'pump-misalignment' ? 'Shaft misalignment' : undefined);

  it('tells what the technician found, did and how long it took', () => {
    const [ep] = similarEpisodes(current, [before], {
      kindOf,
      assets,
      // the cancelled order comes first but the completed one says what the episode was
      workOrders: [summary('WO-8', 'cancelled'), summary('WO-9', 'done')],
      workOrderDetails: new Map([['WO-9', detail]]),
      failureModeName: names,
    });
    expect(ep?.workOrderId).toBe('WO-9');
    expect(ep?.finding).toEqual({
      rootCause: 'Coupling bolts loose',
      actionTaken: 'Re-tightened coupling bolts and realigned.',
      failureModeId: 'pump-misalignment',
      failureModeName: 'Shaft misalignment',
      repairMinutes: 40,
      technician: 'lee',
    });
    expect(ep?.outcome).toBe(
      'Last time: coupling bolts loose — re-tightened coupling bolts and realigned; fixed in 40 min (work order WO-9)',
    );
  });

  it('falls back to the time since the alert without labour, and to the old words without findings', () => {
    const noLabour = { ...detail, labour: [] };
    const f = findingOf(noLabour);
    expect(f).toEqual({
      rootCause: 'Coupling bolts loose',
      actionTaken: 'Re-tightened coupling bolts and realigned.',
      failureModeId: 'pump-misalignment',
      technician: 'kim',
    });
    expect(outcomeOf(before, summary('WO-9', 'done'), f)).toBe(
      'Last time: coupling bolts loose — re-tightened coupling bolts and realigned; fixed 3 h after the alert (work order WO-9)',
    );
    // "DE" stays upper case mid-sentence
    expect(outcomeOf(before, summary('WO-9', 'done'), { rootCause: 'DE bearing dry', actionTaken: '' })).toBe(
      'Last time: DE bearing dry; fixed 3 h after the alert (work order WO-9)',
    );
    expect(findingOf({ ...detail, status: 'in_progress' })).toBeUndefined();
    expect(findingOf({ ...detail, findings: undefined })).toBeUndefined();
    expect(
      findingOf({ ...detail, findings: { ...detail.findings!, rootCause: ' ', actionTaken: '' } }),
    ).toBeUndefined();
    const [ep] = similarEpisodes(current, [before], { kindOf, assets, workOrders: [summary('WO-9', 'done')] });
    expect(ep?.finding).toBeUndefined();
    expect(ep?.outcome).toBe('Fixed: work order "Check coupling" completed 3 h after the alert');
  });
});
