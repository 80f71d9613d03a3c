import type {
  BusinessCaseResult,
  EvidenceLedger,
  LedgerEntry,
  LedgerTotals,
  RoiScenarioName,
  RoiScenarioResult,
  Traced,
} from '@prognos/core';
import { type ReactNode, useMemo, useState } from 'react';
import { assetTypeLabel, fmtFullTime } from './format';
import { roiApi } from './roi-api';
import { BenefitBars, CashFlowChart, TornadoChart } from './roi-charts';
import {
  BENEFIT_KIND_LABEL,
  benefitLabel,
  DETECTION_SOURCE_LABEL,
  fmtAmount,
  fmtMoney,
  fmtShare,
  fmtTraced,
  type GroupBy,
  LEDGER_KIND_LABEL,
  ledgerGroups,
  PERIODS,
  periodRange,
  reportUrl,
  SCENARIO_LABEL,
  SCENARIOS,
} from './roi-format';
import { RoiInputsForm } from './roi-inputs-form';
import { TracedValue } from './roi-trace';
import { routes } from './router';
import { EmptyState, ErrorState, Loading } from './state-views';
import { useAsync } from './use-async';
import './roi.css';

type Tab = 'case' | 'inputs' | 'evidence';
const TABS: { id: Tab; label: string }[] = [
  { id: 'case', label: 'Business case' },
  { id: 'inputs', label: 'Inputs' },
  { id: 'evidence', label: 'Evidence' },
];

