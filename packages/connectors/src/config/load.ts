import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseDocument, stringify } from 'yaml';
import type { ConnectorFactory } from '../contract';
import { type ConfigIssue, type ConnectorsConfig, ConnectorsConfigError, type LoadedConnectorsConfig } from './types';
import { validateConnectorsConfig } from './validate';

/**
 * Parses YAML or JSON text (YAML 1.2 is a superset of JSON, so one parser reads both). Syntax errors come back as
 * issues with line and column.
 */
export function parseConnectorsConfigText(text: string): { doc?: unknown; errors: ConfigIssue[] } {
  const d = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (d.errors.length > 0) {
    return {
      errors: d.errors.map((e) => {
        const pos = e.linePos?.[0];
        return {
          path: '',
          message: `syntax error${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}: ${e.message.split('\n')[0]}`,
        };
      }),
    };
  }
  return { doc: d.toJS({ maxAliasCount: 100 }), errors: [] };
}

/** Inline text when it looks like a document (several lines, or starts like JSON/YAML mapping); else a path. */
function looksLikeText(s: string): boolean {
  if (existsSync(s)) return false;
  const t = s.trimStart();
  return s.includes('\n') || t.startsWith('{') || t.startsWith('[') || /^[\w$"']+\s*:/.test(t);
}

/**
 * Reads a configuration given as a file path or as inline YAML/JSON text, and parses it. Problems (a file that
 * cannot be read, syntax errors with line and column) come back as issues; `source` names where it came from.
 * Every configuration file of Prognos (connectors, notifications) is read this way.
 */
export function readConfigDocument(pathOrText: string): { doc?: unknown; source: string; errors: ConfigIssue[] } {
  const inline = looksLikeText(pathOrText);
  const source = inline ? '(text)' : pathOrText;
  if (inline) return { source, ...parseConnectorsConfigText(pathOrText) };
  let text: string;
  try {
    text = readFileSync(pathOrText, 'utf8');
  } catch (err) {
    return { source, errors: [{ path: '', message: `cannot read the file: ${(err as Error).message}` }] };
  }
  return { source, ...parseConnectorsConfigText(text) };
}

/**
 * Loads a connectors configuration from a file path or from inline YAML/JSON text, migrates older versions and
 * validates every entry with its factory's schema. Throws ConnectorsConfigError listing every problem.
 */
export function loadConnectorsConfig(
  pathOrText: string,
  factories: readonly ConnectorFactory[],
): LoadedConnectorsConfig {
  const parsed = readConfigDocument(pathOrText);
  const source = parsed.source;
  if (parsed.errors.length > 0) throw new ConnectorsConfigError(parsed.errors, source);
  const res = validateConnectorsConfig(parsed.doc ?? {}, factories);
  if (!res.ok || !res.config) throw new ConnectorsConfigError(res.errors, source);
  return {
    config: res.config,
    errors: [],
    migrated: res.migrated,
    fromVersion: res.fromVersion,
    migrations: res.migrations,
    source,
  };
}

/** Writes a configuration back (YAML unless the path ends in .json), atomically so a crash never leaves half a file. */
export function saveConnectorsConfig(path: string, config: ConnectorsConfig): void {
  const text = path.endsWith('.json') ? `${JSON.stringify(config, null, 2)}\n` : stringify(config);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
