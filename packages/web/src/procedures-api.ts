/** Calls of the guided procedures: the library's latest versions, one procedure and its versions, saving a version. */
import type { NewProcedureVersion, Procedure } from '@prognos/core';
import { qs, request } from './api';

const enc = encodeURIComponent;

/** What the editor sends: a procedure without its version and time (the server numbers and stamps it). */
export type ProcedureDraft = Omit<NewProcedureVersion, 'id' | 'estimatedMinutes'> & {
  id?: string;
  estimatedMinutes?: number;
};

export const papi = {
  list: (q: { failureModeId?: string; assetType?: string } = {}) => request<Procedure[]>(`/api/procedures${qs(q)}`),
  get: (id: string, version?: number) => request<Procedure>(`/api/procedures/${enc(id)}${qs({ version })}`),
  versions: (id: string) => request<Procedure[]>(`/api/procedures/${enc(id)}/versions`),
  create: (d: ProcedureDraft) => request<Procedure>('/api/procedures', { method: 'POST', body: JSON.stringify(d) }),
  /** baseVersion: the version edited; the server answers 409 when someone saved a newer one meanwhile. */
  saveVersion: (id: string, d: ProcedureDraft, baseVersion: number) =>
    request<Procedure>(`/api/procedures/${enc(id)}`, {
      method: 'PUT',
      body: JSON.stringify({ ...d, baseVersion }),
    }),
};
