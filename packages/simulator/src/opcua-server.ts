import { timingSafeEqual } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QualityReason, qualityReason, qualityState, type Reading, type Sensor, unitDef } from '@prognos/core';
import type * as UA from 'node-opcua-client';
import type { PlantDefinition } from './types';

/**
 * node-opcua is loaded on first use, so importing the simulator (CLI, tests) does not pay for it. It ships
 * CommonJS; named ESM imports of some symbols fail at run time, so the default exports are destructured.
 */
async function loadOpcua() {
  const [server, client, cm] = await Promise.all([
    import('node-opcua-server'),
    import('node-opcua-client'),
    import('node-opcua-certificate-manager'),
  ]);
  return {
    OPCUAServer: server.default.OPCUAServer,
    OPCUACertificateManager: cm.default.OPCUACertificateManager,
    ...client.default,
  };
}
type Opcua = Awaited<ReturnType<typeof loadOpcua>>;

/** Where the values come from: the latest reading of each sensor (e.g. fed from PlantSimulator.step()). */
export interface OpcuaValueSource {
  latest(): ReadonlyMap<string, Reading>;
}

export type OpcuaServerSecurityMode = 'None' | 'Sign' | 'SignAndEncrypt';

export interface OpcuaServerOptions {
  port: number;
  plant: PlantDefinition;
  /** Asset ids to expose (default: every asset of the plant). */
  assets?: readonly string[];
  source: OpcuaValueSource;
  /** Default ['None']. Sign/SignAndEncrypt endpoints offer Basic256Sha256, Aes128_Sha256_RsaOaep and Aes256_Sha256_RsaPss. */
  securityModes?: readonly OpcuaServerSecurityMode[];
  /** Username/password logins accepted besides anonymous. */
  users?: readonly { username: string; password: string }[];
  /** Default true. */
  allowAnonymous?: boolean;
  /** Server PKI folder (its own certificate, created on first start; client certificates are trusted automatically). */
  pkiDir?: string;
  /** Listen and advertise address (default 127.0.0.1: loopback only). */
  host?: string;
  /** How often the source is read and new readings are published into the address space (default 100 ms). */
  updateIntervalMs?: number;
}

export interface OpcuaServerHandle {
  endpointUrl: string;
  port: number;
  /** Node id of each exposed sensor, by sensor id. */
  nodeIds: ReadonlyMap<string, string>;
  /** Publishes the source's latest readings now (also done every updateIntervalMs). */
  update(): void;
  stop(): Promise<void>;
}

/** The node id under which the simulator server exposes a sensor. */
export function opcuaNodeId(sensorId: string): string {
  return `ns=1;s=${sensorId}`;
}

/**
 * UN/CEFACT Recommendation 20 common codes of the core unit symbols: OPC UA EUInformation identifies units by them
 * (OPC UA Part 8 §5.6.3).
 */
const UNECE: Record<string, string> = {
  degC: 'CEL',
  degF: 'FAH',
  K: 'KEL',
  Pa: 'PAL',
  kPa: 'KPA',
  MPa: 'MPA',
  bar: 'BAR',
  psi: 'PS',
  'mm/s': 'C16',
  'in/s': 'IU',
  g: 'K40',
  'm/s2': 'MSK',
  A: 'AMP',
  mA: '4K',
  V: 'VLT',
  W: 'WTT',
  kW: 'KWT',
  rpm: 'RPM',
  Hz: 'HTZ',
  'm3/h': 'MQH',
  'L/min': 'L2',
  'L/s': 'G51',
  'kg/h': 'E93',
  '%': 'P1',
  Nm: 'NU',
  mm: 'MMT',
  um: '4H',
  s: 'SEC',
  min: 'MIN',
  h: 'HUR',
  kWh: 'KWH',
  '1': 'C62',
};

/** Part 8 §5.6.3: UnitId packs the common code's characters, one byte each, last character lowest. */
function unitId(code: string): number {
  let id = 0;
  for (const ch of code) id = (id << 8) | ch.charCodeAt(0);
  return id >>> 0;
}

function engineeringUnits(unit: string) {
  const code = UNECE[unit];
  const label = unitDef(unit)?.label ?? unit;
  return {
    namespaceUri: 'http://www.opcfoundation.org/UA/units/un/cefact',
    unitId: code ? unitId(code) : -1,
    displayName: { text: label },
    description: { text: unit },
  };
}

