/**
 * `npm run bench -- cmapss --data DIR --subset FD001 [--json]`
 * Remaining useful life on NASA C-MAPSS (Saxena et al. 2008) with the PHM08 protocol: train on train_FD00x (run to
 * failure), predict the RUL at the last cycle of every test_FD00x engine, compare with RUL_FD00x. Reports RMSE, the
 * PHM08 score, the share of true RULs inside the 90 % interval and the training time (cross-fitting for the
 * interval included). The same code and settings run on every subset: nothing is tuned per subset, nothing on the
 * test files (the settings were chosen on engine-wise cross-validation of the training engines, shown as
 * "validation" rows).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  intervalCoverage,
  parseCmapss,
  parseRulFile,
  phm08Score,
  RUL_CAP,
  RulModel,
  rmse,
} from '../packages/analytics/src/prognostics/index';
import { flag, option, printTable } from './table';

export async function runCmapssBench(args: string[]): Promise<void> {
  const dir = option(args, 'data') ?? '../shared/datasets/cmapss';
  const subset = option(args, 'subset') ?? 'FD001';
  const json = flag(args, 'json');
  const files = ['train', 'test', 'RUL'].map((k) => join(dir, `${k}_${subset}.txt`));
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`C-MAPSS ${subset}: missing ${missing.join(', ')}`);
  const [trainPath, testPath, rulPath] = files as [string, string, string];
  const train = parseCmapss(readFileSync(trainPath, 'utf8'), trainPath);
  const test = parseCmapss(readFileSync(testPath, 'utf8'), testPath);
  const truth = parseRulFile(readFileSync(rulPath, 'utf8'), rulPath);
  if (truth.length !== test.length) throw new Error(`${subset}: ${test.length} test engines but ${truth.length} RULs`);
  console.error(`[bench] C-MAPSS ${subset}: ${train.length} training engines, ${test.length} test engines`);

  const t0 = performance.now();
  const model = RulModel.fit(train);
  const trainSeconds = (performance.now() - t0) / 1000;
  const preds = test.map((e) => model.predict(e, 0.9));
  const rul = preds.map((p) => p.rul);
  const lower = preds.map((p) => p.lower);
  const upper = preds.map((p) => p.upper);
  const result = {
    rmse: rmse(rul, truth),
    score: phm08Score(rul, truth),
    coverage90: intervalCoverage(lower, upper, truth),
    train_seconds: trainSeconds,
  };
  const width = preds.reduce((s, p) => s + (p.upper - p.lower), 0) / preds.length;
  const v = model.validation;
  printTable(
    ['set', 'engines', 'RMSE', 'PHM08 score', 'coverage 90 %', 'mean width', 'train (s)'],
    [
      [
        `${subset} test (last cycle)`,
        test.length,
        result.rmse.toFixed(2),
        result.score.toFixed(1),
        result.coverage90.toFixed(3),
        width.toFixed(1),
        trainSeconds.toFixed(1),
      ],
      [
        `${subset} test, truth capped at ${RUL_CAP}`,
        test.length,
        rmse(
          rul,
          truth.map((t) => Math.min(t, RUL_CAP)),
        ).toFixed(2),
        phm08Score(
          rul,
          truth.map((t) => Math.min(t, RUL_CAP)),
        ).toFixed(1),
        '',
        '',
        '',
      ],
      ...(v
        ? [
            [
              'validation: cross-fitted, one random cut per engine, capped target',
              train.length,
              v.truncatedRmse.toFixed(2),
              `${(v.truncatedScorePerEngine * test.length).toFixed(1)} (per ${test.length})`,
              '',
              '',
              '',
            ],
            [
              'validation: cross-fitted, all cycles (RMSE: capped target; coverage: true RUL)',
              train.length,
              v.rmse.toFixed(2),
              '',
              v.coverage90.toFixed(3),
              '',
              '',
            ],
          ]
        : []),
    ],
  );
  console.error(`[bench] ${model.regimeCount} operating regime(s)`);
  if (json) console.log(JSON.stringify(result));
}
