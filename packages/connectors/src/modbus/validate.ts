import { PrognosError } from '@prognos/core';
import { schemaChecker } from '../config/ajv-errors';
import { type ModbusConfig, modbusConfigSchema } from './config';
import { registerCount } from './decode';

const checkSchema = schemaChecker(modbusConfigSchema);

/**
 * Validates a Modbus connector entry: the JSON schema first, then the rules a schema cannot say (a transport is
 * given, coil functions carry bools, a value fits in one request and in the address space, each sensor is mapped
 * once). Returns one message per problem, each starting with the field path; empty when valid.
 */
export function validateModbusConfig(input: unknown): string[] {
  const schemaErrors = checkSchema(input);
  if (schemaErrors) return schemaErrors;
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
