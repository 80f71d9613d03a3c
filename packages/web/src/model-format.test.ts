import { describe, expect, it } from 'vitest';
import type { Job, ModelsOverview, ModelVersionSummary } from './api-types';
import {
  applyActivation,
  defaultTrainRange,
  fmtAlarmBudget,
  fmtCount,
  fmtLabelUse,
  fmtRate,
  fmtSeconds,
  fmtSpan,
  fromLocalInput,
  jobPercent,
  newerJob,
  periodInputs,
  toLocalInput,
  trainRange,
  validateTrainRange,
} from './model-format';

function model(version: number, active: boolean): ModelVersionSummary {
  return {
    assetId: 'P-101',
    version,
    detector: 'pca',
    trainedAt: version * 1000,
    trainedFrom: 0,
    trainedTo: 1000,
    rows: 100,
    sensors: ['a'],
    excluded: [],
    metrics: {
      threshold: 3,
      falseAlarmRate: 0.01,
      alertLevel: 1,
      alertBudgetPerYear: 2,
      heldOutWindows: 50,
      trainingSeconds: 1,
    },
    active,
    createdBy: 'api',
  };
}

const job = (progress: number, state: Job['state'] = 'running', id = 'j1'): Job => ({
  id,
  kind: 'train',
  assetId: 'P-101',
  state,
  progress,
  message: `at ${progress}`,
  startedAt: 0,
});

describe('datetime-local values', () => {
  it('round-trips local time to the minute', () => {
    const t = new Date(2024, 1, 29, 7, 5).getTime();
    expect(toLocalInput(t)).toBe('2024-02-29T07:05');
    expect(fromLocalInput('2024-02-29T07:05')).toBe(t);
    expect(fromLocalInput('2024-02-29T07:05:30')).toBe(t + 30_000);
  });

  it('rejects empty, malformed and rolled-over dates', () => {
    expect(fromLocalInput('')).toBeNaN();
    expect(fromLocalInput('yesterday')).toBeNaN();
    expect(fromLocalInput('2023-02-30T10:00')).toBeNaN();
  });

  it('defaults the training range to the last 24 h', () => {
    const now = new Date(2024, 5, 10, 12, 30, 45).getTime();
    const r = defaultTrainRange(now);
    expect(r).toEqual({ from: '2024-06-09T12:30', to: '2024-06-10T12:30' });
    expect(validateTrainRange(r.from, r.to)).toEqual({});
  });

  it('says what is wrong with a range', () => {
    expect(validateTrainRange('', '2024-06-10T12:30').from).toMatch(/start/);
    expect(validateTrainRange('2024-06-10T12:30', 'x').to).toMatch(/end/);
    expect(validateTrainRange('2024-06-10T12:30', '2024-06-10T12:30').to).toMatch(/after the start/);
    expect(validateTrainRange('2024-06-11T00:00', '2024-06-10T12:30').to).toMatch(/after the start/);
  });
});

describe('job progress', () => {
  it('is a whole percentage, 100 once done', () => {
    expect(jobPercent(job(0.456))).toBe(46);
    expect(jobPercent(job(1.7))).toBe(100);
    expect(jobPercent(job(Number.NaN))).toBe(0);
    expect(jobPercent(job(0.2, 'done'))).toBe(100);
    expect(jobPercent(job(0.2, 'failed'))).toBe(20);
  });

  it('never goes back, and a finished job stays finished', () => {
    expect(newerJob(undefined, job(0.3))).toEqual(job(0.3));
    expect(newerJob(job(0.3), job(0.5)).progress).toBe(0.5);
    const late = newerJob(job(0.6), job(0.4));
    expect(late.progress).toBe(0.6);
    expect(late.message).toBe('at 0.6');
    expect(newerJob(job(0.6), job(1, 'done')).state).toBe('done');
    expect(newerJob(job(1, 'done'), job(0.9)).state).toBe('done');
    expect(newerJob(job(0.9), job(0.1, 'running', 'j2')).id).toBe('j2');
  });
});

