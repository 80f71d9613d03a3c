/**
 * Annual benefits of condition monitoring for each asset class, line by line, and their totals. Every line is a
 * traced figure: its formula in words and each input with the class it came from.
 *
 * Rules (stated so a reader can check them):
 * - A failure caught early only pays if there is time to plan the repair. Planning (parts, people, a stop window)
 *   takes about a day, so the share of caught failures that can be planned is min(1, lead time / 24 h), and the
 *   effective detection is detection rate × that share. Downtime, repair, scrap and safety lines use it.
 * - PM reduction, spare parts and energy do not depend on catching a given failure: they come from knowing the
 *   machine's condition, so they do not use the detection rate.
 * - Spare-parts inventory is a value held for the whole class (not per asset); energy cost is per asset, like the
 *   other per-year figures of a class.
 * - The scenario's benefit factor scales every benefit line; its cost factor scales the false-alarm cost (a cost
 *   line, negative).
 */
import type { AssetClassInputs, BenefitLine, Traced } from '@prognos/core';
import { clamp01, input, sumOf, type TraceInput, traced } from './trace';

/** Hours it takes to plan a repair once warned: parts, a crew and a stop window (rule of thumb: one day). */
export const PLANNING_HOURS = 24;

/** Share of caught failures whose warning leaves time to plan the repair. */
export function plannableShare(leadTimeHours: number): number {
  return clamp01(leadTimeHours / PLANNING_HOURS);
}

/** What a scenario brings to the benefit lines. */
export interface BenefitContext {
  currency: string;
  /** Detection rate this scenario assumes (already scaled and capped at 1). */
  detectionRate: number;
  leadTimeHours: number;
  benefitFactor: number;
  costFactor: number;
  falseAlarmCost: number;
  falseAlarmsPerAssetYear: number;
  /** Where the detection figures came from, for the traces ("input", "ledger", "benchmark") and the scenario. */
  detectionSource: string;
  scenario: string;
}

export type BenefitKey = 'downtime' | 'repair' | 'pm' | 'spares' | 'scrap' | 'energy' | 'safety' | 'false_alarms';

const LINES: { key: BenefitKey; kind: BenefitLine['kind']; label: string }[] = [
  { key: 'downtime', kind: 'direct', label: 'Avoided downtime cost' },
  { key: 'repair', kind: 'direct', label: 'Repair cost saved (emergency → planned)' },
  { key: 'pm', kind: 'direct', label: 'Preventive maintenance saved' },
  { key: 'spares', kind: 'direct', label: 'Spare-parts carrying cost released' },
  { key: 'scrap', kind: 'indirect', label: 'Scrap and quality cost avoided' },
  { key: 'energy', kind: 'indirect', label: 'Energy cost saved' },
  { key: 'safety', kind: 'indirect', label: 'Safety incident cost avoided' },
  { key: 'false_alarms', kind: 'cost', label: 'False-alarm cost' },
];

const EFFECTIVE = 'detection rate × min(1, lead time / 24 h)';

