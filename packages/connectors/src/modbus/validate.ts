import { PrognosError } from '@prognos/core';
import Ajv, { type ErrorObject } from 'ajv';
import { type ModbusConfig, modbusConfigSchema } from './config';
import { registerCount } from './decode';

const ajv = new Ajv({ allErrors: true, strict: false });
const check = ajv.compile(modbusConfigSchema);

/** "/pollGroups/0/registers/2/address" → "pollGroups[0].registers[2].address" */
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
    case 'additionalProperties':
      return `${fieldPath(e.instancePath, String(p.additionalProperty))}: is not a known field`;
    case 'enum':
      return `${fieldPath(e.instancePath)}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${fieldPath(e.instancePath)}: must be ${JSON.stringify(p.allowedValue)}`;
    default:
      return `${fieldPath(e.instancePath)}: ${e.message ?? 'is not valid'}`;
  }
}

/**
 * Validates a Modbus connector entry: the JSON schema first, then the rules a schema cannot say (a transport is
 * given, coil functions carry bools, a value fits in one request and in the address space, each sensor is mapped
 * once). Returns one message per problem, each starting with the field path; empty when valid.
 */
export function validateModbusConfig(input: unknown): string[] {
  if (!check(input)) return (check.errors ?? []).map(describe);
  const c = input as unknown as ModbusConfig;
  const errors: string[] = [];
  if (!c.host && !c.serial) errors.push('host: is required (or serial.path for Modbus RTU)');
  const maxRegs = c.maxRegistersPerRead ?? 125;
  const groupNames = new Set<string>();
  const sensors = new Map<string, string>();
  c.pollGroups.forEach((g, gi) => {
    if (groupNames.has(g.name)) errors.push(`pollGroups[${gi}].name: "${g.name}" is used by another poll group`);
    groupNames.add(g.name);
    g.registers.forEach((r, ri) => {
      const at = `pollGroups[${gi}].registers[${ri}]`;
      const bits = r.function === 1 || r.function === 2;
      if (bits && r.type !== undefined && r.type !== 'bool') {
        errors.push(`${at}.type: function ${r.function} (coils/discrete inputs) only carries 'bool'`);
      }
      if (r.bit !== undefined && (bits || (r.type ?? 'uint16') !== 'bool')) {
        errors.push(`${at}.bit: only applies to type 'bool' on a register (function 3 or 4)`);
      }
      const n = bits ? 1 : registerCount(r.type ?? 'uint16');
      if (r.address + n - 1 > 65535) errors.push(`${at}.address: ${r.type} at ${r.address} runs past register 65535`);
      if (n > maxRegs) errors.push(`${at}.type: ${r.type} needs ${n} registers but maxRegistersPerRead is ${maxRegs}`);
      const prev = sensors.get(r.sensor);
      if (prev) errors.push(`${at}.sensor: "${r.sensor}" is already mapped by ${prev}`);
      else sensors.set(r.sensor, at);
    });
  });
  return errors;
}

/** Validates and returns the config typed, or throws a BAD_REQUEST PrognosError listing every problem. */
export function parseModbusConfig(input: unknown): ModbusConfig {
  const errors = validateModbusConfig(input);
  if (errors.length)
    throw new PrognosError('BAD_REQUEST', [`modbus connector config: ${errors.join('; ')}`], {
      errors,
    });
  return input as ModbusConfig;
}
