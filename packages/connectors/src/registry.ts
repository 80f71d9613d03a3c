import type { ConnectorFactory } from './contract';
import { csvFactory } from './csv/index';
import { modbusFactory } from './modbus/index';
import { mqttFactory } from './mqtt/index';
import { opcuaFactory } from './opcua/index';
import { sparkplugFactory } from './sparkplug/index';

/** Every protocol Prognos speaks; the server and the CLI pick connectors from here by `kind`. */
export const connectorFactories: readonly ConnectorFactory[] = [
  modbusFactory as unknown as ConnectorFactory,
  opcuaFactory as unknown as ConnectorFactory,
  mqttFactory as unknown as ConnectorFactory,
  sparkplugFactory as unknown as ConnectorFactory,
  csvFactory as unknown as ConnectorFactory,
];
