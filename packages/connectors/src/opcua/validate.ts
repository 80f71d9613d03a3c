import { PrognosError } from '@prognos/core';
import type { ErrorObject } from 'ajv';
import { fieldPath, schemaChecker } from '../config/ajv-errors';
import { type OpcuaConfig, opcuaConfigSchema } from './config';
import { ua } from './ua';

/** The OPC UA wording for the keywords the shared describer does not know or words generically. */
function describeOpcua(e: ErrorObject): string | undefined {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'dependencies') {
    return `${fieldPath(e.instancePath, String(p.missingProperty))}: is required when ${p.property} is set`;
  }
  if (e.keyword === 'pattern') return `${fieldPath(e.instancePath)}: must look like opc.tcp://host:port[/path]`;
  return undefined;
}

const checkSchema = schemaChecker(opcuaConfigSchema, describeOpcua);

/**
 * Validates an OPC UA connector entry: the JSON schema first, then what a schema cannot say (node ids parse,
 * each sensor is mapped once, a deadband can be converted back to raw units). One message per problem, each
 * starting with the field path; empty when valid.
 */
export function validateOpcuaConfig(input: unknown): string[] {
  const schemaErrors = checkSchema(input);
  if (schemaErrors) return schemaErrors;
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
