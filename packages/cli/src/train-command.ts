import type { ModelVersionSummary, TrainJob } from '@prognos/core';
import { SingleBar } from 'cli-progress';

export const DETECTORS = ['pca', 'mset', 'autoencoder', 'ensemble'] as const;

export interface TrainOptions {
  asset: string;
  from: string;
  to: string;
  detector?: (typeof DETECTORS)[number];
  note?: string;
  url: string;
  /** Poll interval of the job, ms. */
  pollMs?: number;
}

type Job = TrainJob;
export type VersionSummary = ModelVersionSummary;

/** Epoch ms or ISO 8601, checked here so that a typo fails before the server is asked. */
function checkTime(v: string, name: string): string {
  const ok = /^\d+$/.test(v) ? Number.isFinite(Number(v)) : Number.isFinite(Date.parse(v));
  if (!ok) throw new Error(`--${name} "${v}" is not an ISO 8601 time (e.g. 2026-03-01T00:00:00Z) or epoch ms`);
  return v;
}

/**
 * Trains a new model version through a running server's API: starts the job, shows its progress until it ends,
 * then prints the version and its metrics. The new version is active on the server as soon as it is trained.
 */
export async function trainCommand(o: TrainOptions): Promise<VersionSummary> {
  const base = o.url.replace(/\/$/, '');
  const from = checkTime(o.from, 'from');
  const to = checkTime(o.to, 'to');
  const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${base}${path}`, init).catch((e: Error) => {
      throw new Error(`cannot reach Prognos at ${base} (${e.message}); is the server running? Pass --url otherwise`);
    });
    const body = (await res.json().catch(() => ({}))) as T & { code?: string; message?: string };
    if (!res.ok) throw new Error(`${body.code ?? res.status}: ${body.message ?? res.statusText}`);
    return body;
  };
  const asset = encodeURIComponent(o.asset);
  const started = await api<{ job: Job }>(`/api/assets/${asset}/models/train`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      from: /^\d+$/.test(from) ? Number(from) : from,
      to: /^\d+$/.test(to) ? Number(to) : to,
      createdBy: 'cli',
      ...(o.detector ? { detector: o.detector } : {}),
      ...(o.note ? { note: o.note } : {}),
    }),
  });
  const bar = new SingleBar({
    format: ' training |{bar}| {percentage}% | {message}',
    hideCursor: true,
    noTTYOutput: !process.stderr.isTTY,
    notTTYSchedule: 2000,
  });
  let job = started.job;
  bar.start(100, Math.round(job.progress * 100), { message: job.message });
  try {
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
      job = await api<Job>(`/api/jobs/${encodeURIComponent(job.id)}`);
      bar.update(Math.round(job.progress * 100), { message: job.message });
    }
  } finally {
    bar.stop();
  }
  if (job.state === 'failed') throw new Error(`training failed: ${job.error?.code ?? 'INTERNAL'}: ${job.message}`);
  const { versions } = await api<{ versions: VersionSummary[] }>(`/api/assets/${asset}/models`);
  const v = versions.find((x) => x.version === job.version);
  if (!v) throw new Error(`version ${job.version} was trained but is no longer listed (pruned?)`);
  const m = v.metrics;
  const iso = (t: number) => new Date(t).toISOString();
  console.log(
    `Trained ${o.asset} model version ${v.version} (${v.detector})${v.active ? ', active' : ''}\n` +
      `  period           ${iso(v.trainedFrom)} .. ${iso(v.trainedTo)}, ${v.rows} healthy running windows\n` +
      `  sensors          ${v.sensors.join(', ')}\n` +
      (v.excluded.length
        ? `  left out         ${v.excluded.map((e) => `${e.sensor} (${e.reason})`).join('; ')}\n`
        : '') +
      `  row threshold    ${m.threshold.toPrecision(4)} (false-alarm rate ${m.falseAlarmRate} per window)\n` +
      `  alert level      ${m.alertLevel.toFixed(3)} × threshold for ${m.alertBudgetPerYear} false alert${m.alertBudgetPerYear === 1 ? '' : 's'} a year, ` +
      `from ${m.heldOutWindows} held-out windows\n` +
      `  training time    ${m.trainingSeconds.toFixed(2)} s`,
  );
  return v;
}