/** The quality byte of a simulated reading as an OPC UA status code (the inverse of the connector's mapping). */
function statusOf(StatusCodes: Opcua['StatusCodes'], quality: number): UA.StatusCode {
  const state = qualityState(quality);
  const reason = qualityReason(quality);
  if (state === 'good') return StatusCodes.Good;
  if (state === 'suspect') {
    if (reason === QualityReason.OUT_OF_RANGE) return StatusCodes.UncertainEngineeringUnitsExceeded;
    if (reason === QualityReason.SENSOR_FAILURE) return StatusCodes.UncertainSensorNotAccurate;
    return StatusCodes.Uncertain;
  }
  if (reason === QualityReason.SENSOR_FAILURE) return StatusCodes.BadSensorFailure;
  if (reason === QualityReason.DEVICE_FAILURE) return StatusCodes.BadDeviceFailure;
  if (reason === QualityReason.COMM_FAILURE) return StatusCodes.BadCommunicationError;
  if (reason === QualityReason.OUT_OF_RANGE) return StatusCodes.BadOutOfRange;
  return StatusCodes.Bad;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Exposes simulated machines over OPC UA like a PLC would: Objects/Plant/<line>/<asset>/<sensor>, each sensor an
 * AnalogItem (Double) with EngineeringUnits and EURange, its value and source timestamp taken from the latest
 * simulated reading and its quality turned into a status code.
 */
export async function startOpcuaServer(opts: OpcuaServerOptions): Promise<OpcuaServerHandle> {
  const { plant, port } = opts;
  const host = opts.host ?? '127.0.0.1';
  const modes = opts.securityModes?.length ? opts.securityModes : (['None'] as const);
  const secure = modes.some((m) => m !== 'None');
  const chosen = new Set(opts.assets ?? plant.assets.map((a) => a.id));
  for (const id of chosen) {
    if (!plant.assets.some((a) => a.id === id)) throw new Error(`asset ${id} is not in the plant`);
  }
  const users = opts.users ?? [];
  const { OPCUAServer, OPCUACertificateManager, DataType, MessageSecurityMode, SecurityPolicy, StatusCodes, Variant } =
    await loadOpcua();
  const cm = new OPCUACertificateManager({
    rootFolder: opts.pkiDir ?? join(tmpdir(), `prognos-opcua-server-${port}`),
    automaticallyAcceptUnknownCertificate: true,
  });
  await cm.initialize();
  const server = new OPCUAServer({
    port,
    host,
    hostname: host === '0.0.0.0' || host === '::' ? undefined : host,
    serverCertificateManager: cm,
    allowAnonymous: opts.allowAnonymous ?? true,
    userManager: {
      isValidUser: (username: string, password: string) =>
        users.some((u) => sameSecret(u.username, username) && sameSecret(u.password, password)),
    },
    securityModes: modes.map((m) => MessageSecurityMode[m]),
    securityPolicies: [
      ...(modes.includes('None') ? [SecurityPolicy.None] : []),
      ...(secure
        ? [SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep, SecurityPolicy.Aes256_Sha256_RsaPss]
        : []),
    ],
    serverInfo: { applicationUri: 'urn:prognos:simulator', productUri: 'urn:prognos:simulator' },
    buildInfo: { productName: 'Prognos plant simulator', manufacturerName: 'Prognos', softwareVersion: '0.1.0' },
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace;
  if (!addressSpace) throw new Error('OPC UA server has no address space');
  const ns = addressSpace.getOwnNamespace();
  const root = ns.addFolder(addressSpace.rootFolder.objects, { browseName: 'Plant', nodeId: 's=Plant' });
  const variables = new Map<string, ReturnType<typeof ns.addAnalogDataItem>>();
  const nodeIds = new Map<string, string>();
  for (const line of plant.lines) {
    const assets = plant.assets.filter((a) => a.lineId === line.id && chosen.has(a.id));
    if (!assets.length) continue;
    const lineFolder = ns.addFolder(root, {
      browseName: line.id,
      displayName: line.name,
      nodeId: `s=Plant/${line.id}`,
    });
    for (const asset of assets) {
      const assetNode = ns.addObject({
        organizedBy: lineFolder,
        browseName: asset.id,
        displayName: `${asset.id} ${asset.name}`,
        nodeId: `s=Plant/${line.id}/${asset.id}`,
      });
      for (const sensor of plant.sensors.filter((s: Sensor) => s.assetId === asset.id)) {
        const v = ns.addAnalogDataItem({
          componentOf: assetNode,
          browseName: sensor.id.startsWith(`${asset.id}.`) ? sensor.id.slice(asset.id.length + 1) : sensor.id,
          displayName: sensor.name,
          nodeId: `s=${sensor.id}`,
          dataType: 'Double',
          engineeringUnitsRange: { low: sensor.min, high: sensor.max },
          engineeringUnits: engineeringUnits(sensor.unit),
          // Values change only when the source has a new reading; clients may sample as fast as they like.
          minimumSamplingInterval: 0,
        });
        v.setValueFromSource({ dataType: DataType.Null }, StatusCodes.BadWaitingForInitialData);
        variables.set(sensor.id, v);
        nodeIds.set(sensor.id, opcuaNodeId(sensor.id));
      }
    }
  }
  const lastTs = new Map<string, number>();
  const update = () => {
    const latest = opts.source.latest();
    for (const [id, v] of variables) {
      const r = latest.get(id);
      if (!r || lastTs.get(id) === r.ts) continue;
      lastTs.set(id, r.ts);
      v.setValueFromSource(
        new Variant({ dataType: DataType.Double, value: r.value }),
        statusOf(StatusCodes, r.quality),
        new Date(r.ts),
      );
    }
  };
  update();
  await server.start();
  const timer = setInterval(update, opts.updateIntervalMs ?? 100);
  timer.unref?.();
  return {
    endpointUrl: `opc.tcp://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`,
    port,
    nodeIds,
    update,
    async stop() {
      clearInterval(timer);
      await server.shutdown(0);
      await cm.dispose().catch(() => {});
    },
  };
}

/** A connector entry (kind 'opcua') that maps the chosen assets' sensors of the simulator server to Prognos sensors. */
export interface OpcuaSimConnectorConfig {
  id: string;
  kind: 'opcua';
  endpointUrl: string;
  tags: { nodeId: string; sensor: string; unit: string; expectedIntervalMs: number }[];
}

export function opcuaTagMap(
  plant: PlantDefinition,
  assets: readonly string[],
  endpointUrl: string,
  id = 'opcua-sim',
): OpcuaSimConnectorConfig {
  const chosen = new Set(assets);
  return {
    id,
    kind: 'opcua',
    endpointUrl,
    tags: plant.sensors
      .filter((s) => chosen.has(s.assetId))
      .map((s) => ({
        nodeId: opcuaNodeId(s.id),
        sensor: s.id,
        unit: s.unit,
        expectedIntervalMs: Math.round(1000 / (s.sampleRateHz || 1)),
      })),
  };
}
