import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  evaluateNab,
  NAB_PROFILES,
  type NabScoredFile,
  normalizeNabScore,
  optimizeThreshold,
  probationaryLength,
  scaledSigmoid,
  scoreByThreshold,
  scoreDetections,
  scoreFile,
  sweepPoints,
  windowRows,
} from './nab';
import { parseNabCsv, parseNabTimestamp, parseNabWindows } from './nab-format';
import { loadNabCorpus } from './nab-loader';

const MIN = 60_000;
const { standard, reward_low_FP_rate: lowFp, reward_low_FN_rate: lowFn } = NAB_PROFILES;

/** 100 rows one minute apart, one window on rows 40..49 (width 10); probation = 15 rows. */
function file(detectAt: number[], name = 'f'): NabScoredFile & { detections: boolean[] } {
  const timestamps = Array.from({ length: 100 }, (_, i) => i * MIN);
  const detections = timestamps.map((_, i) => detectAt.includes(i));
  return {
    name,
    timestamps,
    windows: [{ start: 40 * MIN, end: 49 * MIN }],
    scores: detections.map((d) => (d ? 1 : 0)),
    detections,
  };
}

// scaledSigmoid(x) = 2/(1+e^{5x}) − 1 = tanh(−2.5x), so hand values are tanh ratios.
const MAX_TP = Math.tanh(2.5);

describe('NAB constants', () => {
  it('profiles are those of numenta/NAB config/profiles.json', () => {
    expect(standard).toMatchObject({ tpWeight: 1, fpWeight: 0.11, fnWeight: 1 });
    expect(lowFp).toMatchObject({ tpWeight: 1, fpWeight: 0.22, fnWeight: 1 });
    expect(lowFn).toMatchObject({ tpWeight: 1, fpWeight: 0.11, fnWeight: 2 });
  });

  it('scaled sigmoid matches the values documented in sweeper.py', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3.01)).toBe(-1);
  });

  it('probation is 15 % of the rows, at most 750', () => {
    expect(probationaryLength(100)).toBe(15);
    expect(probationaryLength(4032)).toBe(604);
    expect(probationaryLength(22_695)).toBe(750);
    expect(probationaryLength(0)).toBe(0);
  });
});

describe('scoreFile (one file, one threshold)', () => {
  it('a detection at the window start earns the full tpWeight', () => {
    const r = scoreDetections(file([40]), standard);
    expect(r.score).toBeCloseTo(1, 12);
    expect(r).toMatchObject({ tp: 1, fp: 0, windows: 1, detectedWindows: 1, nullScore: -1, perfectScore: 1 });
  });

  it('a late detection earns less; only the first detection in a window counts', () => {
    const late = Math.tanh(1.25) / MAX_TP; // position −(49−45+1)/10 = −0.5
    expect(scoreDetections(file([45]), standard).score).toBeCloseTo(late, 12);
    expect(late).toBeCloseTo(0.85979, 4);
    const twice = scoreDetections(file([45, 47]), standard);
    expect(twice.score).toBeCloseTo(late, 12);
    expect(twice.tp).toBe(2); // row counts still see both
    expect(scoreDetections(file([49]), standard).score).toBeCloseTo(Math.tanh(0.25) / MAX_TP, 12);
  });

  it('a false positive just after a window costs little, far away the full fpWeight', () => {
    // Missed window (−1) plus the FP at 1/9 window-widths past the window end.
    const justAfter = scoreDetections(file([50]), standard);
    expect(justAfter.score).toBeCloseTo(-1 - 0.11 * Math.tanh(2.5 / 9), 12);
    expect(justAfter).toMatchObject({ fp: 1, detectedWindows: 0 });
    const farAway = scoreDetections(file([40, 90]), standard); // (90−49)/9 > 3 → −1
    expect(farAway.score).toBeCloseTo(1 - 0.11, 12);
    const beforeAnyWindow = scoreDetections(file([20, 40]), standard);
    expect(beforeAnyWindow.score).toBeCloseTo(1 - 0.11, 12);
  });

  it('a missed window costs fnWeight and detections in the probationary period are ignored', () => {
    expect(scoreDetections(file([]), standard).score).toBe(-1);
    const probation = scoreDetections(file([10]), standard);
    expect(probation.score).toBe(-1);
    expect(probation.fp).toBe(0);
    expect(probation.tn + probation.fn + probation.tp + probation.fp).toBe(85);
  });

  it('each profile weighs the same detections differently', () => {
    const hitAndFar = file([40, 90]);
    expect(scoreDetections(hitAndFar, standard).score).toBeCloseTo(0.89, 12);
    expect(scoreDetections(hitAndFar, lowFp).score).toBeCloseTo(0.78, 12);
    expect(scoreDetections(hitAndFar, lowFn).score).toBeCloseTo(0.89, 12);
    const missAndFar = file([90]);
    expect(scoreDetections(missAndFar, standard).score).toBeCloseTo(-1.11, 12);
    expect(scoreDetections(missAndFar, lowFp).score).toBeCloseTo(-1.22, 12);
    expect(scoreDetections(missAndFar, lowFn).score).toBeCloseTo(-2.11, 12);
  });

  it('handles empty files and files without windows', () => {
    const empty = scoreFile({ name: 'e', timestamps: [], windows: [], scores: [] }, standard, 0.5);
    expect(empty).toMatchObject({ score: 0, tp: 0, fp: 0, tn: 0, fn: 0, windows: 0, nullScore: -0, perfectScore: 0 });
    const noWindow = { ...file([90]), windows: [] };
    expect(scoreFile(noWindow, standard, 0.5).score).toBeCloseTo(-0.11, 12);
    expect(() => scoreFile({ ...file([]), scores: [1] }, standard, 0.5)).toThrow(RangeError);
  });
});

