/**
 * Guided procedures, versioned: the library's procedures seeded from the failure modes, new ones and new versions
 * authored in the UI (checked field by field), and the version a new work order follows. A version never changes:
 * an edit saves version n + 1, and work orders keep the copy they were created with.
 */
import {
  type FailureMode,
  type NewProcedureVersion,
  type Procedure,
  type ProcedureStep,
  PrognosError,
} from '@prognos/core';
import type { MetadataStore } from '@prognos/store';
import type { Serial } from './serial';

export const LIBRARY_AUTHOR = 'Prognos library';

/** What an author sends: a procedure without its version and time; the id is optional for a new one. */
export interface ProcedureDraft {
  id?: string;
  title: string;
  failureModeIds?: string[];
  assetTypes?: string[];
  steps: ProcedureStep[];
  tools?: string[];
  parts?: string[];
  /** Default: the sum of the steps' minutes. */
  estimatedMinutes?: number;
  author: string;
  changeNote?: string;
}

export interface ProcedureQuery {
  failureModeId?: string;
  assetType?: string;
}

/** The id of the procedure a failure mode's work orders follow. */
export const procedureIdOf = (fm: FailureMode): string => fm.procedureId ?? fm.id;

/** Tools of the steps, each once, in the order the steps need them. */
export function stepTools(steps: readonly ProcedureStep[]): string[] {
  return [...new Set(steps.flatMap((s) => s.tools ?? []))];
}

/** Version 1 of a failure mode's procedure, from the library's steps, tools, parts and repair time. */
export function procedureFromFailureMode(fm: FailureMode): NewProcedureVersion {
  // The step minutes add up to the job only when every step has them; otherwise the mode's repair time is the
  // better estimate (it includes the untimed hands-on work).
  const timed = fm.procedure.length > 0 && fm.procedure.every((s) => s.minutes !== undefined);
  return {
    id: procedureIdOf(fm),
    title: fm.name,
    failureModeIds: [fm.id],
    assetTypes: [...fm.assetTypes],
    steps: fm.procedure,
    tools: stepTools(fm.procedure),
    parts: [...fm.parts],
    estimatedMinutes: timed
      ? fm.procedure.reduce((sum, s) => sum + (s.minutes ?? 0), 0)
      : Math.round(fm.repairHours * 60),
    author: LIBRARY_AUTHOR,
  };
}

/**
 * The steps a new work order for this mode copies, and which procedure version they come from. A mode added since
 * the start (PUT /api/failure-modes) gets its version 1 here, so that every work order names the version it follows.
 */
export async function currentProcedure(
  metadata: MetadataStore,
  fm: FailureMode,
): Promise<{ steps: ProcedureStep[]; ref: { id: string; version: number } }> {
  const p =
    (await metadata.getProcedure(procedureIdOf(fm))) ??
    (await metadata.saveProcedureVersion(procedureFromFailureMode(fm)));
  return { steps: p.steps, ref: { id: p.id, version: p.version } };
}

export class ProcedureService {
  constructor(private readonly deps: { metadata: MetadataStore; serial: Serial }) {}

  /** Gives every failure mode without one its procedure, version 1; returns how many were added. */
  async seed(): Promise<number> {
    let added = 0;
    for (const fm of await this.deps.metadata.listFailureModes()) {
      if (await this.deps.metadata.getProcedure(procedureIdOf(fm))) continue;
      await this.deps.metadata.saveProcedureVersion(procedureFromFailureMode(fm));
      added++;
    }
    return added;
  }

  /** The latest version of each procedure, sorted by id (modes added since the start get theirs first). */
  async list(q: ProcedureQuery = {}): Promise<Procedure[]> {
    await this.deps.serial.run(() => this.seed());
    const all = await this.deps.metadata.listProcedures();
    return all.filter(
      (p) =>
        (q.failureModeId === undefined || p.failureModeIds.includes(q.failureModeId)) &&
        (q.assetType === undefined || p.assetTypes.includes(q.assetType)),
    );
  }

