/** Pure helpers of the Models page: labels, the training form's dates, job progress, and list updates. */
import type { DetectorKind, Job, ModelsOverview, ModelVersionSummary } from './api-types';
import { fmtDuration } from './format';

export const DETECTORS: readonly DetectorKind[] = ['pca', 'mset', 'autoencoder', 'ensemble'];

export const DETECTOR_LABEL: Record<DetectorKind, string> = {
  pca: 'PCA',
  mset: 'MSET',
  autoencoder: 'Autoencoder',
  ensemble: 'Ensemble',
};

/** One line on what each detector is good at, for the training form. */
export const DETECTOR_HINT: Record<DetectorKind, string> = {
  pca: 'Principal components (T² and SPE): fast, linear relations between sensors.',
  mset: 'Multivariate state estimation: compares with the nearest remembered healthy states.',
  autoencoder: 'A small neural network: non-linear relations, slower to train.',
  ensemble: 'All of them combined: the most robust, the slowest to train.',
};

export const CREATED_BY_LABEL: Record<ModelVersionSummary['createdBy'], string> = {
  startup: 'at startup',
  api: 'from the UI / API',
  cli: 'from the CLI',
  schedule: 'on schedule',
};

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** An `<input type="datetime-local">` value (local time, minutes) for an epoch-ms time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Epoch ms of a datetime-local value (read as local time, as the input shows it); NaN when empty or invalid. */
export function fromLocalInput(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(y, mo - 1, d, h, mi, s);
  // Rejects dates that roll over (Feb 30 → Mar 2).
  return date.getMonth() === mo - 1 && date.getDate() === d ? date.getTime() : Number.NaN;
}

/** The form's default training range: the last 24 h, to the current minute. */
export function defaultTrainRange(now: number): { from: string; to: string } {
  return { from: toLocalInput(now - DAY_MS), to: toLocalInput(now) };
}

/** The training form's period: a span ending when Train is pressed, or the From / To fields as typed. */
export type TrainPeriod = '1h' | '6h' | '24h' | '7d' | 'custom';

export const TRAIN_PERIODS: readonly { id: Exclude<TrainPeriod, 'custom'>; label: string; ms: number }[] = [
  { id: '1h', label: 'Last hour', ms: HOUR_MS },
  { id: '6h', label: 'Last 6 hours', ms: 6 * HOUR_MS },
  { id: '24h', label: 'Last 24 hours', ms: DAY_MS },
  { id: '7d', label: 'Last 7 days', ms: 7 * DAY_MS },
];

/** The From / To fields showing a period that ends now (to the minute, as the fields can show). */
export function periodInputs(period: TrainPeriod, now: number): { from: string; to: string } | undefined {
  const p = TRAIN_PERIODS.find((x) => x.id === period);
  return p && { from: toLocalInput(now - p.ms), to: toLocalInput(now) };
}

/**
 * The range to train on, in epoch ms. A "last …" period ends at `now` to the millisecond, not at the minute the
 * fields show, so a repair confirmed seconds ago is inside it; a custom period is read from the fields.
 */
export function trainRange(period: TrainPeriod, inputs: { from: string; to: string }, now: number) {
  const p = TRAIN_PERIODS.find((x) => x.id === period);
  return p ? { from: now - p.ms, to: now } : { from: fromLocalInput(inputs.from), to: fromLocalInput(inputs.to) };
}

export interface TrainFormErrors {
  from?: string;
  to?: string;
}

/** What is wrong with a training range before it is sent (the server checks again: 400 on from >= to). */
export function validateTrainRange(from: string, to: string): TrainFormErrors {
  const f = fromLocalInput(from);
  const t = fromLocalInput(to);
  const errors: TrainFormErrors = {};
  if (Number.isNaN(f)) errors.from = 'Enter a start date and time.';
  if (Number.isNaN(t)) errors.to = 'Enter an end date and time.';
  if (!errors.from && !errors.to && f >= t) errors.to = 'The end must be after the start.';
  return errors;
}

/** A job's progress in whole percent: a finished job is at 100, whatever its last progress report said. */
export function jobPercent(job: Pick<Job, 'state' | 'progress'>): number {
  if (job.state === 'done') return 100;
  const p = Number.isFinite(job.progress) ? job.progress : 0;
  return Math.round(Math.max(0, Math.min(1, p)) * 100);
}