describe('windowRows', () => {
  it('maps timestamp windows to row ranges, dropping windows without rows', () => {
    const ts = [0, 10, 20, 30, 40];
    expect(windowRows(ts, [{ start: 15, end: 30 }])).toEqual([[2, 3]]);
    expect(windowRows(ts, [{ start: 41, end: 50 }])).toEqual([]);
    expect(
      windowRows(ts, [
        { start: 30, end: 40 },
        { start: 0, end: 10 },
      ]),
    ).toEqual([
      [0, 1],
      [3, 4],
    ]);
  });
});

describe('threshold sweep and normalisation', () => {
  /** Scores: 0.95 far FP (row 90), 0.9 TP at row 42, 0.5 FP before the window (row 20), 0 elsewhere. */
  const swept: NabScoredFile = {
    ...file([]),
    scores: Array.from({ length: 100 }, (_, i) => (i === 90 ? 0.95 : i === 42 ? 0.9 : i === 20 ? 0.5 : 0)),
  };
  const tp42 = Math.tanh(2) / MAX_TP; // position −0.8

  it('lists the score of every distinct threshold, highest first (sweeper.py)', () => {
    const rows = scoreByThreshold(sweepPoints(swept, standard), standard);
    expect(rows.map((r) => r.threshold)).toEqual([1.1, 0.95, 0.9, 0.5, 0]);
    expect(rows[0]!.score).toBeCloseTo(-1, 12);
    expect(rows[1]!.score).toBeCloseTo(-1.11, 12);
    expect(rows[2]!.score).toBeCloseTo(tp42 - 0.11, 12);
    expect(rows[3]!.score).toBeCloseTo(tp42 - 0.22, 12);
    expect(rows[2]).toMatchObject({ tp: 1, fp: 1, total: 85 });
  });

  it('picks the best threshold per profile and scoring at it reproduces the sweep', () => {
    const best = optimizeThreshold([swept], standard);
    expect(best.threshold).toBe(0.9);
    expect(best.score).toBeCloseTo(tp42 - 0.11, 12);
    expect(scoreFile(swept, standard, best.threshold).score).toBeCloseTo(best.score, 12);
    expect(optimizeThreshold([swept], lowFp).score).toBeCloseTo(tp42 - 0.22, 12);
  });

  it('the null detector scores 0 and the perfect detector 100', () => {
    for (const cost of Object.values(NAB_PROFILES)) {
      const perfect = evaluateNab([file([40], 'a'), { ...file([], 'b'), windows: [] }], cost);
      expect(perfect.normalized).toBeCloseTo(100, 10);
      const silent = evaluateNab([file([], 'a'), file([], 'b')], cost);
      expect(silent.threshold).toBe(1.1);
      expect(silent.normalized).toBeCloseTo(0, 10);
    }
  });

  it('pools files: one window found at its start, one missed → 50', () => {
    const r = evaluateNab([file([40], 'a'), file([], 'b')], standard);
    expect(r).toMatchObject({ raw: 0, nullScore: -2, perfectScore: 2 });
    expect(r.normalized).toBeCloseTo(50, 10);
    expect(r.files.map((f) => f.detectedWindows)).toEqual([1, 0]);
    const late = evaluateNab([file([45])], standard);
    expect(late.normalized).toBeCloseTo((100 * (Math.tanh(1.25) / MAX_TP + 1)) / 2, 10);
  });

  it('empty corpus: threshold 1.1, every score 0', () => {
    const r = evaluateNab([], standard);
    expect(r).toMatchObject({ threshold: 1.1, raw: 0, normalized: 0, files: [] });
    expect(normalizeNabScore(-3, 0, 0)).toBe(0);
    expect(normalizeNabScore(0.5, -1, 1)).toBe(75);
  });
});

