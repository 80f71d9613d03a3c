import type { ConnectorFactory } from '../contract';
import { type OpcuaConfig, opcuaConfigSchema } from './config';
import { OpcuaConnector } from './connector';
import { parseOpcuaConfig } from './validate';

export { OBJECTS_FOLDER } from './browse';
export {
  OPCUA_SECURITY_POLICIES,
  type OpcuaConfig,
  type OpcuaSecurityMode,
  type OpcuaSecurityPolicy,
  type OpcuaTag,
  opcuaConfigSchema,
} from './config';
export { OpcuaConnector } from './connector';
export { OpcuaSetupError } from './security';
export { qualityFromStatus } from './status';
export { parseOpcuaConfig, validateOpcuaConfig } from './validate';

/** The OPC UA connector kind: validates its entry (throws a BAD_REQUEST PrognosError naming the fields) and builds it. */
export const opcuaFactory: ConnectorFactory<OpcuaConfig> = {
  kind: 'opcua',
  schema: opcuaConfigSchema,
  create(config, ctx) {
    return new OpcuaConnector(parseOpcuaConfig(config), ctx);
  },
};