/** The eight annual lines of one asset class. */
export function classLines(c: AssetClassInputs, ctx: BenefitContext): { key: BenefitKey; annual: Traced }[] {
  const unit = `${ctx.currency}/yr`;
  const src = `business case: ${c.assetType}`;
  const share = plannableShare(ctx.leadTimeHours);
  const effective = ctx.detectionRate * share;
  const detectionInputs: TraceInput[] = [
    input(
      'detection rate',
      ctx.detectionRate,
      'fraction',
      `detection (${ctx.detectionSource}), scenario ${ctx.scenario}`,
    ),
    input('lead time', ctx.leadTimeHours, 'h', `detection (${ctx.detectionSource})`),
    input('plannable share', share, 'fraction', `min(1, lead time / ${PLANNING_HOURS} h)`),
    input('effective detection', effective, 'fraction', EFFECTIVE),
  ];
  const benefit = input('benefit factor', ctx.benefitFactor, '×', `scenario ${ctx.scenario}`);
  const assets = input('assets', c.assets, 'count', src);
  const failures = input('failures per year', c.failuresPerYear, '1/yr', src);
  const caught = c.assets * c.failuresPerYear * effective;
  const line = (key: BenefitKey, value: number, formula: string, inputs: TraceInput[]) => {
    const label = LINES.find((l) => l.key === key)?.label ?? key;
    return { key, annual: traced(`${label} — ${c.assetType}`, value, unit, formula, inputs) };
  };
  return [
    line(
      'downtime',
      caught * (c.mttrUnplannedHours - c.mttrPlannedHours) * c.downtimeCostPerHour * ctx.benefitFactor,
      `assets × failures/yr × effective detection × (MTTR unplanned − MTTR planned) × downtime cost/h × benefit factor; effective detection = ${EFFECTIVE}`,
      [
        assets,
        failures,
        ...detectionInputs,
        input('MTTR unplanned', c.mttrUnplannedHours, 'h', src),
        input('MTTR planned', c.mttrPlannedHours, 'h', src),
        input('downtime cost per hour', c.downtimeCostPerHour, `${ctx.currency}/h`, src),
        benefit,
      ],
    ),
    line(
      'repair',
      caught * (c.emergencyRepairCost - c.plannedRepairCost) * ctx.benefitFactor,
      `assets × failures/yr × effective detection × (emergency repair cost − planned repair cost) × benefit factor; effective detection = ${EFFECTIVE}`,
      [
        assets,
        failures,
        ...detectionInputs,
        input('emergency repair cost', c.emergencyRepairCost, ctx.currency, src),
        input('planned repair cost', c.plannedRepairCost, ctx.currency, src),
        benefit,
      ],
    ),
    line(
      'pm',
      c.assets * c.pmTasksPerYear * c.pmTaskCost * c.pmReduction * ctx.benefitFactor,
      'assets × PM tasks/yr × PM task cost × PM reduction × benefit factor',
      [
        assets,
        input('PM tasks per year', c.pmTasksPerYear, '1/yr', src),
        input('PM task cost', c.pmTaskCost, ctx.currency, src),
        input('PM reduction', c.pmReduction, 'fraction', src),
        benefit,
      ],
    ),
    line(
      'spares',
      c.sparesInventoryValue * c.sparesReduction * c.carryingRate * ctx.benefitFactor,
      'spare-parts inventory value (whole class) × share released × carrying rate/yr × benefit factor',
      [
        input('spare-parts inventory value', c.sparesInventoryValue, ctx.currency, src),
        input('spares reduction', c.sparesReduction, 'fraction', src),
        input('carrying rate', c.carryingRate, 'fraction/yr', src),
        benefit,
      ],
    ),
    line(
      'scrap',
      caught * c.scrapCostPerFailure * ctx.benefitFactor,
      `assets × failures/yr × effective detection × scrap and quality cost per failure × benefit factor; effective detection = ${EFFECTIVE}`,
      [
        assets,
        failures,
        ...detectionInputs,
        input('scrap cost per failure', c.scrapCostPerFailure, ctx.currency, src),
        benefit,
      ],
    ),
    line(
      'energy',
      c.assets * c.energyCostPerYear * c.energySavingShare * ctx.benefitFactor,
      'assets × extra energy cost/yr per asset × share recovered × benefit factor',
      [
        assets,
        input('extra energy cost per year', c.energyCostPerYear, `${ctx.currency}/yr`, src),
        input('energy saving share', c.energySavingShare, 'fraction', src),
        benefit,
      ],
    ),
    line(
      'safety',
      c.assets * c.safetyIncidentsPerYear * effective * c.safetyIncidentCost * ctx.benefitFactor,
      `assets × safety incidents/yr × effective detection × cost per incident × benefit factor; effective detection = ${EFFECTIVE}`,
      [
        assets,
        input('safety incidents per year', c.safetyIncidentsPerYear, '1/yr', src),
        ...detectionInputs,
        input('safety incident cost', c.safetyIncidentCost, ctx.currency, src),
        benefit,
      ],
    ),
    line(
      'false_alarms',
      -(c.assets * ctx.falseAlarmsPerAssetYear * ctx.falseAlarmCost * ctx.costFactor),
      '−(assets × false alarms per asset-year × cost of one false alarm × cost factor)',
      [
        assets,
        input('false alarms per asset-year', ctx.falseAlarmsPerAssetYear, '1/yr', 'business case input'),
        input('false alarm cost', ctx.falseAlarmCost, ctx.currency, 'business case input'),
        input('cost factor', ctx.costFactor, '×', `scenario ${ctx.scenario}`),
      ],
    ),
  ];
}

