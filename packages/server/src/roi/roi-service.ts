/**
 * The ROI service: the plant's business-case inputs (stored, with defaults from the registry), the business case
 * computed from them, and the evidence ledger built from the alerts, their labels and the work orders behind them.
 */
import type { BusinessCaseInputs, BusinessCaseResult, EvidenceLedger } from '@prognos/core';
import type { MetadataStore } from '@prognos/store';

export interface RoiDeps {
  metadata: MetadataStore;
}

export class RoiService {
  constructor(readonly deps: RoiDeps) {}

  async inputs(): Promise<BusinessCaseInputs> {
    throw new Error('not implemented yet');
  }
  async saveInputs(_body: unknown): Promise<BusinessCaseInputs> {
    throw new Error('not implemented yet');
  }
  async businessCase(): Promise<BusinessCaseResult> {
    throw new Error('not implemented yet');
  }
  async ledger(_q: { from?: number; to?: number }): Promise<EvidenceLedger> {
    throw new Error('not implemented yet');
  }
}
