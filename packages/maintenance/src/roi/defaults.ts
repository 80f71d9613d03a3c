/**
 * Starting figures for a business case, so a plant sees a worked example before it enters its own numbers.
 *
 * Every figure below is a typical value from industry rules of thumb, stated as such — not a measurement, and not
 * true for any given plant. The plant must replace them with its own (maintenance history, CMMS costs, controlling).
 * Only the number of assets per class and, where the registry has it, the downtime cost per hour come from the
 * plant's own asset registry.
 */
import type { AssetClassInputs, BusinessCaseInputs } from '@prognos/core';
import { DEFAULT_DOWNTIME_COST_PER_HOUR } from '../risk/assess-risk';

type ClassFigures = Omit<AssetClassInputs, 'assetType' | 'assets' | 'downtimeCostPerHour' | 'sparesInventoryValue'> & {
  /** Spare parts held per asset of the class; the class inventory is this × the number of assets. */
  sparesPerAsset: number;
};

/**
 * Shared rules of thumb: spare-parts carrying cost 20 % of their value a year (capital, storage, obsolescence;
 * commonly quoted as 15–30 %); condition monitoring lets about 15 % of spares be released and makes about a
 * quarter to a third of time-based PM tasks unnecessary. Emergency repairs cost 2–3× the same repair planned
 * (overtime, expediting, collateral damage) and take about twice as long.
 */
const SHARED = { carryingRate: 0.2, sparesReduction: 0.15 };

const TYPICAL: Record<string, ClassFigures> = {
  // Process pumps: MTBF about two years (seals, bearings); a seal or bearing job is a shift unplanned, half planned.
  centrifugal_pump: {
    ...SHARED,
    failuresPerYear: 0.5,
    mttrUnplannedHours: 8,
    mttrPlannedHours: 4,
    emergencyRepairCost: 6000,
    plannedRepairCost: 2500,
    pmTasksPerYear: 4,
    pmTaskCost: 250,
    pmReduction: 0.3,
    sparesPerAsset: 5000,
    scrapCostPerFailure: 1000,
    energyCostPerYear: 500,
    energySavingShare: 0.5,
    safetyIncidentsPerYear: 0.01,
    safetyIncidentCost: 20000,
  },
  // Induction motors: MTBF about five years (bearings, windings); a rewind or swap takes most of a day.
  induction_motor: {
    ...SHARED,
    failuresPerYear: 0.2,
    mttrUnplannedHours: 12,
    mttrPlannedHours: 6,
    emergencyRepairCost: 5000,
    plannedRepairCost: 2000,
    pmTasksPerYear: 2,
    pmTaskCost: 150,
    pmReduction: 0.3,
    sparesPerAsset: 3000,
    scrapCostPerFailure: 1000,
    energyCostPerYear: 300,
    energySavingShare: 0.4,
    safetyIncidentsPerYear: 0.005,
    safetyIncidentCost: 20000,
  },
  // Air compressors: frequent valve and bearing trouble, heavy energy users (degraded units and leaks waste power).
  air_compressor: {
    ...SHARED,
    failuresPerYear: 0.6,
    mttrUnplannedHours: 10,
    mttrPlannedHours: 4,
    emergencyRepairCost: 8000,
    plannedRepairCost: 3000,
    pmTasksPerYear: 4,
    pmTaskCost: 400,
    pmReduction: 0.3,
    sparesPerAsset: 6000,
    scrapCostPerFailure: 500,
    energyCostPerYear: 2000,
    energySavingShare: 0.4,
    safetyIncidentsPerYear: 0.01,
    safetyIncidentCost: 25000,
  },
  // Gearboxes: fail rarely but long (a gear set may have to be ordered): a day unplanned.
  gearbox: {
    ...SHARED,
    failuresPerYear: 0.3,
    mttrUnplannedHours: 24,
    mttrPlannedHours: 8,
    emergencyRepairCost: 15000,
    plannedRepairCost: 6000,
    pmTasksPerYear: 2,
    pmTaskCost: 300,
    pmReduction: 0.25,
    sparesPerAsset: 10000,
    scrapCostPerFailure: 2000,
    energyCostPerYear: 400,
    energySavingShare: 0.3,
    safetyIncidentsPerYear: 0.005,
    safetyIncidentCost: 30000,
  },
  // Fans: imbalance and bearings; quick and cheap repairs, energy lost to imbalance and fouling.
  fan: {
    ...SHARED,
    failuresPerYear: 0.4,
    mttrUnplannedHours: 6,
    mttrPlannedHours: 3,
    emergencyRepairCost: 3000,
    plannedRepairCost: 1200,
    pmTasksPerYear: 4,
    pmTaskCost: 150,
    pmReduction: 0.3,
    sparesPerAsset: 2000,
    scrapCostPerFailure: 300,
    energyCostPerYear: 600,
    energySavingShare: 0.5,
    safetyIncidentsPerYear: 0.005,
    safetyIncidentCost: 15000,
  },
  // Machine-tool spindles: a crash or seized bearing means a rebuild (days without a spare) and scrapped parts.
  cnc_spindle: {
    ...SHARED,
    failuresPerYear: 0.5,
    mttrUnplannedHours: 48,
    mttrPlannedHours: 12,
    emergencyRepairCost: 25000,
    plannedRepairCost: 12000,
    pmTasksPerYear: 2,
    pmTaskCost: 500,
    pmReduction: 0.2,
    sparesPerAsset: 20000,
    scrapCostPerFailure: 3000,
    energyCostPerYear: 200,
    energySavingShare: 0.3,
    safetyIncidentsPerYear: 0.01,
    safetyIncidentCost: 20000,
  },
};

