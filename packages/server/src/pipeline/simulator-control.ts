import type { ConnectorConfigBase } from '@prognos/connectors';
import { PrognosError, type Reading } from '@prognos/core';
import {
  createDemoPlant,
  DEMO_SPEED,
  demoScenario,
  type FaultKind,
  type InjectSensorFaultOptions,
  type ModbusServerHandle,
  MqttGateway,
  modbusRegisterMap,
  type OpcuaServerHandle,
  opcuaTagMap,
  type PlantDefinition,
  PlantSimulator,
  runLive,
  type SensorFaultKind,
  type SensorFaultState,
  SparkplugEdgeNode,
  startModbusServer,
  startOpcuaServer,
} from '@prognos/simulator';
import type { MetadataStore, ReadingStore } from '@prognos/store';
import mqtt from 'mqtt';
import type { IngestService } from '../ingest-service';
import { freePort } from './free-port';

/** Which simulated machines the demo reaches through which protocol (the rest use the native MQTT topic). */
export const DEMO_TRANSPORTS = {
  /** the old lines: a PLC with Modbus TCP registers */
  modbus: ['G-401', 'M-201'],
  /** the new line: an OPC UA server */
  opcua: ['S-601'],
  /** utilities: a Sparkplug B edge node */
  sparkplug: ['C-301', 'F-501'],
  /** utilities: a plain MQTT JSON gateway with its own topics */
  mqtt: ['P-102'],
} as const;

/** Options of POST /api/simulator/sensor-faults besides sensor and kind: the simulator's, with wall-clock minutes. */
export type SensorFaultRequestOptions = Omit<InjectSensorFaultOptions, 'startAt' | 'durationMs'> & {
  durationMinutes?: number;
};

/** Registers a plant definition in the metadata store (idempotent). */
export async function registerPlant(metadata: MetadataStore, plant: PlantDefinition): Promise<void> {
  await metadata.upsertSite(plant.site);
  for (const a of plant.areas) await metadata.upsertArea(a);
  for (const l of plant.lines) await metadata.upsertLine(l);
  for (const a of plant.assets) await metadata.upsertAsset(a);
  for (const c of plant.components) await metadata.upsertComponent(c);
  for (const s of plant.sensors) await metadata.upsertSensor(s);
}

/**
 * The embedded demo plant: registers itself, back-fills healthy history on first start, then publishes live
 * readings through the embedded MQTT broker exactly as an external gateway would.
 */
export class SimulatorControl {
  readonly plant: PlantDefinition = createDemoPlant();
  readonly speed: number;
  readonly sim: PlantSimulator;
  private live?: { stop(): void };
  private gateway?: MqttGateway;
  private modbus?: ModbusServerHandle;
  private opcua?: OpcuaServerHandle;
  private edge?: SparkplugEdgeNode;
  private mqttRaw?: mqtt.MqttClient;
  private events: unknown[] = [];
  published = 0;

  constructor(opts: { seed: number; speed?: number; origin?: number }) {
    this.speed = opts.speed && opts.speed > 0 ? opts.speed : DEMO_SPEED;
    this.sim = new PlantSimulator(this.plant, {
      seed: opts.seed,
      speed: this.speed,
      origin: opts.origin ?? Date.now(),
    });
    this.sim.onEvent((e) => {
      this.events.push({ at: Date.now(), ...e });
      if (this.events.length > 200) this.events.shift();
    });
  }

  /** Registers the plant; back-fills `hours` of history when the store has none. Returns [from, to) of healthy history. */
  async prepare(
    metadata: MetadataStore,
    readings: ReadingStore,
    ingest: IngestService,
    hours: number,
    now: number,
  ): Promise<{ from: number; to: number; backfilled: number }> {
    await registerPlant(metadata, this.plant);
    await ingest.refreshSensors();
    const probe = this.plant.sensors[0]!.id;
    const last = (await readings.latest([probe])).get(probe);
    const from = now - hours * 3600_000;
    if (last && last.ts > from) return { from: Math.max(from, 0), to: last.ts, backfilled: 0 };
    let batch: import('@prognos/core').Reading[] = [];
    let pending: Promise<unknown> = Promise.resolve();
    const n = this.sim.backfill(from, now, 1000, (b) => {
      for (const r of b) batch.push(r);
      if (batch.length >= 50_000) {
        const out = batch;
        batch = [];
        pending = pending.then(() => readings.append(out));
      }
    });
    if (batch.length) pending = pending.then(() => readings.append(batch));
    await pending;
    await readings.flush();
    return { from, to: now, backfilled: n };
  }

