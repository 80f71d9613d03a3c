/** Hand-made business-case inputs for the ROI tests. */
import type { AssetClassInputs, BusinessCaseInputs } from '@prognos/core';

export const pumpClass = (over: Partial<AssetClassInputs> = {}): AssetClassInputs => ({
  assetType: 'centrifugal_pump',
  assets: 4,
  failuresPerYear: 0.5,
  mttrUnplannedHours: 12,
  mttrPlannedHours: 4,
  downtimeCostPerHour: 2000,
  emergencyRepairCost: 9000,
  plannedRepairCost: 3000,
  pmTasksPerYear: 4,
  pmTaskCost: 250,
  pmReduction: 0.3,
  sparesInventoryValue: 20000,
  carryingRate: 0.2,
  sparesReduction: 0.1,
  scrapCostPerFailure: 1500,
  energyCostPerYear: 3000,
  energySavingShare: 0.05,
  safetyIncidentsPerYear: 0.01,
  safetyIncidentCost: 50000,
  ...over,
});

export const validInputs = (over: Partial<BusinessCaseInputs> = {}): BusinessCaseInputs => ({
  currency: 'EUR',
  classes: [pumpClass(), pumpClass({ assetType: 'gearbox', mttrUnplannedHours: 24, downtimeCostPerHour: 1500 })],
  implementation: {
    sensors: 20000,
    gateways: 5000,
    software: 10000,
    training: 3000,
    integration: 8000,
    annualRunning: 6000,
  },
  discountRate: 0.08,
  years: 5,
  falseAlarmCost: 400,
  falseAlarmsPerAssetYear: 1,
  ...over,
});
