/** Calls of the asset registry and the spare parts: edits and CSV imports. */
import type { Asset, CsvImportResult, SparePart } from '@prognos/core';
import { ApiError, request } from './api';

const enc = encodeURIComponent;

function isImportResult(x: unknown): x is CsvImportResult {
  return typeof x === 'object' && x !== null && typeof (x as CsvImportResult).imported === 'number';
}

/**
 * POSTs CSV text once. A 422 that rejected every row carries the per-row errors, not an error body, so it is a
 * result here; any other failure (no header, a required column missing, server down) is an ApiError.
 */
async function importCsv(path: string, csv: string): Promise<CsvImportResult> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ csv }),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the Prognos server. Check that it is running and reachable.');
  }
  const body: unknown = await res.json().catch(() => undefined);
  if ((res.ok || res.status === 422) && isImportResult(body)) return body;
  const b = (body ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  throw new ApiError(
    res.status,
    typeof b.code === 'string' ? b.code : `HTTP_${res.status}`,
    typeof b.message === 'string' ? b.message : `${res.status} ${res.statusText}`.trim(),
    b.details,
  );
}

export const rapi = {
  /** Every asset with its registry fields (GET /api/assets spreads the asset into each summary). */
  assets: () => request<Asset[]>('/api/assets'),
  /** A partial edit: only the fields sent change. */
  saveAsset: (id: string, patch: Record<string, unknown>) =>
    request<Asset>(`/api/assets/${enc(id)}`, { method: 'PUT', body: JSON.stringify(patch) }),
  importAssets: (csv: string) => importCsv('/api/assets/import', csv),
  spareParts: () => request<SparePart[]>('/api/spare-parts'),
  saveSparePart: (id: string, patch: Partial<SparePart> | Record<string, unknown>) =>
    request<SparePart>(`/api/spare-parts/${enc(id)}`, { method: 'PUT', body: JSON.stringify(patch) }),
  importSpareParts: (csv: string) => importCsv('/api/spare-parts/import', csv),
};