export interface AnnualBenefits {
  benefits: BenefitLine[];
  byClass: { assetType: string; annual: Traced }[];
  annualDirect: Traced;
  annualIndirect: Traced;
  /** Direct + indirect − false alarms: before the yearly running cost of the system. */
  annualNet: Traced;
}

/** All classes' lines, the totals per line and per class, and the direct, indirect and net totals. */
export function annualBenefits(classes: readonly AssetClassInputs[], ctx: BenefitContext): AnnualBenefits {
  const unit = `${ctx.currency}/yr`;
  const perClass = classes.map((c) => ({ assetType: c.assetType, lines: classLines(c, ctx) }));
  const benefits: BenefitLine[] = LINES.map((l) => {
    const parts = perClass.map((pc) => ({
      assetType: pc.assetType,
      annual: (pc.lines.find((x) => x.key === l.key) as { annual: Traced }).annual,
    }));
    const annual = sumOf(
      l.label,
      unit,
      parts.map((p) => ({ name: p.assetType, figure: p.annual })),
      parts.length === 0
        ? '0 (no asset classes)'
        : `sum over asset classes (${parts.map((p) => p.assetType).join(' + ')})`,
    );
    return { key: l.key, kind: l.kind, annual, byClass: parts };
  });
  const byClass = perClass.map((pc) => ({
    assetType: pc.assetType,
    annual: sumOf(
      `Annual net benefit — ${pc.assetType}`,
      unit,
      pc.lines.map((x) => ({ name: x.key, figure: x.annual })),
      'downtime + repair + pm + spares + scrap + energy + safety + false_alarms (a negative cost)',
    ),
  }));
  const total = (label: string, kinds: BenefitLine['kind'][], formula: string): Traced => {
    const lines = benefits.filter((b) => kinds.includes(b.kind));
    return sumOf(
      label,
      unit,
      lines.map((b) => ({ name: b.key, figure: b.annual })),
      formula,
    );
  };
  const annualDirect = total('Annual direct benefit', ['direct'], 'downtime + repair + pm + spares');
  const annualIndirect = total('Annual indirect benefit', ['indirect'], 'scrap + energy + safety');
  const falseAlarms = benefits.find((b) => b.key === 'false_alarms')?.annual as Traced;
  const annualNet = traced(
    'Annual net benefit',
    annualDirect.value + annualIndirect.value + falseAlarms.value,
    unit,
    'annual direct benefit + annual indirect benefit + false-alarm cost (negative); before the running cost',
    [
      input('annual direct benefit', annualDirect.value, unit, `${annualDirect.label}: ${annualDirect.formula}`),
      input(
        'annual indirect benefit',
        annualIndirect.value,
        unit,
        `${annualIndirect.label}: ${annualIndirect.formula}`,
      ),
      input('false-alarm cost', falseAlarms.value, unit, `${falseAlarms.label}: ${falseAlarms.formula}`),
    ],
  );
  return { benefits, byClass, annualDirect, annualIndirect, annualNet };
}