function ScenarioCard({ s, selected, onSelect }: { s: RoiScenarioResult; selected: boolean; onSelect: () => void }) {
  return (
    <section
      className={`card roi-scenario roi-scenario-${s.name}${selected ? ' selected' : ''}`}
      data-testid="roi-scenario"
      data-scenario={s.name}
    >
      <div className="roi-scenario-head">
        <h3>{SCENARIO_LABEL[s.name]}</h3>
        <button
          type="button"
          className={`btn ${selected ? '' : 'btn-ghost '}roi-touch`}
          aria-pressed={selected}
          onClick={onSelect}
          data-testid="roi-scenario-select"
        >
          {selected ? 'Shown below' : 'Show details'}
        </button>
      </div>
      <dl className="roi-kpis">
        <div>
          <dt>NPV</dt>
          <dd data-testid="roi-npv">
            <TracedValue t={s.npv} className="roi-big" />
          </dd>
        </div>
        <div>
          <dt>IRR</dt>
          <dd data-testid="roi-irr">{s.irr ? <TracedValue t={s.irr} /> : <span className="muted">none</span>}</dd>
        </div>
        <div>
          <dt>Payback</dt>
          <dd data-testid="roi-payback">
            {s.paybackYears ? (
              <TracedValue t={s.paybackYears} />
            ) : (
              <span className="muted">not within the horizon</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Annual net</dt>
          <dd data-testid="roi-annual-net">
            <TracedValue t={s.annualNet} />
          </dd>
        </div>
      </dl>
      <ul className="roi-assumptions small muted">
        {s.assumptions.map((a) => (
          <li key={a.name}>{a.note}</li>
        ))}
      </ul>
    </section>
  );
}

/** A sum under the benefit lines, its label across the first two columns. */
function SumRow({ label, t, className }: { label: string; t: Traced; className?: string }) {
  return (
    <tr className={className}>
      <th colSpan={2}>{label}</th>
      <td className="num">
        <TracedValue t={t} />
      </td>
    </tr>
  );
}

function BenefitTable({ s }: { s: RoiScenarioResult }) {
  const kinds = ['direct', 'indirect', 'cost'] as const;
  return (
    <RoiTable data-testid="roi-benefits">
      <thead>
        <tr>
          <th>Benefit</th>
          <th>Kind</th>
          <th className="num">Per year</th>
        </tr>
      </thead>
      <tbody>
        {kinds.flatMap((k) =>
          s.benefits
            .filter((b) => b.kind === k)
            .map((b) => (
              <tr key={b.key} data-testid="roi-benefit-line" data-key={b.key} data-kind={b.kind}>
                <td>{benefitLabel(b.key)}</td>
                <td>
                  <span className={`roi-kind roi-kind-${b.kind}`}>{BENEFIT_KIND_LABEL[b.kind]}</span>
                </td>
                <td className="num">
                  <TracedValue t={b.annual} />
                </td>
              </tr>
            )),
        )}
      </tbody>
      <tfoot>
        <SumRow label="Direct benefits" t={s.annualDirect} />
        <SumRow label="Indirect benefits" t={s.annualIndirect} />
        <SumRow label="Net per year" t={s.annualNet} className="roi-total" />
      </tfoot>
    </RoiTable>
  );
}

function BusinessCaseView({ c }: { c: BusinessCaseResult }) {
  const [shown, setShown] = useState<RoiScenarioName>('expected');
  const ordered = SCENARIOS.map((n) => c.scenarios.find((s) => s.name === n)).filter(
    (s): s is RoiScenarioResult => s !== undefined,
  );
  const s = ordered.find((x) => x.name === shown) ?? ordered[0];
  const expected = c.scenarios.find((x) => x.name === 'expected') ?? s;
  const cur = c.inputs.currency;
  return (
    <div className="roi-section">
      <section className="card roi-detection" data-testid="roi-detection" data-source={c.detection.source}>
        <div>
          <div className="field-label">Detection rate</div>
          <TracedValue t={c.detection.rate} className="roi-mid" />
        </div>
        <div>
          <div className="field-label">Warning lead time</div>
          <TracedValue t={c.detection.leadTimeHours} className="roi-mid" />
        </div>
        <div className="roi-source">
          <div className="field-label">Source</div>
          <span className={`roi-source-badge roi-source-${c.detection.source}`}>
            {DETECTION_SOURCE_LABEL[c.detection.source]}
          </span>
        </div>
        <div className="muted small roi-computed">Computed {fmtFullTime(c.computedAt)}</div>
      </section>

      <div className="roi-scenarios">
        {ordered.map((x) => (
          <ScenarioCard key={x.name} s={x} selected={x.name === s?.name} onSelect={() => setShown(x.name)} />
        ))}
      </div>

      {s && (
        <>
          <h2 className="roi-h2">
            {SCENARIO_LABEL[s.name]} scenario{' '}
            <span className="muted small">— tap any figure to see how it was computed</span>
          </h2>
          <div className="roi-grid">
            <RoiCard title="Annual benefits">
              <BenefitTable s={s} />
            </RoiCard>
            <RoiCard title="Benefit by line">
              <BenefitBars lines={s.benefits} />
            </RoiCard>
            <RoiCard title="By asset class">
              <RoiTable data-testid="roi-by-class">
                <thead>
                  <tr>
                    <th>Asset class</th>
                    <th className="num">Net per year</th>
                  </tr>
                </thead>
                <tbody>
                  {s.byClass.map((b) => (
                    <tr key={b.assetType}>
                      <td>{assetTypeLabel(b.assetType)}</td>
                      <td className="num">
                        <TracedValue t={b.annual} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </RoiTable>
            </RoiCard>
            <RoiCard title="Cash flow and payback">
              <CashFlowChart flows={s.cashFlows} currency={cur} paybackYears={s.paybackYears?.value} />
              {s.discountedPaybackYears && (
                <div className="small roi-sub">
                  Discounted payback: <TracedValue t={s.discountedPaybackYears} />
                </div>
              )}
            </RoiCard>
          </div>
        </>
      )}

      <RoiCard title="Sensitivity: what moves the expected NPV">
        <p className="muted small">
          Each bar is the expected NPV with one input at its low and at its high value, every other input as expected;
          the largest swing is on top.
        </p>
        <TornadoChart bars={c.tornado} base={expected?.npv.value ?? 0} currency={cur} />
      </RoiCard>
    </div>
  );
}

function TotalsCards({ l, totals }: { l: EvidenceLedger; totals: LedgerTotals }) {
  const cur = l.currency;
  return (
    <div className="roi-totals" data-testid="ledger-totals">
      <div className="card roi-total-card" data-testid="ledger-catches">
        <div className="field-label">Confirmed catches</div>
        <div className="roi-mid">{totals.catches}</div>
        <div className="small muted roi-sub">
          detection rate{' '}
          {l.traced.detectionRate ? <TracedValue t={l.traced.detectionRate} /> : fmtShare(totals.detectionRate)}
        </div>
      </div>
      <div className="card roi-total-card" data-testid="ledger-false-alarms">
        <div className="field-label">False alarms</div>
        <div className="roi-mid">{totals.falseAlarms}</div>
        <div className="small muted roi-sub">
          cost <TracedValue t={l.traced.falseAlarmCost} />
        </div>
      </div>
      <div className="card roi-total-card" data-testid="ledger-missed">
        <div className="field-label">Missed failures</div>
        <div className="roi-mid">{totals.missedFailures}</div>
        <div className="small muted">
          cost {fmtMoney(totals.missedFailureCost, cur)} (the baseline's, not subtracted)
        </div>
      </div>
      <div className="card roi-total-card" data-testid="ledger-avoided">
        <div className="field-label">Avoided cost</div>
        <TracedValue t={l.traced.avoidedCost} className="roi-mid" />
        <div className="small muted">
          {fmtAmount(totals.avoidedDowntimeHours, 1)} h downtime avoided
          {totals.medianLeadTimeHours !== undefined && (
            <> · median warning {fmtAmount(totals.medianLeadTimeHours, 1)} h</>
          )}
        </div>
      </div>
      <div className="card roi-total-card roi-net-card" data-testid="ledger-net">
        <div className="field-label">Measured net</div>
        <TracedValue t={l.traced.net} className="roi-mid" />
        <div className="small muted roi-sub">
          expected over the period {l.expectedOverPeriod ? <TracedValue t={l.expectedOverPeriod} /> : <span>—</span>}
        </div>
        {l.expectedOverPeriod && l.expectedOverPeriod.value > 0 && (
          <div className="small" data-testid="ledger-vs-expected">
            measured is <span className="strong">{fmtShare(l.traced.net.value / l.expectedOverPeriod.value)}</span> of
            what the business case expects
          </div>
        )}
      </div>
    </div>
  );
}

function EntryRow({ e }: { e: LedgerEntry }) {
  return (
    <tr data-testid="ledger-entry" data-kind={e.kind} data-entry-id={e.id}>
      <td className="nowrap">{fmtFullTime(e.at)}</td>
      <td>
        <span className={`roi-entry-kind roi-entry-${e.kind}`}>{LEDGER_KIND_LABEL[e.kind]}</span>
      </td>
      <td>
        <a href={routes.asset(e.assetId)}>{e.assetName || e.assetId}</a>
        <div className="muted small">{assetTypeLabel(e.assetType)}</div>
      </td>
      <td>
        {e.alertId ? (
          <a className="roi-link" href={routes.alert(e.alertId)} data-testid="ledger-alert-link">
            Alert
          </a>
        ) : (
          <span className="muted">—</span>
        )}{' '}
        {e.workOrderId && (
          <a className="roi-link" href={routes.workOrder(e.workOrderId)} data-testid="ledger-wo-link">
            Work order
          </a>
        )}
      </td>
      <td className="num">
        <TracedValue t={e.leadTimeHours} />
      </td>
      <td className="num">
        <TracedValue t={e.avoidedDowntimeHours} />
      </td>
      <td className="num">
        <TracedValue t={e.value} />
      </td>
    </tr>
  );
}

function EvidenceView({
  l,
  periodId,
  onPeriod,
}: {
  l: EvidenceLedger;
  periodId: string;
  onPeriod: (id: string) => void;
}) {
  const [by, setBy] = useState<GroupBy>('asset');
  const groups = ledgerGroups(l, by);
  const cur = l.currency;
  const entries = useMemo(() => [...l.entries].sort((a, b) => b.at - a.at), [l.entries]);
  return (
    <div className="roi-section" data-testid="roi-evidence">
      <div className="roi-toolbar">
        <label className="field roi-field">
          <span className="field-label">Period</span>
          <select
            className="input"
            value={periodId}
            onChange={(e) => onPeriod(e.target.value)}
            data-testid="roi-period"
          >
            {PERIODS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">
          {fmtFullTime(l.from)} – {fmtFullTime(l.to)}
        </span>
      </div>
      <TotalsCards l={l} totals={l.totals} />

      <section className="card roi-card">
        <div className="roi-card-head">
          <h3>Running totals</h3>
          <fieldset className="segmented roi-group-by" aria-label="Group by">
            {(['asset', 'line', 'month'] as const).map((g) => (
              <button
                key={g}
                type="button"
                className={by === g ? 'active' : ''}
                aria-pressed={by === g}
                onClick={() => setBy(g)}
                data-testid={`ledger-group-${g}`}
              >
                By {g}
              </button>
            ))}
          </fieldset>
        </div>
        {groups.length === 0 ? (
          <div className="muted small">No evidence in this period yet.</div>
        ) : (
          <RoiTable data-testid="ledger-groups" data-group-by={by}>
            <thead>
              <tr>
                <th>{by === 'asset' ? 'Asset' : by === 'line' ? 'Line' : 'Month'}</th>
                <th className="num">Catches</th>
                <th className="num">False alarms</th>
                <th className="num">Missed</th>
                <th className="num">Avoided</th>
                <th className="num">False-alarm cost</th>
                <th className="num">Net</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key} data-testid="ledger-group" data-key={g.key}>
                  <td>{g.label}</td>
                  <td className="num">{g.totals.catches}</td>
                  <td className="num">{g.totals.falseAlarms}</td>
                  <td className="num">{g.totals.missedFailures}</td>
                  <td className="num">{fmtMoney(g.totals.avoidedCost, cur)}</td>
                  <td className="num">{fmtMoney(g.totals.falseAlarmCost, cur)}</td>
                  <td className="num strong">{fmtMoney(g.totals.net, cur)}</td>
                </tr>
              ))}
            </tbody>
          </RoiTable>
        )}
      </section>

      <RoiCard title="Evidence">
        {entries.length === 0 ? (
          <EmptyState title="No evidence in this period">
            A catch is recorded when an alert's work order is completed with the failure confirmed; a false alarm when
            an alert is closed as one; a missed failure when a machine fails without a warning.
          </EmptyState>
        ) : (
          <RoiTable data-testid="ledger-entries">
            <thead>
              <tr>
                <th>When</th>
                <th>Kind</th>
                <th>Asset</th>
                <th>Behind it</th>
                <th className="num">Lead time</th>
                <th className="num">Avoided downtime</th>
                <th className="num">Value</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <EntryRow key={e.id} e={e} />
              ))}
            </tbody>
          </RoiTable>
        )}
      </RoiCard>
    </div>
  );
}

