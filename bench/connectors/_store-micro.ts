import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@prognos/store';
const s = openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'sm-')), 'x.db') });
for (const per of [100, 1000, 10000]) {
  const calls = Math.round(300000 / per);
  let t = Date.now() - 100000;
  const t0 = performance.now();
  for (let c = 0; c < calls; c++) {
    const rs = [];
    for (let k = 0; k < per / 100; k++) { t++; for (let i = 0; i < 100; i++) rs.push({ sensor: `A${c%20}.S${i}`, ts: t, value: 50 + i, quality: 0 }); }
    await s.readings.append(rs);
  }
  const ms = performance.now() - t0;
  console.log(per, 'per call:', (ms / calls).toFixed(3), 'ms/call', Math.round(300000 / (ms / 1000)), 'readings/s');
}
await s.close();
