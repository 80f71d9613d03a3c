export { DEMO_BEARING_TTF_MS, DEMO_FILTER_TTF_MS, DEMO_SPEED, demoScenario } from './demo';
export { createDemoPlant } from './demo-plant';
export { type LiveHandle, type LiveOptions, runLive } from './live';
export type { ModelDef, SignalSpec } from './models/index';
export { faultKindsFor, modelFor } from './models/index';
export { type GatewayStats, MqttGateway, type MqttGatewayOptions } from './mqtt-gateway';
export { ambientBaseAt, demandAt } from './schedule';
export { PF_SHAPE, severityAt } from './severity';
export { DEFAULT_TIME_TO_FAILURE_MS, PlantSimulator } from './simulator';
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