/**
 * What a blank detection rate and lead time would use, for the form's placeholders: only when the case did not take
 * them from the inputs (then it shows the measured or benchmark figure a blank falls back to).
 */
function blankBasis(c: BusinessCaseResult | undefined): Partial<Record<'detectionRate' | 'leadTimeHours', string>> {
  if (!c || c.detection.source === 'input') return {};
  const from = c.detection.source === 'ledger' ? 'measured' : 'benchmark';
  return {
    detectionRate: `${from}: ${fmtTraced(c.detection.rate)}`,
    leadTimeHours: `${from}: ${fmtTraced(c.detection.leadTimeHours)}`,
  };
}

/** ROI: the business case from the plant's figures, its inputs, and the ledger of measured evidence. */
export function RoiPage() {
  const [tab, setTab] = useState<Tab>('case');
  const [periodId, setPeriodId] = useState('12m');
  // The period is fixed when picked, so the ledger and the download links ask for the same bounds.
  const [range, setRange] = useState(() => periodRange('12m', Date.now()));
  const bc = useAsync('roi:case', () => roiApi.businessCase());
  const inputs = useAsync('roi:inputs', () => roiApi.inputs());
  const ledger = useAsync(`roi:ledger:${range.from}:${range.to}`, () => roiApi.ledger(range));
  const pickPeriod = (id: string) => {
    setPeriodId(id);
    setRange(periodRange(id, Date.now()));
  };

  return (
    <div className="page roi-page" data-testid="roi-page">
      <div className="page-head">
        <div>
          <h1>ROI</h1>
          <div className="page-sub">The business case from your plant's figures, and the evidence as it comes in.</div>
        </div>
        <div className="roi-downloads">
          <a className="btn btn-ghost roi-touch" href={reportUrl('pdf', range)} download data-testid="roi-download-pdf">
            PDF report
          </a>
          <a className="btn btn-ghost roi-touch" href={reportUrl('csv', range)} download data-testid="roi-download-csv">
            CSV
          </a>
        </div>
      </div>
      <div className="segmented roi-tabs" role="tablist" aria-label="ROI sections">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            className={tab === t.id ? 'active' : ''}
            onClick={() => setTab(t.id)}
            data-testid={`roi-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>

      {tab === 'case' &&
        (bc.data ? (
          <BusinessCaseView c={bc.data} />
        ) : bc.error ? (
          <ErrorState error={bc.error} onRetry={bc.reload} />
        ) : (
          <Loading label="Computing the business case…" />
        ))}

      {tab === 'inputs' &&
        (inputs.data ? (
          <RoiInputsForm
            inputs={inputs.data}
            defaults={inputs.data.defaults}
            blank={blankBasis(bc.data)}
            onSaved={(saved) => {
              // Kept for when the tab is opened again; the open form already shows what was saved.
              inputs.setData(() => ({ ...saved, defaults: false }));
              bc.reload();
              ledger.reload();
            }}
          />
        ) : inputs.error ? (
          <ErrorState error={inputs.error} onRetry={inputs.reload} />
        ) : (
          <Loading />
        ))}

      {tab === 'evidence' &&
        (ledger.data ? (
          <EvidenceView l={ledger.data} periodId={periodId} onPeriod={pickPeriod} />
        ) : ledger.error ? (
          <ErrorState error={ledger.error} onRetry={ledger.reload} />
        ) : (
          <Loading label="Reading the evidence…" />
        ))}
    </div>
  );
}

/** A card of the ROI page under its title. */
function RoiCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card roi-card">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** The ROI page's tables scroll sideways inside their card on a phone instead of widening the page. */
function RoiTable({ children, ...data }: { children: ReactNode; 'data-testid': string; 'data-group-by'?: string }) {
  return (
    <div className="table-scroll">
      <table className="roi-table" {...data}>
        {children}
      </table>
    </div>
  );
}