/**
 * The newer of two reports of the same job. The poll and the live stream both report progress and can arrive out
 * of order: a finished job stays finished, and progress never goes back.
 */
export function newerJob(prev: Job | undefined, next: Job): Job {
  if (!prev || prev.id !== next.id) return next;
  if (prev.state !== 'running') return prev;
  if (next.state !== 'running') return next;
  return next.progress >= prev.progress ? next : { ...next, progress: prev.progress, message: prev.message };
}

/** "2 false alarms / year", "1 false alarm / 2 years", "—" when unknown. */
export function fmtAlarmBudget(perYear: number | undefined): string {
  if (perYear === undefined || !Number.isFinite(perYear) || perYear < 0) return '—';
  if (perYear === 0) return 'no false alarms';
  if (perYear >= 1) {
    const n = perYear >= 10 ? Math.round(perYear) : Math.round(perYear * 10) / 10;
    return `${n} false alarm${n === 1 ? '' : 's'} / year`;
  }
  const years = Math.round(1 / perYear);
  return years === 1 ? '1 false alarm / year' : `1 false alarm / ${years} years`;
}

/** A per-window rate as a percentage with enough digits to read: 0.01 → "1.0 %", 0.0005 → "0.05 %". */
export function fmtRate(rate: number | undefined): string {
  if (rate === undefined || !Number.isFinite(rate) || rate < 0) return '—';
  const pct = rate * 100;
  if (pct === 0) return '0 %';
  if (pct < 0.0001) return '< 0.0001 %';
  if (pct < 1) return `${Number(pct.toPrecision(2))} %`;
  return `${pct.toFixed(pct >= 10 ? 0 : 1)} %`;
}

/** Length of the trained range, e.g. "24 h 00 min", "7 d 0 h". */
export function fmtSpan(from: number, to: number): string {
  return fmtDuration(to - from);
}

/** How long training took: "180 ms", "4.2 s", "2 min". */
export function fmtSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '—';
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 60) return `${s.toFixed(1)} s`;
  return fmtDuration(s * 1000);
}

const rangeFmt = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** A trained range's ends to the minute with the date (ranges often cross midnight). */
export function fmtRangeEnd(ts: number): string {
  return Number.isFinite(ts) ? rangeFmt.format(new Date(ts)) : '—';
}

/** Rows as "12,345" or "1.2 M" — a count, not a measurement. */
export function fmtCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  return Math.round(n).toLocaleString('en-US');
}

/**
 * The overview after `model` became the active version of its asset (rollback or roll forward): the answer of
 * the activate call is applied at once, without waiting for the list to be fetched again.
 */
export function applyActivation(overview: ModelsOverview, model: ModelVersionSummary): ModelsOverview {
  return {
    assets: overview.assets.map((a) => {
      if (a.assetId !== model.assetId) return a;
      const known = a.versions.some((v) => v.version === model.version);
      const versions = (known ? a.versions : [model, ...a.versions])
        .map((v) => (v.version === model.version ? { ...model, active: true } : v.active ? { ...v, active: false } : v))
        .sort((x, y) => y.version - x.version);
      return { ...a, active: { ...model, active: true }, versions };
    }),
  };
}

/** A labelled period's length: "2.5 h", "12 h", "24 min", "< 1 min". */
function fmtLabelHours(hours: number): string {
  if (!Number.isFinite(hours) || hours < 0) return '—';
  if (hours >= 10) return `${Math.round(hours)} h`;
  if (hours >= 1) return `${Math.round(hours * 10) / 10} h`;
  const min = Math.round(hours * 60);
  return min < 1 ? '< 1 min' : `${min} min`;
}

/**
 * What the alert labels did to a version's training data, in words: "1 confirmed failure episode (24 min) left out
 * of training · 0 false alarms kept as normal". Empty when they changed nothing, and for versions trained before
 * labels were used (no `labels`).
 */
export function fmtLabelUse(labels: ModelVersionSummary['labels']): string {
  if (!labels) return '';
  const { excludedEpisodes: n, excludedHours: h, falseAlarmEpisodesKept: k } = labels;
  if (n <= 0 && k <= 0) return '';
  const left = `${n} confirmed failure episode${n === 1 ? '' : 's'}${n > 0 ? ` (${fmtLabelHours(h)})` : ''}`;
  return `${left} left out of training · ${k} false alarm${k === 1 ? '' : 's'} kept as normal`;
}
