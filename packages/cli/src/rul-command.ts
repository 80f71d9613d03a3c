/**
 * `prognos rul train | evaluate | predict`: remaining-useful-life models from run-to-failure histories in C-MAPSS
 * text (NASA's train_FD00x / test_FD00x / RUL_FD00x files or the same layout from your own fleet).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { RulModelVersion, RulTrainOptions } from '@prognos/core';
import { SingleBar } from 'cli-progress';
import { httpBackend, localBackend, type RulBackend } from './rul-backend';
import { formatTable } from './table';

interface Where {
  dataDir: string;
  url?: string;
}
export interface RulTrainCommandOptions extends Where {
  data: string;
  subset: string;
  name?: string;
  rounds?: number;
  folds?: number;
  window?: number;
  seed?: number;
  note?: string;
}
export interface RulEvaluateCommandOptions extends Where {
  data: string;
  subset: string;
  name?: string;
  version?: number;
}
export interface RulPredictCommandOptions extends Where {
  file: string;
  name: string;
  horizon?: number;
  version?: number;
  json?: boolean;
}

const backend = (o: Where): Promise<RulBackend> =>
  o.url ? Promise.resolve(httpBackend(o.url)) : localBackend(o.dataDir);
/** The model name when none is given: one per C-MAPSS subset. */
const defaultName = (subset: string) => `turbofan-${subset}`;

function read(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  return readFileSync(path, 'utf8');
}

async function using<T>(o: Where, fn: (b: RulBackend) => Promise<T>): Promise<T> {
  const b = await backend(o);
  try {
    return await fn(b);
  } finally {
    await b.close();
  }
}

const fixed = (v: number | undefined, digits: number) => (v === undefined ? '' : v.toFixed(digits));

export function versionTable(v: RulModelVersion): string {
  const val = v.metrics.validation;
  const ev = v.metrics.lastEvaluation;
  return formatTable(
    ['version', 'engines', 'cycles', 'regimes', 'val. RMSE', 'val. coverage 90 %', 'train (s)', 'test RMSE', 'PHM08'],
    [
      [
        v.version,
        v.source.engines,
        v.source.cycles,
        v.metrics.regimes,
        fixed(val?.rmse, 2),
        fixed(val?.coverage90, 3),
        fixed(v.metrics.trainingSeconds, 1),
        fixed(ev?.rmse, 2),
        fixed(ev?.phm08Score, 1),
      ],
    ],
  );
}

/** Trains a new version on DIR/train_<subset>.txt with a progress bar; it becomes the active version. */
export async function rulTrainCommand(o: RulTrainCommandOptions): Promise<RulModelVersion> {
  const file = join(o.data, `train_${o.subset}.txt`);
  const train = read(file);
  const name = o.name ?? defaultName(o.subset);
  const options: RulTrainOptions = {
    ...(o.rounds !== undefined ? { rounds: o.rounds } : {}),
    ...(o.folds !== undefined ? { folds: o.folds } : {}),
    ...(o.window !== undefined ? { window: o.window } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  };
  const bar = new SingleBar({
    format: ' training |{bar}| {percentage}% | {message}',
    hideCursor: true,
    noTTYOutput: !process.stderr.isTTY,
    notTTYSchedule: 2000,
  });
  bar.start(100, 0, { message: `reading ${basename(file)}` });
  const v = await using(o, async (b) => {
    try {
      return await b.train(
        name,
        { train, file: basename(file), options, createdBy: 'cli', ...(o.note ? { note: o.note } : {}) },
        (fraction, message) => bar.update(Math.round(fraction * 100), { message }),
      );
    } finally {
      bar.update(100, { message: 'done' });
      bar.stop();
    }
  });
  console.log(`Trained RUL model ${v.name} version ${v.version} (active) on ${basename(file)}\n`);
  console.log(versionTable(v));
  return v;
}

/** Evaluates the active (or given) version on DIR/test_<subset>.txt against DIR/RUL_<subset>.txt. */
export async function rulEvaluateCommand(o: RulEvaluateCommandOptions): Promise<void> {
  const testFile = join(o.data, `test_${o.subset}.txt`);
  const rulFile = join(o.data, `RUL_${o.subset}.txt`);
  const test = read(testFile);
  const rul = read(rulFile);
  const name = o.name ?? defaultName(o.subset);
  const r = await using(o, (b) =>
    b.evaluate(name, {
      test,
      rul,
      file: basename(testFile),
      rulFile: basename(rulFile),
      ...(o.version !== undefined ? { version: o.version } : {}),
    }),
  );
  const e = r.evaluation;
  console.log(`RUL model ${r.name} version ${r.version} on ${e.file} (last cycle of each engine)\n`);
  console.log(
    formatTable(
      ['engines', 'RMSE', 'PHM08 score', 'coverage 90 %'],
      [[e.engines, e.rmse.toFixed(2), e.phm08Score.toFixed(1), e.coverage90.toFixed(3)]],
    ),
  );
}

/** RUL, 90 % interval and P(failure within the horizon) at the last cycle of each unit in FILE. */
export async function rulPredictCommand(o: RulPredictCommandOptions): Promise<void> {
  const history = read(o.file);
  const r = await using(o, (b) =>
    b.predict(o.name, {
      history,
      file: basename(o.file),
      ...(o.horizon !== undefined ? { horizon: o.horizon } : {}),
      ...(o.version !== undefined ? { version: o.version } : {}),
    }),
  );
  if (o.json) {
    console.log(JSON.stringify(r));
    return;
  }
  console.log(`RUL model ${r.name} version ${r.version}: ${r.units.length} unit(s), horizon ${r.horizon} cycles\n`);
  console.log(
    formatTable(
      ['unit', 'last cycle', 'RUL', '90 % low', '90 % high', `P(fail ≤ ${r.horizon})`],
      r.units.map((u) => [
        u.unit,
        u.lastCycle,
        u.rul.toFixed(1),
        u.lower.toFixed(1),
        u.upper.toFixed(1),
        u.failureProbability.toFixed(3),
      ]),
    ),
  );
}
