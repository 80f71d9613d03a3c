import { PrognosError } from '@prognos/core';
import Ajv, { type ErrorObject } from 'ajv';
import { type OpcuaConfig, opcuaConfigSchema } from './config';
import { ua } from './ua';

const ajv = new Ajv({ allErrors: true, strict: false });
const check = ajv.compile(opcuaConfigSchema);

/** "/tags/0/nodeId" → "tags[0].nodeId" */
function fieldPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1);
  if (extra) parts.push(extra);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || '(config)';
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${fieldPath(e.instancePath, String(p.missingProperty))}: is required`;
    case 'dependencies':
      return `${fieldPath(e.instancePath, String(p.missingProperty))}: is required when ${p.property} is set`;
    case 'additionalProperties':
      return `${fieldPath(e.instancePath, String(p.additionalProperty))}: is not a known field`;
    case 'enum':
      return `${fieldPath(e.instancePath)}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${fieldPath(e.instancePath)}: must be ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return `${fieldPath(e.instancePath)}: must look like opc.tcp://host:port[/path]`;
    default:
      return `${fieldPath(e.instancePath)}: ${e.message ?? 'is not valid'}`;
  }
}

/**
 * Validates an OPC UA connector entry: the JSON schema first, then what a schema cannot say (node ids parse,
 * each sensor is mapped once, a deadband can be converted back to raw units). One message per problem, each
 * starting with the field path; empty when valid.
 */
export function validateOpcuaConfig(input: unknown): string[] {
  if (!check(input)) return (check.errors ?? []).map(describe);
  const c = input as unknown as OpcuaConfig;
  const errors: string[] = [];
  const sensors = new Map<string, string>();
  c.tags.forEach((t, i) => {
    const at = `tags[${i}]`;
    try {
      ua.resolveNodeId(t.nodeId);
    } catch {
      errors.push(`${at}.nodeId: "${t.nodeId}" is not an OPC UA node id (e.g. "ns=2;s=Pump1.Temp" or "ns=2;i=1042")`);
    }
    if (t.deadband && (t.deadbandType ?? 'absolute') === 'absolute' && t.scale === 0) {
      errors.push(`${at}.scale: must not be 0 when an absolute deadband is set`);
    }
    if (t.deadbandType === 'percent' && (t.deadband ?? 0) > 100) {
      errors.push(`${at}.deadband: a percent deadband must be 0..100`);
    }
    const prev = sensors.get(t.sensor);
    if (prev) errors.push(`${at}.sensor: "${t.sensor}" is already mapped by ${prev}`);
    else sensors.set(t.sensor, at);
  });
  if (c.securityMode === 'None' && c.securityPolicy) {
    errors.push('securityPolicy: only applies to securityMode Sign or SignAndEncrypt');
  }
  return errors;
}

/** Validates and returns the config typed, or throws a BAD_REQUEST PrognosError listing every problem. */
export function parseOpcuaConfig(input: unknown): OpcuaConfig {
  const errors = validateOpcuaConfig(input);
  if (errors.length) {
    throw new PrognosError('BAD_REQUEST', [`opcua connector config: ${errors.join('; ')}`], { errors });
  }
  return input as OpcuaConfig;
}
