import type { Alert, AssetHealth } from '@prognos/core';
import type { AlertQueryState, AssetDetail, AssetSummary, Downsample, Plant, ServerHealth } from './api-types';

/** An API failure with the server's stable error code, or NETWORK when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorBody(x: unknown): x is { code?: unknown; message?: unknown } {
  return typeof x === 'object' && x !== null;
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    // No content-type on bodiless POSTs: fastify rejects an empty body declared as JSON.
    res = await fetch(path, { ...init, headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the Prognos server. Check that it is running and reachable.');
  }
  if (!res.ok) {
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    const code = isErrorBody(body) && typeof body.code === 'string' ? body.code : `HTTP_${res.status}`;
    const message =
      isErrorBody(body) && typeof body.message === 'string' ? body.message : `${res.status} ${res.statusText}`.trim();
    throw new ApiError(res.status, code, message);
  }
  return (await res.json()) as T;
}

function qs(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

export const api = {
  health: () => request<ServerHealth>('/api/health'),
  plant: () => request<Plant>('/api/plant'),
  assets: () => request<AssetSummary[]>('/api/assets'),
  asset: (id: string) => request<AssetDetail>(`/api/assets/${enc(id)}`),
  assetHealth: (id: string, from: number, to: number) =>
    request<AssetHealth[]>(`/api/assets/${enc(id)}/health${qs({ from, to })}`),
  downsample: (sensor: string, from: number, to: number, buckets: number) =>
    request<Downsample>(`/api/readings/${enc(sensor)}/downsample${qs({ from, to, buckets })}`),
  alerts: (q: { state?: AlertQueryState; assetId?: string; limit?: number } = {}) =>
    request<Alert[]>(`/api/alerts${qs(q)}`),
  acknowledge: (id: string) => request<Alert>(`/api/alerts/${enc(id)}/acknowledge`, { method: 'POST' }),
  close: (id: string) => request<Alert>(`/api/alerts/${enc(id)}/close`, { method: 'POST' }),
};

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
