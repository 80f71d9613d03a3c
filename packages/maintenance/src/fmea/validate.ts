import type { FailureMode, ProcedureStep, SensorKind, Symptom } from '@prognos/core';
import { ISO_14224_FAILURE_MODES, ISO_14224_MECHANISMS, SENSOR_KINDS } from './iso14224';

export type ValidationResult = { ok: true; value: FailureMode } | { ok: false; errors: string[] };

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isText = (x: unknown): x is string => typeof x === 'string' && x.trim().length > 0;
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Collects errors, each naming its field ("symptoms[2].direction must be 'up' or 'down'"). */
class Checker {
  readonly errors: string[] = [];
  text(o: Obj, key: string, path: string): string {
    const v = o[key];
    if (!isText(v)) this.errors.push(`${path} must be a non-empty string`);
    return isText(v) ? v.trim() : '';
  }
  texts(o: Obj, key: string, path: string, min = 0): string[] {
    const v = o[key];
    if (!Array.isArray(v)) {
      this.errors.push(`${path} must be a list of strings`);
      return [];
    }
    if (v.length < min) this.errors.push(`${path} must have at least ${min} entr${min === 1 ? 'y' : 'ies'}`);
    v.forEach((x, i) => {
      if (!isText(x)) this.errors.push(`${path}[${i}] must be a non-empty string`);
    });
    return v.filter(isText).map((x) => x.trim());
  }
  rating(o: Obj, key: string): number {
    const v = o[key];
    if (!isNum(v) || !Number.isInteger(v) || v < 1 || v > 10)
      this.errors.push(`${key} must be a whole number from 1 to 10`);
    return isNum(v) ? v : 0;
  }
}

function symptom(c: Checker, x: unknown, path: string): Symptom {
  if (!isObj(x)) {
    c.errors.push(`${path} must be an object`);
    return { kind: 'other', direction: 'up', weight: 0, text: '' };
  }
  const kind = x.kind as SensorKind;
  if (!SENSOR_KINDS.includes(kind)) c.errors.push(`${path}.kind must be a sensor kind (${SENSOR_KINDS.join(', ')})`);
  const direction = x.direction;
  if (direction !== 'up' && direction !== 'down') c.errors.push(`${path}.direction must be 'up' or 'down'`);
  const weight = x.weight;
  if (!isNum(weight) || weight <= 0 || weight > 1)
    c.errors.push(`${path}.weight must be a number above 0 and at most 1`);
  const text = c.text(x, 'text', `${path}.text`);
  const out: Symptom = {
    kind,
    direction: direction === 'down' ? 'down' : 'up',
    weight: isNum(weight) ? weight : 0,
    text,
  };
  if (x.location !== undefined) {
    if (!isText(x.location)) c.errors.push(`${path}.location must be a non-empty string when given`);
    else out.location = x.location.trim();
  }
  return out;
}

function step(c: Checker, x: unknown, path: string): ProcedureStep {
  if (!isObj(x)) {
    c.errors.push(`${path} must be an object`);
    return { text: '' };
  }
  const out: ProcedureStep = { text: c.text(x, 'text', `${path}.text`) };
  if (x.safety !== undefined) {
    if (typeof x.safety !== 'boolean') c.errors.push(`${path}.safety must be true or false`);
    else out.safety = x.safety;
  }
  if (x.expected !== undefined) {
    const e = x.expected;
    if (!isObj(e)) {
      c.errors.push(`${path}.expected must be an object`);
      return out;
    }
    const exp: NonNullable<ProcedureStep['expected']> = {
      quantity: c.text(e, 'quantity', `${path}.expected.quantity`),
      unit: c.text(e, 'unit', `${path}.expected.unit`),
    };
    for (const k of ['min', 'max'] as const) {
      if (e[k] === undefined) continue;
      if (!isNum(e[k])) c.errors.push(`${path}.expected.${k} must be a number`);
      else exp[k] = e[k];
    }
    if (exp.min !== undefined && exp.max !== undefined && exp.min > exp.max)
      c.errors.push(`${path}.expected.min must not exceed ${path}.expected.max`);
    out.expected = exp;
  }
  if (x.tools !== undefined) {
    const tools = c.texts(x, 'tools', `${path}.tools`);
    if (tools.length > 0) out.tools = tools;
  }
  if (x.minutes !== undefined) {
    if (!isNum(x.minutes) || x.minutes < 0) c.errors.push(`${path}.minutes must be a number of minutes, 0 or more`);
    else out.minutes = x.minutes;
  }
  if (x.detail !== undefined) {
    if (typeof x.detail !== 'string') c.errors.push(`${path}.detail must be a string`);
    else if (x.detail.trim()) out.detail = x.detail.trim();
  }
  return out;
}

