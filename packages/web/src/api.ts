import type { Alert, AssetHealth, RulHistoryPoint, Sensor } from '@prognos/core';
import type {
  AlertQueryState,
  AnomalyView,
  AssetDetail,
  AssetModels,
  AssetSummary,
  BrowseItem,
  ConnectorConfig,
  ConnectorEntry,
  Downsample,
  Job,
  ModelsOverview,
  ModelVersionSummary,
  Plant,
  QualityOverview,
  SensorFaultRequest,
  SensorQualityDetail,
  ServerHealth,
  TrainRequest,
  WaveformDetail,
  WaveformEntry,
} from './api-types';
import { currentUser } from './user';

/** An API failure with the server's stable error code, or NETWORK when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error body's `details` (e.g. `{ errors: [{ path, message }] }` for CONFIG_INVALID). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorBody(x: unknown): x is { code?: unknown; message?: unknown; details?: unknown } {
  return typeof x === 'object' && x !== null;
}

export async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    // No content-type on bodiless requests: fastify rejects an empty body declared as JSON.
    const headers: Record<string, string> = { accept: 'application/json' };
    if (typeof init?.body === 'string') headers['content-type'] = 'application/json';
    res = await fetch(path, { ...init, headers });
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
    throw new ApiError(res.status, code, message, isErrorBody(body) ? body.details : undefined);
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export function qs(params: Record<string, string | number | undefined>): string {
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
  assetRul: (id: string, from: number, to: number) =>
    request<RulHistoryPoint[]>(`/api/assets/${enc(id)}/rul${qs({ from, to })}`),
  downsample: (sensor: string, from: number, to: number, buckets: number) =>
    request<Downsample>(`/api/readings/${enc(sensor)}/downsample${qs({ from, to, buckets })}`),
  alerts: (q: { state?: AlertQueryState; assetId?: string; limit?: number } = {}) =>
    request<Alert[]>(`/api/alerts${qs(q)}`),
  acknowledge: (id: string) =>
    request<Alert>(`/api/alerts/${enc(id)}/acknowledge`, {
      method: 'POST',
      body: JSON.stringify({ by: currentUser() }),
    }),
  close: (id: string) =>
    request<Alert>(`/api/alerts/${enc(id)}/close`, { method: 'POST', body: JSON.stringify({ by: currentUser() }) }),
  sensors: (assetId?: string) => request<Sensor[]>(`/api/sensors${qs({ assetId })}`),
  sensor: (id: string) => request<Sensor>(`/api/sensors/${enc(id)}`),
  quality: () => request<QualityOverview>('/api/quality'),
  sensorQuality: (id: string, from: number, to: number) =>
    request<SensorQualityDetail>(`/api/quality/sensors/${enc(id)}${qs({ from, to })}`),
  /** Demo only: makes the simulator's instrument lie (the machine stays healthy). */
  injectSensorFault: (fault: SensorFaultRequest) =>
    request<unknown>('/api/simulator/sensor-faults', { method: 'POST', body: JSON.stringify(fault) }),
  connectors: () => request<{ connectors: ConnectorEntry[] }>('/api/connectors').then((r) => r.connectors ?? []),
  connector: (id: string) => request<ConnectorEntry>(`/api/connectors/${enc(id)}`),
  saveConnector: (config: ConnectorConfig) =>
    request<ConnectorEntry>(`/api/connectors/${enc(config.id)}`, { method: 'PUT', body: JSON.stringify(config) }),
  deleteConnector: (id: string) => request<void>(`/api/connectors/${enc(id)}`, { method: 'DELETE' }),
  /** Browse a connector that is not saved yet (discovery with live values). */
  previewConnector: (config: ConnectorConfig, path?: string) =>
    request<{ items: BrowseItem[] }>('/api/connectors/preview', {
      method: 'POST',
      body: JSON.stringify({ config, path }),
    }).then((r) => r.items ?? []),
  browseConnector: (id: string, path?: string) =>
    request<{ items: BrowseItem[] }>(`/api/connectors/${enc(id)}/browse${qs({ path })}`).then((r) => r.items ?? []),
  models: () => request<ModelsOverview>('/api/models'),
  assetModels: (id: string) => request<AssetModels>(`/api/assets/${enc(id)}/models`),
  /** Starts training in the background: answers 202 with the job to follow. */
  trainModel: (id: string, body: TrainRequest) =>
    request<{ job: Job }>(`/api/assets/${enc(id)}/models/train`, { method: 'POST', body: JSON.stringify(body) }).then(
      (r) => r.job,
    ),
  job: (id: string) => request<Job>(`/api/jobs/${enc(id)}`),
  /** Makes `version` the asset's active model (rollback or roll forward); monitoring switches at once. */
  activateModel: (id: string, version: number) =>
    request<ModelVersionSummary>(`/api/assets/${enc(id)}/models/${version}/activate`, { method: 'POST' }),
  /** Anomaly score per window with each sensor's normal band, computed with the asset's active model. */
  anomaly: (id: string, from: number, to: number, maxPoints?: number) =>
    request<AnomalyView>(`/api/assets/${enc(id)}/anomaly${qs({ from, to, maxPoints })}`),
  /** A sensor's vibration waveform snapshots, newest first, with their summaries. */
  waveforms: (sensorId: string, limit?: number) =>
    request<{ waveforms: WaveformEntry[] }>(`/api/sensors/${enc(sensorId)}/waveforms${qs({ limit })}`).then(
      (r) => r.waveforms ?? [],
    ),
  /** One snapshot with its spectrum, envelope spectrum and fault-frequency markers. */
  waveform: (id: string) => request<WaveformDetail>(`/api/waveforms/${enc(id)}`),
};

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
