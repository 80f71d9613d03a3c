import type { ConfigIssue } from './types';
import { CONNECTORS_CONFIG_VERSION } from './types';

type Doc = Record<string, unknown>;

/** One step from `from` to `from + 1`. Steps are pure: they return a new document. */
export interface ConnectorsConfigMigration {
  from: number;
  to: number;
  description: string;
  migrate(doc: Doc): Doc;
}

function isObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Every step from an older format to the current one. Version 0 is the first, unversioned format: a file with no
 * `version` key (or a bare list of connectors) whose entries named their protocol `type` and were switched off with
 * `disabled: true`. Version 1 names it `kind` and uses `enabled: false`.
 */
export const connectorsConfigMigrations: readonly ConnectorsConfigMigration[] = [
  {
    from: 0,
    to: 1,
    description: 'v0 → v1: entry field "type" renamed to "kind", "disabled: true" became "enabled: false"',
    migrate(doc) {
      const list = doc.connectors;
      const connectors = Array.isArray(list)
        ? list.map((e) => {
            if (!isObject(e)) return e;
            const { type, disabled, ...rest } = e;
            const out: Doc = { ...rest };
            if (out.kind === undefined && type !== undefined) out.kind = type;
            else if (type !== undefined) out.type = type;
            if (disabled !== undefined && out.enabled === undefined) {
              out.enabled = typeof disabled === 'boolean' ? !disabled : disabled;
            } else if (disabled !== undefined) out.disabled = disabled;
            return out;
          })
        : list;
      return { ...doc, version: 1, connectors };
    },
  },
];

export interface MigrationOutcome {
  doc?: Doc;
  fromVersion: number;
  migrated: boolean;
  applied: string[];
  errors: ConfigIssue[];
}

/** Reads the version of a raw document (a bare array or an object without `version` is version 0). */
export function connectorsConfigVersion(raw: unknown): number | ConfigIssue {
  if (Array.isArray(raw)) return 0;
  if (!isObject(raw)) return { path: '', message: 'must be an object with "version" and "connectors"' };
  if (raw.version === undefined) return 0;
  if (typeof raw.version !== 'number' || !Number.isInteger(raw.version) || raw.version < 0) {
    return { path: 'version', message: `must be a whole number (got ${JSON.stringify(raw.version)})` };
  }
  return raw.version;
}

/** Brings a raw document up to CONNECTORS_CONFIG_VERSION, step by step. */
export function migrateConnectorsConfig(
  raw: unknown,
  migrations: readonly ConnectorsConfigMigration[] = connectorsConfigMigrations,
  target = CONNECTORS_CONFIG_VERSION,
): MigrationOutcome {
  const v = connectorsConfigVersion(raw);
  if (typeof v !== 'number') return { fromVersion: -1, migrated: false, applied: [], errors: [v] };
  if (v > target) {
    return {
      fromVersion: v,
      migrated: false,
      applied: [],
      errors: [
        { path: 'version', message: `${v} is newer than this Prognos understands (${target}); upgrade Prognos` },
      ],
    };
  }
  let doc: Doc = Array.isArray(raw) ? { connectors: raw } : (raw as Doc);
  const applied: string[] = [];
  for (let at = v; at < target; ) {
    const step = migrations.find((m) => m.from === at);
    if (!step) {
      return {
        fromVersion: v,
        migrated: false,
        applied,
        errors: [{ path: 'version', message: `no migration from version ${at}` }],
      };
    }
    doc = step.migrate(doc);
    applied.push(step.description);
    at = step.to;
  }
  return { doc, fromVersion: v, migrated: applied.length > 0, applied, errors: [] };
}
