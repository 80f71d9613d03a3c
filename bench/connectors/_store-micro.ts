import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@prognos/store';
async function run(assets: number, tsPerCall: number, assetsPerCall: number, total = 300000) {
  const s = openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'sm-')), 'x.db') });
  const per = tsPerCall * assetsPerCall * 100;
  const calls = Math.round(total / per);
  let t = Date.now() - 1000000;
  let a = 0;
  const t0 = performance.now();
  for (let c = 0; c < calls; c++) {
    const rs = [];
    for (let k = 0; k < assetsPerCall; k++) { a = (a + 1) % assets; for (let j = 0; j < tsPerCall; j++) for (let i = 0; i < 100; i++) rs.push({ sensor: `A${a}.S${i}`, ts: t + j, value: 50 + i + Math.random(), quality: 0 }); }
    t += tsPerCall;
    await s.readings.append(rs);
  }
  const ms = performance.now() - t0;
  console.log(`assets=${assets} ts/call=${tsPerCall} assets/call=${assetsPerCall} per=${per}:`, (ms / calls).toFixed(3), 'ms/call', Math.round(total / (ms / 1000)), 'readings/s');
  await s.close();
}
await run(20, 1, 1); await run(2, 1, 1); await run(1, 1, 1);
await run(20, 1, 10); await run(20, 1, 20); await run(20, 10, 1); await run(20, 5, 20);
