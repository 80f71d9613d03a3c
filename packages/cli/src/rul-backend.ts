/**
 * Where `prognos rul` runs: in this process on the embedded store (-d, --data-dir; like `prognos import`), or
 * through a running server's API (--url; like `prognos train`), with the same results either way.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type {
  RulEvaluationResult,
  RulModelVersion,
  RulPredictionResult,
  RulTrainOptions,
  TrainJob,
} from '@prognos/core';
import type { RulTrainRequest } from '@prognos/server/rul';

export interface RulEvaluateRequest {
  test: string;
  rul: string;
  file?: string;
  rulFile?: string;
  version?: number;
}
export interface RulPredictRequest {
  history: string;
  horizon?: number;
  file?: string;
  version?: number;
}

export interface RulBackend {
  train(
    name: string,
    req: RulTrainRequest & { options: RulTrainOptions },
    onProgress: (fraction: number, message: string) => void,
  ): Promise<RulModelVersion>;
  evaluate(name: string, req: RulEvaluateRequest): Promise<RulEvaluationResult>;
  predict(name: string, req: RulPredictRequest): Promise<RulPredictionResult>;
  close(): Promise<void>;
}

/** The embedded store in `dataDir` (created if missing). */
export async function localBackend(dataDir: string): Promise<RulBackend> {
  const [{ openSqliteStore }, { RulService }] = await Promise.all([
    import('@prognos/store'),
    import('@prognos/server/rul'),
  ]);
  mkdirSync(dataDir, { recursive: true });
  const store = openSqliteStore({ path: join(dataDir, 'prognos.db') });
  const service = new RulService({ metadata: store.metadata });
  return {
    train: (name, req, onProgress) => service.train(name, req, onProgress),
    evaluate: (name, req) => service.evaluate(name, req),
    predict: (name, req) => service.predict(name, req),
    close: () => store.close(),
  };
}

/** A running server's API; `pollMs` is the job poll interval. */
export function httpBackend(url: string, pollMs = 300): RulBackend {
  const base = url.replace(/\/$/, '');
  const api = async <T>(path: string, body?: unknown): Promise<T> => {
    const init: RequestInit | undefined = body
      ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : undefined;
    const res = await fetch(`${base}${path}`, init).catch((e: Error) => {
      throw new Error(`cannot reach Prognos at ${base} (${e.message}); is the server running? Or leave out --url`);
    });
    const out = (await res.json().catch(() => ({}))) as T & { code?: string; message?: string };
    if (!res.ok) throw new Error(`${out.code ?? res.status}: ${out.message ?? res.statusText}`);
    return out;
  };
  const model = (name: string) => `/api/rul/models/${encodeURIComponent(name)}`;
  return {
    async train(name, req, onProgress) {
      let { job } = await api<{ job: TrainJob }>(`${model(name)}/train`, req);
      while (job.state === 'running') {
        onProgress(job.progress, job.message);
        await new Promise((r) => setTimeout(r, pollMs));
        job = await api<TrainJob>(`/api/jobs/${encodeURIComponent(job.id)}`);
      }
      if (job.state === 'failed') throw new Error(`${job.error?.code ?? 'INTERNAL'}: ${job.message}`);
      onProgress(1, job.message);
      const { versions } = await api<{ versions: RulModelVersion[] }>(model(name));
      const v = versions.find((x) => x.version === job.version);
      if (!v) throw new Error(`version ${job.version} was trained but is not listed`);
      return v;
    },
    evaluate: (name, req) => api(`${model(name)}/evaluate`, req),
    predict: (name, req) => api(`${model(name)}/predict`, req),
    close: async () => {},
  };
}
