/**
 * `npm run bench -- nab --data DIR [--json] [--probation 0.15]`, or `--synthetic [--seed N]` (bench/nab-synthetic.ts)
 * Numenta Anomaly Benchmark run of the streaming univariate detector (issue 5). DIR is any folder in the NAB layout
 * (`data/<category>/<name>.csv`, `labels/combined_windows.json`), e.g. a checkout of numenta/NAB.
 *
 * As NAB does: each file is streamed on its own through a fresh detector that scores each row and then learns it
 * (no look-ahead); the anomaly likelihood's learning period and estimation samples split the probationary period
 * (15 % of the file, at most 750 rows) in halves, as NAB's numenta detector does. Each profile's threshold is the
 * one with the best total over the whole corpus (optimizer.py), and scores are normalised so that the detector
 * that never fires is 0 and one that finds every window at its first row is 100 (runner.py).
 * Per-category rows use the corpus threshold and their own null/perfect baselines.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  evaluateNab,
  loadNabCorpus,
  NAB_PROBATION_PERCENT,
  NAB_PROFILES,
  type NabProfileName,
  type NabScoredFile,
  probationaryLength,
  UnivariateStreamingDetector,
} from '@prognos/analytics';
import { generateNabCorpus } from './nab-synthetic';
import { flag, option, printTable } from './table';

const log = (msg: string) => console.error(`[bench] ${msg}`);

/** Output keys of the three NAB profiles. */
const PROFILE_KEYS: Record<NabProfileName, 'standard' | 'low_fp' | 'low_fn'> = {
  standard: 'standard',
  reward_low_FP_rate: 'low_fp',
  reward_low_FN_rate: 'low_fn',
};

export async function runNab(args: string[]): Promise<void> {
  let dir = option(args, 'data');
  if (!dir && flag(args, 'synthetic')) {
    dir = mkdtempSync(join(tmpdir(), 'prognos-nab-'));
    const n = generateNabCorpus(dir, Number(option(args, 'seed') ?? 1));
    log(
      `generated a synthetic NAB-layout corpus of ${n} files in ${dir} (not the NAB data: see bench/nab-synthetic.ts)`,
    );
  }
  if (!dir) {
    console.error(
      'usage: npm run bench -- nab --data DIR [--json] [--probation 0.15]  (DIR holds data/ and labels/), or --synthetic [--seed N]',
    );
    process.exit(2);
  }
  const probation = Number(option(args, 'probation') ?? NAB_PROBATION_PERCENT);
  const corpus = await loadNabCorpus(dir);
  for (const p of corpus.problems.slice(0, 20)) log(`warning: ${p}`);
  if (corpus.problems.length > 20) log(`… ${corpus.problems.length - 20} more warnings`);
  if (corpus.files.length === 0) {
    console.error(`no labelled data files found under ${dir}`);
    process.exit(1);
  }

  const started = performance.now();
  let rows = 0;
  const scored: (NabScoredFile & { category: string })[] = corpus.files.map((f) => {
    const p = Math.max(2, Math.floor(probationaryLength(f.timestamps.length, probation)));
    const learningPeriod = Math.floor(p / 2);
    const detector = new UnivariateStreamingDetector({
      likelihood: { learningPeriod, estimationSamples: p - learningPeriod, reestimationPeriod: 100 },
    });
    const scores = f.values.map((v, i) => detector.update(v, f.timestamps[i]));
    rows += scores.length;
    return { name: f.key, category: f.category, timestamps: f.timestamps, windows: f.windows, scores };
  });
  const seconds = (performance.now() - started) / 1000;
  log(`${scored.length} files, ${rows} rows scored in ${seconds.toFixed(1)} s`);

  const profiles = Object.keys(NAB_PROFILES) as NabProfileName[];
  const overall = Object.fromEntries(
    profiles.map((p) => [p, evaluateNab(scored, NAB_PROFILES[p], { probationPercent: probation })]),
  ) as Record<NabProfileName, ReturnType<typeof evaluateNab>>;

  const categories = [...new Set(scored.map((f) => f.category))].sort();
  const table: (string | number)[][] = [];
  const byCategory: Record<string, Record<string, number>> = {};
  const line = (
    label: string,
    files: NabScoredFile[],
    results: Record<NabProfileName, ReturnType<typeof evaluateNab>>,
  ) => {
    const std = results.standard;
    const windows = std.files.reduce((s, r) => s + r.windows, 0);
    const found = std.files.reduce((s, r) => s + r.detectedWindows, 0);
    const fpRows = std.files.reduce((s, r) => s + r.fp, 0);
    // Without windows perfect = null, so the normalised score is undefined (the scorer reports 0): shown as —.
    const shown = profiles.map((p) => (windows === 0 ? '—' : results[p].normalized.toFixed(1)));
    table.push([label, files.length, windows, found, fpRows, ...shown]);
  };
  for (const cat of categories) {
    const files = scored.filter((f) => f.category === cat);
    const results = Object.fromEntries(
      profiles.map((p) => [
        p,
        evaluateNab(files, NAB_PROFILES[p], { threshold: overall[p].threshold, probationPercent: probation }),
      ]),
    ) as Record<NabProfileName, ReturnType<typeof evaluateNab>>;
    line(cat, files, results);
    byCategory[cat] = Object.fromEntries(profiles.map((p) => [PROFILE_KEYS[p], round(results[p].normalized)]));
  }
  line('overall', scored, overall);

  printTable(['category', 'files', 'windows', 'found (std)', 'FP rows (std)', 'standard', 'low_fp', 'low_fn'], table);
  console.log(
    `thresholds: ${profiles.map((p) => `${PROFILE_KEYS[p]} ${overall[p].threshold.toFixed(4)}`).join(', ')}; ` +
      `${rows} rows in ${seconds.toFixed(1)} s`,
  );

  if (flag(args, 'json')) {
    const out: Record<string, unknown> = {};
    for (const p of profiles) out[PROFILE_KEYS[p]] = round(overall[p].normalized);
    out.thresholds = Object.fromEntries(profiles.map((p) => [PROFILE_KEYS[p], overall[p].threshold]));
    out.categories = byCategory;
    out.files = scored.length;
    out.rows = rows;
    out.seconds = round(seconds);
    console.log(JSON.stringify(out));
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