  async get(id: string, version?: number): Promise<Procedure> {
    const p = await this.deps.metadata.getProcedure(id, version);
    if (!p) throw new PrognosError('PROCEDURE_NOT_FOUND', [id, version === undefined ? '' : ` version ${version}`]);
    return p;
  }

  /** Newest first. */
  async versions(id: string): Promise<Procedure[]> {
    const all = await this.deps.metadata.listProcedureVersions(id);
    if (all.length === 0) throw new PrognosError('PROCEDURE_NOT_FOUND', [id, '']);
    return all;
  }

  /** A new procedure, version 1 (409 when the id is taken: a new version goes through update). */
  create(body: unknown): Promise<Procedure> {
    return this.deps.serial.run(async () => {
      const draft = await this.checked(body);
      const id = draft.id ?? (await this.freeId(draft.title));
      const latest = await this.deps.metadata.getProcedure(id);
      if (latest)
        throw new PrognosError('CONFLICT', [
          `procedure "${id}" exists already (version ${latest.version}); PUT /api/procedures/${id} saves a new version`,
        ]);
      return this.save(id, draft);
    });
  }

  /**
   * Saves version n + 1. With baseVersion (the version the author edited), a save on top of someone else's newer
   * version is refused (409), so that two authors never overwrite each other unseen.
   */
  update(id: string, body: unknown, baseVersion?: number): Promise<Procedure> {
    return this.deps.serial.run(async () => {
      const latest = await this.get(id);
      if (baseVersion !== undefined && baseVersion !== latest.version)
        throw new PrognosError('PROCEDURE_VERSION_CONFLICT', [id, baseVersion, latest.version, latest.author], {
          latestVersion: latest.version,
        });
      const draft = await this.checked(body);
      if (draft.id !== undefined && draft.id !== id) invalid('id', `must equal the id in the path ("${id}")`);
      return this.save(id, draft);
    });
  }

  private async save(id: string, d: ProcedureDraft): Promise<Procedure> {
    const saved = await this.deps.metadata.saveProcedureVersion({
      id,
      title: d.title,
      failureModeIds: d.failureModeIds ?? [],
      assetTypes: d.assetTypes ?? [],
      steps: d.steps,
      tools: d.tools ?? stepTools(d.steps),
      parts: d.parts ?? [],
      estimatedMinutes: d.estimatedMinutes ?? d.steps.reduce((sum, s) => sum + (s.minutes ?? 0), 0),
      author: d.author,
      ...(d.changeNote ? { changeNote: d.changeNote } : {}),
    });
    await this.attach(saved);
    return saved;
  }

  /**
   * Points the procedure's failure modes at it and gives them its steps: the mode's procedure is then the current
   * version wherever the mode is shown, and work orders created from now on follow it.
   */
  private async attach(p: Procedure): Promise<void> {
    for (const fmId of p.failureModeIds) {
      const fm = await this.deps.metadata.getFailureMode(fmId);
      if (!fm) continue;
      const { procedureId: _old, ...rest } = fm;
      await this.deps.metadata.saveFailureMode({
        ...rest,
        ...(p.id !== fm.id ? { procedureId: p.id } : {}),
        procedure: p.steps,
      });
    }
  }

  /** An id from the title ("Replace DE bearing" → "replace-de-bearing"), numbered when taken. */
  private async freeId(title: string): Promise<string> {
    const base =
      title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60) || 'procedure';
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      if (!(await this.deps.metadata.getProcedure(id))) return id;
    }
  }

  /** The body as a draft, or a 400 naming the first bad field; failure modes named must exist. */
  private async checked(body: unknown): Promise<ProcedureDraft> {
    const draft = validateProcedureDraft(body);
    for (const [i, fmId] of (draft.failureModeIds ?? []).entries())
      if (!(await this.deps.metadata.getFailureMode(fmId)))
        invalid(`failureModeIds[${i}]`, `failure mode "${fmId}" does not exist`);
    return draft;
  }
}

