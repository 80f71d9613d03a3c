/** Turning client input (C-MAPSS text, training options) into analytics input, with coded errors. */
import {
  CMAPSS_COLUMNS,
  CmapssFormatError,
  type EngineHistory,
  parseCmapss,
  parseRulFile,
  type RulModelOptions,
} from '@prognos/analytics';
import { PrognosError, type RulTrainOptions } from '@prognos/core';

const CMAPSS_HINT = `${CMAPSS_COLUMNS} space-separated numbers a row: unit, cycle, operational settings, sensors`;

function coded(err: unknown, hint: string): unknown {
  if (!(err instanceof CmapssFormatError)) return err;
  return new PrognosError('RUL_DATA_INVALID', [err.file, err.line, err.message.replace(/^[^:]*:\d+: /, ''), hint], {
    file: err.file,
    line: err.line,
    ...(err.column !== undefined ? { column: err.column } : {}),
  });
}

/** Engines of a C-MAPSS-format text; a coded 400 naming the line (and column) of the first bad row. */
export function parseHistories(text: string, file: string): EngineHistory[] {
  let engines: EngineHistory[];
  try {
    engines = parseCmapss(text, file);
  } catch (err) {
    throw coded(err, CMAPSS_HINT);
  }
  if (engines.length === 0) throw new PrognosError('BAD_REQUEST', [`${file} holds no rows (${CMAPSS_HINT})`]);
  return engines;
}

/** True RUL values, one a line; a coded 400 naming the bad line. */
export function parseTrueRul(text: string, file: string): number[] {
  try {
    return parseRulFile(text, file);
  } catch (err) {
    throw coded(err, 'one true remaining-cycles number a line, in engine order');
  }
}

/** Limits of the training options (the API schema and the CLI check the same ranges). */
export const RUL_OPTION_LIMITS = {
  rounds: [1, 5000],
  learningRate: [0.001, 1],
  maxDepth: [1, 12],
  folds: [0, 20],
  window: [1, 500],
  cap: [1, 10_000],
  seed: [0, 2 ** 31 - 1],
} as const satisfies Record<keyof RulTrainOptions, readonly [number, number]>;

/** The analytics options of the client's choices (unset ones keep the analytics defaults); a coded 400 if out of range. */
export function modelOptions(o: RulTrainOptions = {}): Partial<RulModelOptions> {
  for (const [k, [lo, hi]] of Object.entries(RUL_OPTION_LIMITS)) {
    const v = o[k as keyof RulTrainOptions];
    if (v === undefined) continue;
    const integer = k !== 'learningRate';
    if (typeof v !== 'number' || !(v >= lo && v <= hi) || (integer && !Number.isInteger(v)))
      throw new PrognosError('BAD_REQUEST', [
        `option ${k} must be ${integer ? 'an integer' : 'a number'} ${lo}..${hi}`,
      ]);
  }
  return {
    ...(o.folds !== undefined ? { folds: o.folds } : {}),
    ...(o.window !== undefined ? { window: o.window } : {}),
    ...(o.cap !== undefined ? { cap: o.cap } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    boosting: {
      ...(o.rounds !== undefined ? { trees: o.rounds } : {}),
      ...(o.learningRate !== undefined ? { learningRate: o.learningRate } : {}),
      ...(o.maxDepth !== undefined ? { maxDepth: o.maxDepth } : {}),
    },
  };
}
