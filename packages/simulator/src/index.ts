export { DEMO_BEARING_TTF_MS, DEMO_FILTER_TTF_MS, DEMO_SPEED, demoScenario } from './demo';
export { DEMO_TECHNICIANS, demoPreventivePlans, demoWindows } from './demo-crew';
export { createDemoPlant, onlyAsset } from './demo-plant';
export { type LiveHandle, type LiveOptions, runLive } from './live';
export {
  MODBUS_ASSET_BLOCK,
  type ModbusRegisterMap,
  type ModbusServerHandle,
  type ModbusServerOptions,
  type ModbusValueSource,
  modbusRegisterMap,
  type SimModbusRegister,
  startModbusServer,
} from './modbus-server';
export type { ModelDef, SignalSpec } from './models/index';
export { faultKindsFor, modelFor } from './models/index';
export { type GatewayStats, MqttGateway, type MqttGatewayOptions } from './mqtt-gateway';
export {
  type OpcuaServerHandle,
  type OpcuaServerOptions,
  type OpcuaServerSecurityMode,
  type OpcuaSimConnectorConfig,
  type OpcuaValueSource,
  opcuaNodeId,
  opcuaTagMap,
  startOpcuaServer,
} from './opcua-server';
export { ambientBaseAt, demandAt } from './schedule';
export {
  type InjectSensorFaultOptions,
  SENSOR_FAULT_KINDS,
  SensorFaultInjector,
  type SensorFaultKind,
  type SensorFaultParams,
  type SensorFaultState,
  type SensorFaultTruth,
  type SensorNoiseOf,
  UNIT_COUNTERPARTS,
  unitCounterpart,
} from './sensor-faults';
export { PF_SHAPE, severityAt } from './severity';
export { DEFAULT_TIME_TO_FAILURE_MS, PlantSimulator } from './simulator';
export { SparkplugEdgeNode, type SparkplugEdgeOptions, type SparkplugEdgeStats } from './sparkplug-edge';
export {
  type AssetState,
  FAULT_KINDS,
  type FaultKind,
  type FaultLevels,
  type FaultState,
  type InjectFaultOptions,
  type PlantDefinition,
  type SimEvent,
  type SimEventType,
  type SimulatorOptions,
} from './types';
