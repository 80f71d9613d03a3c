/**
 * Checks of technicians, maintenance windows and preventive plans as the API receives them: each problem names
 * its field, so the caller can answer FIELD_INVALID with it.
 */
import type { MaintenanceWindow, PreventivePlan, PreventiveTrigger, ProcedureStep, Technician } from '@prognos/core';
import type { FieldProblem } from './fields';

type Raw = Record<string, unknown>;
const HOUR_MS = 3_600_000;
/** Longest window accepted: a month covers a shutdown (turnaround); longer is almost always a unit mistake. */
const MAX_WINDOW_MS = 31 * 24 * HOUR_MS;

class Reader {
  readonly problems: FieldProblem[] = [];
  constructor(private readonly raw: Raw) {}
  bad(field: string, message: string): undefined {
    this.problems.push({ field, message });
    return undefined;
  }
  text(field: string, max = 200, optional = false): string | undefined {
    const v = this.raw[field];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || v.trim() === '') return this.bad(field, 'is required (text)');
    if (v.length > max) return this.bad(field, `longer than ${max} characters`);
    return v.trim();
  }
  number(field: string, min: number, max: number, optional = false): number | undefined {
    const v = this.raw[field];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.bad(field, 'is required (a number)');
    if (v < min || v > max) return this.bad(field, `${v} is outside ${min}..${max}`);
    return v;
  }
  /** Epoch ms or an ISO 8601 text. */
  time(field: string, optional = false): number | undefined {
    const v = this.raw[field];
    if (v === undefined && optional) return undefined;
    const t = typeof v === 'string' ? Date.parse(v) : v;
    if (typeof t !== 'number' || !Number.isFinite(t)) return this.bad(field, 'is required (epoch ms or ISO 8601)');
    return t;
  }
  strings(field: string, nonEmpty: boolean): string[] | undefined {
    const v = this.raw[field] ?? [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.trim() === ''))
      return this.bad(field, 'must be a list of names');
    if (nonEmpty && v.length === 0) return this.bad(field, 'must list at least one');
    return [...new Set((v as string[]).map((x) => x.trim()))];
  }
}

const done = <T>(r: Reader, value: T) => (r.problems.length > 0 ? { problems: r.problems } : { value, problems: [] });

export function readTechnician(raw: Raw): { value?: Technician; problems: FieldProblem[] } {
  const r = new Reader(raw);
  const id = r.text('id', 100);
  const name = r.text('name');
  // skills are matched against work orders' skills: one spelling ('Mechanical ' = 'mechanical')
  const listed = r.strings('skills', true);
  const skills = listed && [...new Set(listed.map((s) => s.toLowerCase()))];
  const hoursPerShift = r.number('hoursPerShift', 0.5, 24);
  return done(r, { id, name, skills, hoursPerShift } as Technician);
}

export function readWindow(raw: Raw): { value?: MaintenanceWindow; problems: FieldProblem[] } {
  const r = new Reader(raw);
  const id = r.text('id', 100);
  const start = r.time('start');
  const end = r.time('end');
  const assets = r.strings('assets', false);
  const kind = raw.kind;
  if (kind !== 'planned_stop' && kind !== 'shift') r.bad('kind', 'must be "planned_stop" or "shift"');
  if (start !== undefined && end !== undefined) {
    if (!(end > start)) r.bad('end', 'must be after start');
    else if (end - start > MAX_WINDOW_MS) r.bad('end', 'the window is longer than 31 days');
  }
  if (kind === 'planned_stop' && assets?.length === 0)
    r.bad('assets', 'a planned stop must list the assets or lines it stops');
  return done(r, { id, start, end, assets, kind } as MaintenanceWindow);
}

function readTrigger(r: Reader, v: unknown): PreventiveTrigger | undefined {
  const t = (v ?? {}) as Raw;
  const sub = new Reader(t);
  let out: PreventiveTrigger | undefined;
  if (t.kind === 'calendar') out = { kind: 'calendar', everyDays: sub.number('everyDays', 1, 3660) as number };
  else if (t.kind === 'run_hours') {
    const sensor = sub.text('sensor', 200, true);
    out = { kind: 'run_hours', everyHours: sub.number('everyHours', 1, 1e6) as number, ...(sensor ? { sensor } : {}) };
  } else if (t.kind === 'meter')
    out = {
      kind: 'meter',
      sensor: sub.text('sensor') as string,
      every: sub.number('every', Number.MIN_VALUE, 1e12) as number,
    };
  else return r.bad('trigger.kind', 'must be "calendar", "run_hours" or "meter"');
  for (const p of sub.problems) r.bad(`trigger.${p.field}`, p.message);
  return out;
}

function readProcedure(r: Reader, v: unknown): ProcedureStep[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return r.bad('procedure', 'must be a list of steps');
  const steps: ProcedureStep[] = [];
  for (const [i, s] of v.entries()) {
    if (typeof s === 'string' && s.trim() !== '') steps.push({ text: s.trim() });
    else if (s && typeof s === 'object' && typeof (s as ProcedureStep).text === 'string')
      steps.push(s as ProcedureStep);
    else return r.bad(`procedure[${i}]`, 'must be a text or { text, safety? }');
  }
  return steps;
}

/** A plan as received; workOrderId is the server's (kept from `base`), the counters may be set by hand. */
export function readPreventivePlan(
  raw: Raw,
  base?: PreventivePlan,
): { value?: PreventivePlan; problems: FieldProblem[] } {
  const r = new Reader(raw);
  const plan = {
    id: r.text('id', 100),
    assetId: r.text('assetId', 100),
    title: r.text('title'),
    trigger: readTrigger(r, raw.trigger),
    procedure: readProcedure(r, raw.procedure),
    skill: r.text('skill', 50)?.toLowerCase(),
    estimatedHours: r.number('estimatedHours', 0.1, 1000),
  } as PreventivePlan;
  const lastDoneAt = r.time('lastDoneAt', true);
  // an edit that leaves the last-done time alone keeps the counters (run hours, meter base) unless it sets them
  const keep = base !== undefined && base.lastDoneAt === lastDoneAt;
  const runHours = r.number('runHours', 0, 1e7, true) ?? (keep ? base.runHours : undefined);
  const meterAtLastDone = r.number('meterAtLastDone', -1e15, 1e15, true) ?? (keep ? base.meterAtLastDone : undefined);
  Object.assign(
    plan,
    lastDoneAt !== undefined ? { lastDoneAt } : {},
    runHours !== undefined ? { runHours } : {},
    meterAtLastDone !== undefined ? { meterAtLastDone } : {},
    base?.workOrderId ? { workOrderId: base.workOrderId } : {},
  );
  return done(r, plan);
}
