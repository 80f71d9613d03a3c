import { createDemoPlant, DEMO_SPEED, MqttGateway, PlantSimulator, runLive } from '@prognos/simulator';

export interface SimulateOptions {
  mqtt: string;
  api: string;
  register: boolean;
  speed?: number;
  seed: number;
  fault?: string[];
  ttfMinutes?: number;
  duration?: number;
  interval: number;
}

/** Runs the demo plant as an external gateway would: register the plant over HTTP, publish readings over MQTT. */
export async function simulateCommand(o: SimulateOptions): Promise<void> {
  const plant = createDemoPlant();
  const speed = o.speed ?? DEMO_SPEED;
  if (o.register) {
    const res = await fetch(`${o.api.replace(/\/$/, '')}/api/plant`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(plant),
    }).catch((e: Error) => {
      throw new Error(
        `cannot reach ${o.api} to register the plant (${e.message}); start the server or pass --no-register`,
      );
    });
    if (!res.ok) throw new Error(`registering the plant failed: ${res.status} ${await res.text()}`);
    console.log(`Registered ${plant.assets.length} assets and ${plant.sensors.length} sensors with ${o.api}`);
  }
  const sim = new PlantSimulator(plant, { seed: o.seed, speed, origin: Date.now() });
  for (const f of o.fault ?? []) {
    const [assetId, kind] = f.split(':');
    if (!assetId || !kind) throw new Error(`--fault expects ASSET:KIND, got "${f}"`);
    const ttf = o.ttfMinutes ? o.ttfMinutes * 60_000 * speed : undefined;
    const st = sim.injectFault(assetId, kind as never, { timeToFailureMs: ttf });
    console.log(`Injected ${kind} on ${assetId}; expected failure at ${new Date(st.expectedFailureAt).toISOString()}`);
  }
  const gw = await MqttGateway.connect(o.mqtt, { clientId: `prognos-sim-${process.pid}` });
  let published = 0;
  const live = runLive(sim, {
    intervalMs: o.interval,
    publish: async (readings) => {
      await gw.publish(readings);
      published += readings.length;
    },
  });
  sim.onEvent((e) => console.log(`[sim] ${new Date().toISOString()} ${JSON.stringify(e)}`));
  console.log(
    `Publishing ${plant.sensors.length} sensors every ${o.interval} ms to ${o.mqtt} (speed ${speed}×). Ctrl-C stops.`,
  );
  const status = setInterval(() => console.log(`[sim] ${published} readings published`), 10_000);
  const stop = async () => {
    clearInterval(status);
    live.stop();
    await gw.close();
    console.log(`Stopped after ${published} readings.`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  if (o.duration) setTimeout(() => void stop(), o.duration * 1000);
}
