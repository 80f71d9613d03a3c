import type { ConnectorContext, ConnectorFactory } from '../contract';
import { type ModbusConfig, modbusConfigSchema } from './config';
import { ModbusConnector } from './connector';
import { parseModbusConfig } from './validate';

export * from './config';
export { ModbusConnector } from './connector';
export { decodeRegisters, encodeRegisters, registerCount } from './decode';
export { type ClassifiedError, classifyModbusError, type ModbusErrorClass, ModbusException } from './errors';
export { type PlannedItem, type PlanOptions, planReads, type ReadRequest, splitRequest } from './planner';
export { type BrowseRange, parseBrowsePath, referenceOf, tagOf } from './tags';
export { parseModbusConfig, validateModbusConfig } from './validate';

export interface ModbusFactory extends ConnectorFactory<ModbusConfig> {
  create(config: ModbusConfig, ctx: ConnectorContext): ModbusConnector;
}

/** The Modbus TCP/RTU connector factory: validates the entry (throws a BAD_REQUEST naming each field) and creates it. */
export const modbusFactory: ModbusFactory = {
  kind: 'modbus',
  schema: modbusConfigSchema as unknown as Record<string, unknown>,
  create(config: ModbusConfig, ctx: ConnectorContext): ModbusConnector {
    return new ModbusConnector(parseModbusConfig(config), ctx);
  },
};
