import { createDemoPlant, PlantSimulator } from './src/index';
const plant = createDemoPlant();
console.log(plant.assets.length, plant.sensors.length, plant.components.length);
const sim = new PlantSimulator(plant, { seed: 1, speed: 1, origin: Date.UTC(2025, 0, 6, 0) });
const stats = new Map<string, { min: number; max: number; sum: number; n: number }>();
const t0 = performance.now();
let events = 0;
sim.onEvent(() => events++);
const n = sim.backfill(Date.UTC(2025, 0, 6, 0), Date.UTC(2025, 0, 7, 0), 10_000, (b) => {
  for (const r of b) {
    const s = stats.get(r.sensor) ?? { min: Infinity, max: -Infinity, sum: 0, n: 0 };
    s.min = Math.min(s.min, r.value); s.max = Math.max(s.max, r.value); s.sum += r.value; s.n++;
    stats.set(r.sensor, s);
  }
});
console.log('readings', n, 'ms', (performance.now() - t0).toFixed(0), 'events', events);
for (const [k, s] of stats) {
  const sen = plant.sensors.find((x) => x.id === k)!;
  console.log(k.padEnd(18), s.min.toFixed(2).padStart(9), (s.sum / s.n).toFixed(2).padStart(9), s.max.toFixed(2).padStart(9), ` [${sen.min}, ${sen.max}] ${sen.unit}`);
}
console.log(sim.step(Date.UTC(2025, 0, 7, 0)).slice(0, 7));
