/** Calls of the ROI page: the business-case inputs, the case computed from them, and the evidence ledger. */
import type { BusinessCaseInputs, BusinessCaseResult, EvidenceLedger } from '@prognos/core';
import { qs, request } from './api';

/** The stored inputs; `defaults` is true while nobody has saved any (the figures come from the registry). */
export type StoredInputs = BusinessCaseInputs & { defaults: boolean };

const whole = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms));

export const roiApi = {
  inputs: () => request<StoredInputs>('/api/roi/inputs'),
  /** Replaces the inputs; a bad value answers a coded 400 whose details name each bad field. */
  saveInputs: (inputs: BusinessCaseInputs) =>
    request<BusinessCaseInputs>('/api/roi/inputs', { method: 'PUT', body: JSON.stringify(inputs) }),
  businessCase: () => request<BusinessCaseResult>('/api/roi/case'),
  /** The ledger of [from, to) in epoch ms (whole milliseconds: the API takes integers). */
  ledger: (range: { from?: number; to?: number } = {}) =>
    request<EvidenceLedger>(`/api/roi/ledger${qs({ from: whole(range.from), to: whole(range.to) })}`),
};