function invalid(field: string, problem: string): never {
  throw new PrognosError('PROCEDURE_INVALID', [field, problem], { field });
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isText = (x: unknown): x is string => typeof x === 'string' && x.trim().length > 0;
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function text(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (!isText(v)) invalid(path, 'must be a non-empty string');
  return v.trim();
}

function texts(o: Obj, key: string, path: string): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) invalid(path, 'must be a list of strings');
  return v.map((x, i) => {
    if (!isText(x)) invalid(`${path}[${i}]`, 'must be a non-empty string');
    return x.trim();
  });
}

function minutes(o: Obj, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!isNum(v) || v < 0) invalid(path, 'must be a number of minutes, 0 or more');
  return v;
}

function step(x: unknown, path: string): ProcedureStep {
  if (!isObj(x)) invalid(path, 'must be an object');
  const out: ProcedureStep = { text: text(x, 'text', `${path}.text`) };
  if (x.safety !== undefined) {
    if (typeof x.safety !== 'boolean') invalid(`${path}.safety`, 'must be true or false');
    if (x.safety) out.safety = true;
  }
  if (x.expected !== undefined && x.expected !== null) {
    const e = x.expected;
    if (!isObj(e)) invalid(`${path}.expected`, 'must be an object with quantity, unit, min and max');
    const expected: NonNullable<ProcedureStep['expected']> = {
      quantity: text(e, 'quantity', `${path}.expected.quantity`),
      unit: text(e, 'unit', `${path}.expected.unit`),
    };
    for (const k of ['min', 'max'] as const) {
      if (e[k] === undefined || e[k] === null) continue;
      if (!isNum(e[k])) invalid(`${path}.expected.${k}`, 'must be a number');
      expected[k] = e[k];
    }
    if (expected.min !== undefined && expected.max !== undefined && expected.min > expected.max)
      invalid(`${path}.expected.max`, `must not be below the minimum (${expected.min})`);
    out.expected = expected;
  }
  const tools = texts(x, 'tools', `${path}.tools`);
  if (tools && tools.length > 0) out.tools = tools;
  const m = minutes(x, 'minutes', `${path}.minutes`);
  if (m !== undefined) out.minutes = m;
  if (x.detail !== undefined) {
    if (typeof x.detail !== 'string') invalid(`${path}.detail`, 'must be a string');
    if (x.detail.trim()) out.detail = x.detail.trim();
  }
  return out;
}

/**
 * Checks a procedure sent by an author and returns a clean copy (unknown fields dropped, strings trimmed); the
 * first problem is thrown as a 400 PROCEDURE_INVALID naming its field, e.g. "steps[2].expected.max".
 */
export function validateProcedureDraft(body: unknown): ProcedureDraft {
  if (!isObj(body)) invalid('body', 'must be an object');
  const out: ProcedureDraft = { title: text(body, 'title', 'title'), steps: [], author: '' };
  if (body.id !== undefined) {
    const id = text(body, 'id', 'id');
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id))
      invalid('id', 'must use letters, digits, dots, dashes or underscores (e.g. pump-bearing-wear)');
    out.id = id;
  }
  const steps = body.steps;
  if (!Array.isArray(steps)) invalid('steps', 'must be a list of steps');
  if (steps.length === 0) invalid('steps', 'must have at least one step');
  out.steps = steps.map((s, i) => step(s, `steps[${i}]`));
  for (const k of ['failureModeIds', 'assetTypes', 'tools', 'parts'] as const) {
    const v = texts(body, k, k);
    if (v) out[k] = [...new Set(v)];
  }
  const est = minutes(body, 'estimatedMinutes', 'estimatedMinutes');
  if (est !== undefined) out.estimatedMinutes = est;
  out.author = text(body, 'author', 'author');
  if (body.changeNote !== undefined) {
    if (typeof body.changeNote !== 'string') invalid('changeNote', 'must be a string');
    if (body.changeNote.trim()) out.changeNote = body.changeNote.trim();
  }
  return out;
}