/** Any other asset type: middle-of-the-road figures for a rotating machine. */
const GENERIC: ClassFigures = {
  ...SHARED,
  failuresPerYear: 0.4,
  mttrUnplannedHours: 12,
  mttrPlannedHours: 6,
  emergencyRepairCost: 6000,
  plannedRepairCost: 2500,
  pmTasksPerYear: 4,
  pmTaskCost: 250,
  pmReduction: 0.25,
  sparesPerAsset: 4000,
  scrapCostPerFailure: 1000,
  energyCostPerYear: 400,
  energySavingShare: 0.4,
  safetyIncidentsPerYear: 0.005,
  safetyIncidentCost: 20000,
};

/**
 * Implementation rules of thumb: a wireless vibration and temperature sensor fitted costs about 1 200 per asset;
 * one gateway (about 1 500) serves up to 20 assets; software (a self-hosted server and its setup) 15 000;
 * training 5 000; integration with the CMMS and historian 20 000. Running: about 150 per asset a year (batteries,
 * replaced sensors) plus 8 000 (support and the people who look after it). 8 % discount rate over 5 years is a
 * common hurdle for maintenance investments. A false alarm costs an inspection (about 400: two technicians for an
 * hour or two, plus the check itself); half a false alarm per asset a year is a typical early-deployment rate.
 */
const SENSOR_PER_ASSET = 1200;
const ASSETS_PER_GATEWAY = 20;
const GATEWAY_COST = 1500;

export function defaultBusinessCaseInputs(
  assets: { type: string; downtimeCostPerHour?: number }[],
  currency = 'EUR',
): BusinessCaseInputs {
  // classes in the order their first asset appears in the registry
  const byType = new Map<string, { count: number; costs: number[] }>();
  for (const a of assets) {
    const entry = byType.get(a.type) ?? { count: 0, costs: [] };
    entry.count++;
    if (typeof a.downtimeCostPerHour === 'number' && Number.isFinite(a.downtimeCostPerHour)) {
      entry.costs.push(a.downtimeCostPerHour);
    }
    byType.set(a.type, entry);
  }
  const classes: AssetClassInputs[] = [...byType].map(([assetType, { count, costs }]) => {
    const { sparesPerAsset, ...figures } = TYPICAL[assetType] ?? GENERIC;
    return {
      assetType,
      assets: count,
      ...figures,
      // the registry's figure where assets have one (their mean), else the platform's default
      downtimeCostPerHour:
        costs.length > 0 ? costs.reduce((s, c) => s + c, 0) / costs.length : DEFAULT_DOWNTIME_COST_PER_HOUR,
      sparesInventoryValue: sparesPerAsset * count,
    };
  });
  const n = assets.length;
  return {
    currency,
    classes,
    implementation: {
      sensors: SENSOR_PER_ASSET * n,
      gateways: Math.ceil(n / ASSETS_PER_GATEWAY) * GATEWAY_COST,
      software: 15000,
      training: 5000,
      integration: 20000,
      annualRunning: 150 * n + 8000,
    },
    discountRate: 0.08,
    years: 5,
    falseAlarmCost: 400,
    falseAlarmsPerAssetYear: 0.5,
  };
}