  injectDemoFaults(now: number): void {
    demoScenario(this.sim, now);
  }

  /**
   * Starts the plant's device side the way a real plant would have it, and returns the connector entries that read
   * it: an "old line" (DEMO_TRANSPORTS.modbus) behind a Modbus TCP server, a "new line" (opcua) behind an OPC UA
   * server, two utilities machines through a Sparkplug B edge node, one through a plain MQTT JSON gateway with its
   * own topic layout (read by the generic MQTT connector), and one on Prognos's native MQTT ingest topic.
   * Without a broker every MQTT-side asset is stored directly.
   */
  async startLive(mqttUrl: string | undefined, ingest: IngestService): Promise<ConnectorConfigBase[]> {
    const t = DEMO_TRANSPORTS;
    const entries: ConnectorConfigBase[] = [];
    const assetOf = new Map(this.plant.sensors.map((s) => [s.id, s.assetId]));
    const route = (a: string): keyof typeof DEMO_TRANSPORTS | 'native' => {
      for (const k of Object.keys(t) as (keyof typeof DEMO_TRANSPORTS)[])
        if ((t[k] as readonly string[]).includes(a)) return k;
      return 'native';
    };
    // one step first, so the device servers never answer before there is a value
    this.sim.step(Math.floor(Date.now() / 1000) * 1000);

    const modbusPort = await freePort();
    this.modbus = await startModbusServer(this.sim, { port: modbusPort, host: '127.0.0.1', assets: [...t.modbus] });
    const regs = modbusRegisterMap(this.plant, t.modbus);
    entries.push({
      id: 'demo-modbus',
      kind: 'modbus',
      name: 'Old lines — Modbus TCP PLC',
      host: '127.0.0.1',
      port: modbusPort,
      unitId: 1,
      pollGroups: [
        { name: 'process', intervalMs: 1000, registers: regs.holding.map((r) => ({ ...r, expectedIntervalMs: 1000 })) },
      ],
    } as ConnectorConfigBase);

    const opcuaPort = await freePort();
    this.opcua = await startOpcuaServer({ port: opcuaPort, plant: this.plant, assets: [...t.opcua], source: this.sim });
    entries.push({
      ...opcuaTagMap(this.plant, t.opcua, this.opcua.endpointUrl, 'demo-opcua'),
      name: 'Machining cell — OPC UA server',
      samplingIntervalMs: 100,
      publishingIntervalMs: 100,
    } as ConnectorConfigBase);

    if (mqttUrl) {
      this.gateway = await MqttGateway.connect(mqttUrl, { clientId: 'prognos-embedded-simulator' });
      const devices: Record<string, string[]> = {};
      for (const a of t.sparkplug) devices[a] = this.plant.sensors.filter((s) => s.assetId === a).map((s) => s.id);
      this.edge = await SparkplugEdgeNode.connect(mqttUrl, {
        groupId: 'DemoWorks',
        edgeNodeId: 'utilities-gw',
        devices,
        plant: this.plant,
        qos: 1,
      });
      entries.push({
        id: 'demo-sparkplug',
        kind: 'sparkplug',
        name: 'Utilities — Sparkplug B edge node',
        url: mqttUrl,
        groupId: 'DemoWorks',
      } as ConnectorConfigBase);
      this.mqttRaw = await mqtt.connectAsync(mqttUrl, { clientId: 'prognos-demo-json-gateway' });
      entries.push({
        id: 'demo-mqtt',
        kind: 'mqtt',
        name: 'Utilities — MQTT JSON gateway',
        url: mqttUrl,
        protocolVersion: 4,
        mappings: [
          {
            topic: 'demoworks/utilities/{asset}/{tag}',
            sensor: '{asset}.{tag}',
            valuePath: 'v',
            timestampPath: 't',
            timestampUnit: 'ms',
          },
        ],
      } as ConnectorConfigBase);
    }
    const gw = this.gateway;
    const edge = this.edge;
    const raw = this.mqttRaw;
    this.live = runLive(this.sim, {
      intervalMs: 1000,
      publish: async (readings) => {
        const native: Reading[] = [];
        const spb: Reading[] = [];
        for (const r of readings) {
          const via = route(assetOf.get(r.sensor) ?? '');
          if (via === 'native' || (!raw && via !== 'modbus' && via !== 'opcua')) native.push(r);
          else if (via === 'sparkplug') spb.push(r);
          else if (via === 'mqtt' && raw) {
            const [asset, tag] = r.sensor.split(/\.(.*)/s);
            raw.publish(`demoworks/utilities/${asset}/${tag}`, JSON.stringify({ v: r.value, t: r.ts }), { qos: 1 });
          }
          // modbus and opcua assets are read by their connectors from the device servers
        }
        if (edge && spb.length) edge.publish(spb);
        if (native.length) {
          if (gw) gw.publish(native);
          else await ingest.store(native, 'simulator');
        }
        this.opcua?.update();
        this.published += readings.length;
      },
    });
    return entries;
  }