describe('labels', () => {
  it('states the false-alarm budget per year', () => {
    expect(fmtAlarmBudget(2)).toBe('2 false alarms / year');
    expect(fmtAlarmBudget(1)).toBe('1 false alarm / year');
    expect(fmtAlarmBudget(1.25)).toBe('1.3 false alarms / year');
    expect(fmtAlarmBudget(12.4)).toBe('12 false alarms / year');
    expect(fmtAlarmBudget(0.5)).toBe('1 false alarm / 2 years');
    expect(fmtAlarmBudget(0)).toBe('no false alarms');
    expect(fmtAlarmBudget(undefined)).toBe('—');
    expect(fmtAlarmBudget(Number.NaN)).toBe('—');
  });

  it('gives per-window rates enough digits to read', () => {
    expect(fmtRate(0.01)).toBe('1.0 %');
    expect(fmtRate(0.25)).toBe('25 %');
    expect(fmtRate(0.0005)).toBe('0.05 %');
    expect(fmtRate(0.00123)).toBe('0.12 %');
    expect(fmtRate(0)).toBe('0 %');
    expect(fmtRate(-1)).toBe('—');
  });

  it('formats training time', () => {
    expect(fmtSeconds(0.175)).toBe('175 ms');
    expect(fmtSeconds(4.23)).toBe('4.2 s');
    expect(fmtSeconds(150)).toBe('2 min');
    expect(fmtSeconds(Number.NaN)).toBe('—');
  });

  it('formats counts and spans', () => {
    expect(fmtCount(12345)).toBe('12,345');
    expect(fmtCount(2_345_678)).toBe('2.3 M');
    expect(fmtCount(Number.NaN)).toBe('—');
    expect(fmtSpan(0, 86_400_000)).toBe('1 d 0 h');
    expect(fmtSpan(0, 90 * 60_000)).toBe('1 h 30 min');
  });
});

describe('the training period', () => {
  const now = new Date(2024, 5, 10, 12, 30, 45, 500).getTime();

  it('ends a "last …" period at the moment Train is pressed, not at the minute the fields show', () => {
    expect(trainRange('1h', { from: '', to: '' }, now)).toEqual({ from: now - 3_600_000, to: now });
    expect(trainRange('7d', { from: 'x', to: 'x' }, now)).toEqual({ from: now - 7 * 86_400_000, to: now });
    expect(periodInputs('6h', now)).toEqual({ from: '2024-06-10T06:30', to: '2024-06-10T12:30' });
  });

  it('reads a custom period from the fields', () => {
    expect(periodInputs('custom', now)).toBeUndefined();
    expect(trainRange('custom', { from: '2024-06-10T06:00', to: '2024-06-10T07:00' }, now)).toEqual({
      from: new Date(2024, 5, 10, 6, 0).getTime(),
      to: new Date(2024, 5, 10, 7, 0).getTime(),
    });
  });
});

describe('what the labels did to the training data', () => {
  it('says how many confirmed failure episodes were left out, for how long, and the false alarms kept', () => {
    expect(fmtLabelUse({ excludedEpisodes: 1, excludedHours: 0.4, falseAlarmEpisodesKept: 0 })).toBe(
      '1 confirmed failure episode (24 min) left out of training · 0 false alarms kept as normal',
    );
    expect(fmtLabelUse({ excludedEpisodes: 2, excludedHours: 3.26, falseAlarmEpisodesKept: 1 })).toBe(
      '2 confirmed failure episodes (3.3 h) left out of training · 1 false alarm kept as normal',
    );
    expect(fmtLabelUse({ excludedEpisodes: 3, excludedHours: 41.6, falseAlarmEpisodesKept: 2 })).toBe(
      '3 confirmed failure episodes (42 h) left out of training · 2 false alarms kept as normal',
    );
    expect(fmtLabelUse({ excludedEpisodes: 1, excludedHours: 0.004, falseAlarmEpisodesKept: 0 })).toBe(
      '1 confirmed failure episode (< 1 min) left out of training · 0 false alarms kept as normal',
    );
  });

  it('names false alarms kept even when nothing was left out', () => {
    expect(fmtLabelUse({ excludedEpisodes: 0, excludedHours: 0, falseAlarmEpisodesKept: 2 })).toBe(
      '0 confirmed failure episodes left out of training · 2 false alarms kept as normal',
    );
  });

  it('says nothing when the labels changed nothing, or for versions older than labels', () => {
    expect(fmtLabelUse({ excludedEpisodes: 0, excludedHours: 0, falseAlarmEpisodesKept: 0 })).toBe('');
    expect(fmtLabelUse(undefined)).toBe('');
    expect(fmtLabelUse(model(1, true).labels)).toBe('');
  });
});

describe('applyActivation', () => {
  const overview: ModelsOverview = {
    assets: [
      { assetId: 'P-101', assetName: 'Pump', active: model(2, true), versions: [model(2, true), model(1, false)] },
      { assetId: 'M-201', assetName: 'Motor', versions: [] },
    ],
  };

  it('makes the version active and every other version of the asset inactive (rollback)', () => {
    const next = applyActivation(overview, model(1, true));
    const pump = next.assets[0];
    expect(pump?.active?.version).toBe(1);
    expect(pump?.versions.map((v) => [v.version, v.active])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(next.assets[1]).toBe(overview.assets[1]);
  });

  it('adds a version it did not know yet, newest first', () => {
    const next = applyActivation(overview, model(3, true));
    expect(next.assets[0]?.versions.map((v) => [v.version, v.active])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
  });
});
