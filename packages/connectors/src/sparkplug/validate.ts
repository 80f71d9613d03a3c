import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileConfigSchema } from '../config/ajv-errors';
import { type SparkplugConfig, sparkplugConfigSchema } from './config';

let compiled: ValidateFunction | undefined;

function field(e: ErrorObject): string {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.');
  const join = (name: string) => (path ? `${path}.${name}` : name);
  if (e.keyword === 'required') return join(String(e.params.missingProperty));
  if (e.keyword === 'additionalProperties') return join(String(e.params.additionalProperty));
  if (e.keyword === 'propertyNames') return join(String(e.params.propertyName));
  return path || '(config)';
}

function message(e: ErrorObject): string {
  if (e.keyword === 'required') return 'is required';
  if (e.keyword === 'additionalProperties') return 'is not a known field';
  if (e.keyword === 'propertyNames') return 'must be a key {group}/{edgeNode}/{device}/{metric}';
  if (e.keyword === 'pattern' && e.instancePath === '/url')
    return 'must be a broker URL (mqtt://, mqtts://, ws://, wss://)';
  if (e.keyword === 'pattern') return "must not be empty or contain '/', '+' or '#' (Sparkplug id)";
  return e.message ?? 'is invalid';
}

/** Validates a Sparkplug connector entry against `sparkplugConfigSchema`; each problem names its field. */
export function validateSparkplugConfig(config: unknown): string[] {
  compiled ??= compileConfigSchema(sparkplugConfigSchema);
  if (compiled(config)) return [];
  const errors = (compiled.errors ?? []).filter((e) => e.keyword !== 'anyOf' && !e.schemaPath.startsWith('#/anyOf'));
  const out = errors.map((e) => `${field(e)}: ${message(e)}`);
  const c = config as Partial<SparkplugConfig> | null;
  if (c && typeof c === 'object' && c.groupId === undefined && c.groupIds === undefined) {
    out.push('groupId: is required (or groupIds, a list of groups)');
  }
  return [...new Set(out)];
}
