import type { Alert, Asset } from '@prognos/core';
import { DEFAULT_FAILURE_MODES } from '@prognos/maintenance';
import { describe, expect, it } from 'vitest';
import { INSPECTION_HOURS, predictiveWorkOrder, SEVERITY_PROBABILITY } from './predictive-work-order';

const H = 3_600_000;
const NOW = Date.UTC(2026, 5, 1, 8);
const asset: Asset = {
  id: 'P-101',
  lineId: 'L',
  name: 'Pump 1',
  type: 'centrifugal_pump',
  criticality: 'A',
  downtimeCostPerHour: 4000,
};
const alert: Alert = {
  id: 'a1',
  assetId: 'P-101',
  kind: 'anomaly',
  severity: 'warning',
  state: 'open',
  title: 'Vibration up',
  explanation: 'DE vibration 3× baseline',
  contributions: [],
  score: 2,
  peakScore: 2,
  startedAt: NOW - H,
  updatedAt: NOW,
};
const fm = DEFAULT_FAILURE_MODES.find((m) => m.assetTypes.includes('centrifugal_pump'))!;

describe('the predictive work order of an alert', () => {
  it('takes the failure mode’s job and plans it before the predicted failure', () => {
    const rul = { hours: 40, lowerHours: 20, failureProbability: 0.6 };
    const wo = predictiveWorkOrder({
      id: 'w',
      alert,
      asset,
      failureMode: fm,
      rul,
      partsLeadTimeHours: 0,
      by: 'kim',
      now: NOW,
    });
    expect(wo).toMatchObject({
      id: 'w',
      alertId: 'a1',
      type: 'predictive',
      status: 'open',
      failureModeId: fm.id,
      skill: fm.skill,
      estimatedHours: fm.repairHours,
      procedure: fm.procedure,
      parts: fm.parts.map((partId) => ({ partId, quantity: 1 })),
      createdAt: NOW,
    });
    expect(wo.risk).toMatchObject({ failureProbability: 0.6, criticality: 'A' });
    expect(wo.risk!.value).toBeGreaterThan(0);
    expect(wo.dueAt).toBeDefined();
    expect(wo.dueAt!).toBeLessThanOrEqual(NOW + rul.lowerHours * H);
    expect(wo.description).toContain('Created by kim.');
    // a shorter life is at least as urgent, and due no later
    const soon = predictiveWorkOrder({
      id: 'w2',
      alert,
      asset,
      failureMode: fm,
      rul: { hours: 6, lowerHours: 3, failureProbability: 0.9 },
      partsLeadTimeHours: 0,
      by: 'kim',
      now: NOW,
    });
    const rank = ['low', 'medium', 'high', 'urgent'];
    expect(rank.indexOf(soon.priority)).toBeGreaterThanOrEqual(rank.indexOf(wo.priority));
    expect(soon.dueAt!).toBeLessThanOrEqual(wo.dueAt!);
  });

  it('falls back to the severity and an inspection without RUL or failure mode', () => {
    const wo = predictiveWorkOrder({ id: 'w', alert, asset, partsLeadTimeHours: 0, by: 'rule', now: NOW });
    expect(wo.risk?.failureProbability).toBe(SEVERITY_PROBABILITY.warning);
    expect(wo).toMatchObject({ estimatedHours: INSPECTION_HOURS, procedure: [], parts: [], skill: 'mechanical' });
    expect(wo.failureModeId).toBeUndefined();
    expect(wo.title).toBe('Inspect Pump 1: Vibration up');
    expect(wo.description).toContain('automatic work-order rule');
  });
});
