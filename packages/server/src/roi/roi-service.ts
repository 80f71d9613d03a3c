/**
 * The ROI service: the plant's business-case inputs (stored, with defaults from the registry), the business case
 * computed from them, and the evidence ledger built from the alerts, their labels and the work orders behind them.
 */
import { type BusinessCaseInputs, type BusinessCaseResult, type EvidenceLedger, PrognosError } from '@prognos/core';
import { computeBusinessCase, defaultBusinessCaseInputs } from '@prognos/maintenance';
import type { MetadataStore } from '@prognos/store';
import { detectionBasis, inputsError, ROI_INPUTS_SETTING, readBusinessCaseInputs } from './inputs';
import { buildLedger, type LedgerSources, ledgerEntries, measuredDetection } from './ledger';

export interface RoiDeps {
  metadata: MetadataStore;
  /** The plant's currency for the default inputs (default EUR). */
  currency?: string;
  now?: () => number;
}

export class RoiService {
  constructor(readonly deps: RoiDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** The stored inputs, or defaults from the registry's assets when none were saved; `defaults` says which. */
  async inputsWithOrigin(): Promise<{ inputs: BusinessCaseInputs; defaults: boolean }> {
    const stored = await this.deps.metadata.getSetting(ROI_INPUTS_SETTING);
    if (stored !== undefined) {
      // Saved inputs were checked when saved; a setting edited by hand is checked again rather than trusted, and
      // one that no longer reads falls back to the defaults (`defaults: true` shows it) instead of failing every page.
      let parsed: unknown;
      try {
        parsed = JSON.parse(stored);
      } catch {
        parsed = undefined;
      }
      const r = readBusinessCaseInputs(parsed);
      if (r.value) return { inputs: r.value, defaults: false };
    }
    const assets = await this.deps.metadata.listAssets();
    return { inputs: defaultBusinessCaseInputs(assets, this.deps.currency ?? 'EUR'), defaults: true };
  }

  async inputs(): Promise<BusinessCaseInputs> {
    return (await this.inputsWithOrigin()).inputs;
  }

  /** Checks every field (a coded 400 naming each bad one) and stores the inputs. */
  async saveInputs(body: unknown): Promise<BusinessCaseInputs> {
    const r = readBusinessCaseInputs(body);
    if (!r.value) throw inputsError(r.problems);
    await this.deps.metadata.setSetting(ROI_INPUTS_SETTING, JSON.stringify(r.value));
    return r.value;
  }

  async businessCase(): Promise<BusinessCaseResult> {
    const inputs = await this.inputs();
    const src = await this.sources(inputs);
    return this.caseFor(inputs, src);
  }

  /** The ledger over [from, to) (from absent: since the platform's first alert or work order; to absent: now). */
  async ledger(q: { from?: number; to?: number }): Promise<EvidenceLedger> {
    const to = q.to ?? this.now();
    // checked here, after `to` defaults to now, so that a `from` in the future is refused too
    if (q.from !== undefined && q.from >= to)
      throw new PrognosError('QUERY_INVALID_RANGE', [
        `from (${new Date(q.from).toISOString()}) must be before to (${new Date(to).toISOString()})`,
      ]);
    const inputs = await this.inputs();
    const src = await this.sources(inputs);
    const result = this.caseFor(inputs, src);
    const expected = result.scenarios.find((s) => s.name === 'expected');
    return buildLedger({
      ...src,
      ...(q.from !== undefined ? { from: q.from } : {}),
      to,
      ...(expected ? { expectedAnnualNet: expected.annualNet } : {}),
    });
  }

  /** The case with the detection basis from the inputs, else the all-time ledger, else the benchmarks. */
  private caseFor(inputs: BusinessCaseInputs, src: Omit<LedgerSources, 'to'>): BusinessCaseResult {
    const measured = measuredDetection(ledgerEntries(src));
    return computeBusinessCase(inputs, detectionBasis(inputs, measured), this.now());
  }

  private async sources(inputs: BusinessCaseInputs): Promise<Omit<LedgerSources, 'to'>> {
    const m = this.deps.metadata;
    // Only labelled alerts can be evidence, but every alert marks when the platform started watching (the ledger's
    // default start), so all are read.
    const [alerts, workflows, workOrders, assets, lines] = await Promise.all([
      m.listAlerts(),
      m.listAlertWorkflows({ labelled: true }),
      m.listWorkOrderDetails(),
      m.listAssets(),
      m.listLines(),
    ]);
    return { alerts, workflows, workOrders, assets, lines, inputs };
  }
}
