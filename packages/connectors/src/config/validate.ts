import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { ConnectorConfigBase, ConnectorFactory } from '../contract';
import { migrateConnectorsConfig } from './migrations';
import type { CheckedConnectorFactory, ConfigIssue, ConnectorsConfig, ConnectorsConfigResult } from './types';

/**
 * Connector ids name folders (`<dataDir>/connectors/<id>/`) and appear in URLs, so they are restricted to a safe
 * alphabet: no path separators, no "..".
 */
export const CONNECTOR_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
const ID_RE = new RegExp(CONNECTOR_ID_PATTERN);

// strict: false because schemas come from several protocol folders and may carry annotations (format, examples)
// this validator does not need to enforce; allErrors so that one run reports every problem.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(factory: ConnectorFactory): ValidateFunction {
  let v = compiled.get(factory.schema);
  if (!v) {
    v = ajv.compile(factory.schema);
    compiled.set(factory.schema, v);
  }
  return v;
}

/** "/registers/0/type" → "registers[0].type" */
export function jsonPointerToPath(pointer: string, prefix = ''): string {
  let out = prefix;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function join(path: string, field: string): string {
  return path ? `${path}.${field}` : field;
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

function suggestion(name: string, parentSchema: unknown): string {
  const props = (parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!props) return '';
  let best = '';
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of Object.keys(props)) {
    // a truncated name ("valu" for "valuePath") is as good a hint as a typo
    const dist = k.toLowerCase().startsWith(name.toLowerCase()) && name.length >= 3 ? 0 : levenshtein(name, k);
    if (dist < bestD) {
      bestD = dist;
      best = k;
    }
  }
  return best && bestD <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Turns one ajv error into `{ path, message }` in words a person can act on. */
export function ajvErrorToIssue(e: ErrorObject, prefix = ''): ConfigIssue {
  const path = jsonPointerToPath(e.instancePath, prefix);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: join(path, String(p.missingProperty)), message: 'is required' };
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      return { path: join(path, name), message: `is not a known field${suggestion(name, e.parentSchema)}` };
    }
    case 'enum':
      return {
        path,
        message: `must be one of ${(p.allowedValues as unknown[]).map((v) => (typeof v === 'string' ? v : show(v))).join(', ')} (got ${show(e.data)})`,
      };
    case 'const':
      return { path, message: `must be ${show(p.allowedValue)} (got ${show(e.data)})` };
    case 'type':
      return { path, message: `must be ${String(p.type).replace(/,/g, ' or ')} (got ${show(e.data)})` };
    default:
      return {
        path,
        message: `${e.message ?? e.keyword}${e.data !== undefined && typeof e.data !== 'object' ? ` (got ${show(e.data)})` : ''}`,
      };
  }
}

/** The combinator summaries ("must match exactly one schema in oneOf") only repeat what the branch errors say. */
const SUMMARY_KEYWORDS = new Set(['oneOf', 'anyOf', 'if', 'not']);

function issuesFromAjv(errors: readonly ErrorObject[], prefix: string): ConfigIssue[] {
  const specific = errors.filter((e) => !SUMMARY_KEYWORDS.has(e.keyword));
  const use = specific.length > 0 ? specific : errors;
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  for (const e of use) {
    const i = ajvErrorToIssue(e, prefix);
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(i);
  }
  return out;
}

/**
 * Validates one connector entry (from a file or from the API) against its factory's schema and checks.
 * `path` prefixes every issue (e.g. "connectors[2]").
 */
export function validateConnectorEntry(
  entry: unknown,
  factories: readonly ConnectorFactory[],
  path = '',
): ConfigIssue[] {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return [{ path, message: `must be an object (got ${show(entry)})` }];
  }
  const e = entry as Record<string, unknown>;
  const kinds = factories.map((f) => f.kind).join(', ');
  if (e.kind === undefined) return [{ path: join(path, 'kind'), message: `is required (one of ${kinds})` }];
  const factory = factories.find((f) => f.kind === e.kind) as CheckedConnectorFactory | undefined;
  if (!factory) return [{ path: join(path, 'kind'), message: `must be one of ${kinds} (got ${show(e.kind)})` }];
  const validate = validatorFor(factory);
  const issues = validate(entry) ? [] : issuesFromAjv(validate.errors ?? [], path);
  const idPath = join(path, 'id');
  if (typeof e.id === 'string' && !ID_RE.test(e.id) && !issues.some((i) => i.path === idPath)) {
    issues.push({
      path: idPath,
      message: `must be 1–64 letters, digits, "_", "." or "-", starting with a letter or digit (got ${show(e.id)})`,
    });
  } else if (e.id === undefined && !issues.some((i) => i.path === idPath)) {
    issues.push({ path: idPath, message: 'is required' });
  }
  if (issues.length === 0 && factory.check) {
    for (const i of factory.check(entry as unknown as ConnectorConfigBase)) {
      issues.push({
        path: i.path ? (i.path.startsWith('[') ? `${path}${i.path}` : join(path, i.path)) : path,
        message: i.message,
      });
    }
  }
  return issues;
}

const TOP_LEVEL = new Set(['version', 'connectors', '$schema']);

/**
 * Migrates (when older) and validates a whole configuration document. Never throws on bad input: every problem
 * comes back in `errors` with the path of the field.
 */
export function validateConnectorsConfig(doc: unknown, factories: readonly ConnectorFactory[]): ConnectorsConfigResult {
  const m = migrateConnectorsConfig(doc);
  const base = { migrated: m.migrated, fromVersion: m.fromVersion, migrations: m.applied };
  if (!m.doc) return { ok: false, errors: m.errors, ...base };
  const errors: ConfigIssue[] = [];
  for (const k of Object.keys(m.doc)) {
    if (!TOP_LEVEL.has(k))
      errors.push({ path: k, message: 'is not a known field (expected "version" and "connectors")' });
  }
  const list = m.doc.connectors;
  if (list === undefined) {
    errors.push({ path: 'connectors', message: 'is required (a list of connector entries)' });
  } else if (!Array.isArray(list)) {
    errors.push({ path: 'connectors', message: `must be a list (got ${show(list)})` });
  } else {
    const firstIndex = new Map<string, number>();
    list.forEach((entry, i) => {
      const path = `connectors[${i}]`;
      errors.push(...validateConnectorEntry(entry, factories, path));
      const id = (entry as { id?: unknown } | null)?.id;
      if (typeof id === 'string') {
        const prev = firstIndex.get(id);
        if (prev !== undefined) {
          errors.push({ path: `${path}.id`, message: `duplicate id "${id}" (also used by connectors[${prev}])` });
        } else firstIndex.set(id, i);
      }
    });
  }
  if (errors.length > 0) return { ok: false, errors, ...base };
  const config: ConnectorsConfig = {
    version: m.doc.version as number,
    connectors: list as ConnectorConfigBase[],
  };
  return { ok: true, config, errors: [], ...base };
}
