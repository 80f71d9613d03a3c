import { PrognosError } from '@prognos/core';
import {
  createDemoPlant,
  DEMO_SPEED,
  demoScenario,
  type FaultKind,
  MqttGateway,
  type PlantDefinition,
  PlantSimulator,
  runLive,
} from '@prognos/simulator';
import type { MetadataStore, ReadingStore } from '@prognos/store';
import type { IngestService } from '../ingest-service';

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

  async startLive(mqttUrl: string | undefined, ingest: IngestService): Promise<void> {
    if (mqttUrl) this.gateway = await MqttGateway.connect(mqttUrl, { clientId: 'prognos-embedded-simulator' });
    const gw = this.gateway;
    this.live = runLive(this.sim, {
      intervalMs: 1000,
      publish: async (readings) => {
        if (gw) await gw.publish(readings);
        else await ingest.store(readings);
        this.published += readings.length;
      },
    });
  }

  status() {
    return {
      speed: this.speed,
      published: this.published,
      faults: this.sim.faults(),
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

  repair(assetId: string) {
    if (!this.plant.assets.some((a) => a.id === assetId)) throw new PrognosError('ASSET_NOT_FOUND', [assetId]);
    this.sim.repair(assetId);
    return { repaired: assetId };
  }

  async stop(): Promise<void> {
    this.live?.stop();
    await this.gateway?.close();
  }
}