describe('NAB layout parsing and loading', () => {
  it('parses NAB timestamps as UTC', () => {
    expect(parseNabTimestamp('2014-04-01 00:00:00')).toBe(Date.UTC(2014, 3, 1));
    expect(parseNabTimestamp('2014-04-10 07:15:00.000000')).toBe(Date.UTC(2014, 3, 10, 7, 15));
    expect(parseNabTimestamp('2014-04-10 07:15:00.250000')).toBe(Date.UTC(2014, 3, 10, 7, 15, 0, 250));
    expect(parseNabTimestamp('yesterday')).toBeNaN();
  });

  it('parses a data CSV, keeping bad values as NaN and reporting bad rows', () => {
    const csv = 'timestamp,value\n2014-04-01 00:00:00,1.5\n2014-04-01 00:05:00,\nbad,3\n2014-04-01 00:10:00,x\n';
    const p = parseNabCsv(csv);
    expect(p.timestamps).toEqual([Date.UTC(2014, 3, 1), Date.UTC(2014, 3, 1, 0, 5), Date.UTC(2014, 3, 1, 0, 10)]);
    expect(p.values[0]).toBe(1.5);
    expect(p.values[1]).toBeNaN();
    expect(p.values[2]).toBeNaN();
    expect(p.problems).toEqual(['line 4: bad timestamp "bad"']);
    expect(parseNabCsv('').problems).toHaveLength(1);
  });

  it('parses combined windows and reports malformed ones', () => {
    const { windows, problems } = parseNabWindows({
      'a/x.csv': [['2014-04-01 00:00:00.000000', '2014-04-01 01:00:00.000000'], ['oops']],
      'a/y.csv': [],
    });
    expect(windows.get('a/x.csv')).toEqual([{ start: Date.UTC(2014, 3, 1), end: Date.UTC(2014, 3, 1, 1) }]);
    expect(windows.get('a/y.csv')).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(parseNabWindows([]).problems).toHaveLength(1);
  });

  it('loads a NAB-layout folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nab-'));
    try {
      await mkdir(join(dir, 'data', 'catA'), { recursive: true });
      await mkdir(join(dir, 'labels'));
      const rows = Array.from({ length: 5 }, (_, i) => `2014-04-01 00:0${i}:00,${i}`).join('\n');
      await writeFile(join(dir, 'data', 'catA', 'one.csv'), `timestamp,value\n${rows}\n`);
      await writeFile(join(dir, 'data', 'catA', 'unlabelled.csv'), `timestamp,value\n${rows}\n`);
      const labels = {
        'catA/one.csv': [['2014-04-01 00:02:00.000000', '2014-04-01 00:03:00.000000']],
        'catB/missing.csv': [],
      };
      await writeFile(join(dir, 'labels', 'combined_windows.json'), JSON.stringify(labels));
      const corpus = await loadNabCorpus(dir);
      expect(corpus.files).toHaveLength(1);
      expect(corpus.files[0]).toMatchObject({ key: 'catA/one.csv', category: 'catA', name: 'one.csv' });
      expect(corpus.files[0]!.values).toEqual([0, 1, 2, 3, 4]);
      expect(windowRows(corpus.files[0]!.timestamps, corpus.files[0]!.windows)).toEqual([[2, 3]]);
      expect(corpus.problems).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