  /** Takes a simulated device server off the network (as a PLC or server failure would), for training and tests. */
  async stopDevice(kind: 'modbus' | 'opcua'): Promise<void> {
    if (kind === 'modbus') {
      await this.modbus?.close();
      this.modbus = undefined;
    } else {
      await this.opcua?.stop();
      this.opcua = undefined;
    }
  }

  status() {
    return {
      speed: this.speed,
      published: this.published,
      faults: this.sim.faults(),
      sensorFaults: this.sim.sensorFaults(),
      assets: this.sim.assetStates(),
      events: this.events.slice(-50),
    };
  }

  injectFault(assetId: string, kind: string, ttfMinutes?: number) {
    if (!this.plant.assets.some((a) => a.id === assetId)) throw new PrognosError('ASSET_NOT_FOUND', [assetId]);
    try {
      return this.sim.injectFault(
        assetId,
        kind as FaultKind,
        ttfMinutes ? { timeToFailureMs: ttfMinutes * 60_000 * this.speed } : {},
      );
    } catch (err) {
      throw new PrognosError('BAD_REQUEST', [(err as Error).message]);
    }
  }

  /**
   * Makes a simulated sensor lie (the machine stays healthy). Durations are wall-clock minutes: sensor faults are
   * faults of the instrument and last in wall time, unlike machine degradation, which the speed accelerates.
   */
  injectSensorFault(sensorId: string, kind: string, opts: SensorFaultRequestOptions = {}): SensorFaultState {
    if (!this.plant.sensors.some((s) => s.id === sensorId)) throw new PrognosError('SENSOR_NOT_FOUND', [sensorId]);
    const { durationMinutes, ...magnitudes } = opts;
    try {
      return this.sim.injectSensorFault(sensorId, kind as SensorFaultKind, {
        ...magnitudes,
        ...(durationMinutes !== undefined ? { durationMs: durationMinutes * 60_000 } : {}),
      });
    } catch (err) {
      if (err instanceof PrognosError) throw err;
      throw new PrognosError('BAD_REQUEST', [(err as Error).message]);
    }
  }

  clearSensorFault(id: string): { cleared: string } {
    if (!this.sim.clearSensorFault(id)) throw new PrognosError('SENSOR_FAULT_NOT_FOUND', [id]);
    return { cleared: id };
  }

  sensorFaults(): SensorFaultState[] {
    return this.sim.sensorFaults();
  }

  repair(assetId: string) {
    if (!this.plant.assets.some((a) => a.id === assetId)) throw new PrognosError('ASSET_NOT_FOUND', [assetId]);
    this.sim.repair(assetId);
    return { repaired: assetId };
  }

  async stop(): Promise<void> {
    this.live?.stop();
    await this.gateway?.close();
    await this.edge?.close();
    await this.mqttRaw?.endAsync();
    await this.modbus?.close();
    await this.opcua?.stop();
  }
}
