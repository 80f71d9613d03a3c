import { createDemoPlant, faultKindsFor, PlantSimulator, type FaultKind } from './src/index';
const plant = createDemoPlant();
const T0 = Date.UTC(2025, 0, 6, 8);
for (const a of plant.assets) {
  for (const kind of faultKindsFor(a.type)) {
    const mk = () => new PlantSimulator(plant, { seed: 7, speed: 360, origin: T0, randomStops: false });
    const h = mk(); const f = mk();
    const st = f.injectFault(a.id, kind as FaultKind, { startAt: T0 });
    const sumsH = new Map<string, number>(); const sumsF = new Map<string, number>();
    let failTs = 0;
    f.onEvent((e) => { if (e.type === 'asset_failed') failTs = e.ts; });
    let n = 0;
    for (let t = T0; t <= T0 + 14 * 60_000; t += 1000) {
      const rh = h.step(t); const rf = f.step(t);
      const x = (t - T0) / (12 * 60_000);
      if (x >= 0.7 && x < 0.98) {
        n++;
        for (let i = 0; i < rh.length; i++) {
          if (!rh[i]!.sensor.startsWith(a.id)) continue;
          sumsH.set(rh[i]!.sensor, (sumsH.get(rh[i]!.sensor) ?? 0) + rh[i]!.value);
          sumsF.set(rf[i]!.sensor, (sumsF.get(rf[i]!.sensor) ?? 0) + rf[i]!.value);
        }
      }
    }
    const parts = [...sumsH.keys()].map((k) => {
      const hv = sumsH.get(k)! / n, fv = sumsF.get(k)! / n;
      const rel = (fv - hv) / (Math.abs(hv) + 1e-9);
      return `${k.split('.')[1]}:${rel >= 0 ? '+' : ''}${(rel * 100).toFixed(1)}%`;
    });
    console.log(a.id, kind.padEnd(14), 'fail dt(s)', (failTs - st.expectedFailureAt) / 1000, parts.join(' '));
  }
}