function list<T>(c: Checker, o: Obj, key: string, min: number, each: (x: unknown, path: string) => T): T[] {
  const v = o[key];
  if (!Array.isArray(v)) {
    c.errors.push(`${key} must be a list`);
    return [];
  }
  if (v.length < min) c.errors.push(`${key} must have at least ${min} entr${min === 1 ? 'y' : 'ies'}`);
  return v.map((x, i) => each(x, `${key}[${i}]`));
}

/**
 * Checks a failure mode from outside (an API body, an imported library) and returns a clean copy: unknown fields are
 * dropped, strings trimmed. Every problem is reported, each naming its field, so an editor can mark them all at once.
 */
export function validateFailureMode(fm: unknown): ValidationResult {
  if (!isObj(fm)) return { ok: false, errors: ['failure mode must be an object'] };
  const c = new Checker();
  const id = c.text(fm, 'id', 'id');
  if (id && !/^[a-z0-9][a-z0-9._-]*$/.test(id))
    c.errors.push('id must use lower-case letters, digits, dots, dashes or underscores (e.g. pump-bearing-wear)');
  const assetTypes = c.texts(fm, 'assetTypes', 'assetTypes', 1);
  const component = c.text(fm, 'component', 'component');
  const name = c.text(fm, 'name', 'name');
  const iso = fm.iso14224;
  if (typeof iso !== 'string' || (iso !== '' && !(iso in ISO_14224_FAILURE_MODES)))
    c.errors.push(
      `iso14224 must be an ISO 14224 failure-mode code (${Object.keys(ISO_14224_FAILURE_MODES).join(', ')}) or ''`,
    );
  const mech = c.text(fm, 'mechanism', 'mechanism');
  const code = /^(\d\.\d)\b/.exec(mech)?.[1];
  if (mech && !(code && code in ISO_14224_MECHANISMS))
    c.errors.push(
      `mechanism must start with an ISO 14224 Table B.2 number, e.g. '2.4 Wear' or '1.3 Clearance/alignment failure'`,
    );
  const causes = c.texts(fm, 'causes', 'causes');
  const symptoms = list(c, fm, 'symptoms', 1, (x, p) => symptom(c, x, p));
  const detection = c.text(fm, 'detection', 'detection');
  const severity = c.rating(fm, 'severity');
  const occurrence = c.rating(fm, 'occurrence');
  const detectability = c.rating(fm, 'detectability');
  const rpn = fm.rpn;
  if (rpn !== undefined && rpn !== severity * occurrence * detectability)
    c.errors.push(`rpn must equal severity × occurrence × detectability (${severity * occurrence * detectability})`);
  const recommendedActions = c.texts(fm, 'recommendedActions', 'recommendedActions');
  const procedure = list(c, fm, 'procedure', 0, (x, p) => step(c, x, p));
  const repairHours = fm.repairHours;
  if (!isNum(repairHours) || repairHours < 0) c.errors.push('repairHours must be a number of hours, 0 or more');
  const skill = c.text(fm, 'skill', 'skill');
  const parts = c.texts(fm, 'parts', 'parts');
  const procedureId = fm.procedureId;
  if (procedureId !== undefined && !isText(procedureId))
    c.errors.push('procedureId must be a non-empty string when given');
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  return {
    ok: true,
    value: {
      id,
      assetTypes,
      component,
      name,
      iso14224: iso as string,
      mechanism: mech,
      causes,
      symptoms,
      detection,
      severity,
      occurrence,
      detectability,
      rpn: severity * occurrence * detectability,
      recommendedActions,
      procedure,
      repairHours: repairHours as number,
      skill,
      parts,
      ...(isText(procedureId) ? { procedureId: procedureId.trim() } : {}),
    },
  };
}
