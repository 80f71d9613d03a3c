/**
 * Synthetic run-to-failure histories in C-MAPSS text (unit, cycle, 3 settings, 21 sensors), so that tests never
 * need the NASA files: two operating regimes, two sensors that drift with wear accelerating toward failure (one up,
 * one down), the other sensors regime levels plus noise.
 */

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface CmapssFixture {
  /** C-MAPSS text of every unit. */
  text: string;
  /** True remaining cycles after the last row of each unit (0 for run-to-failure). */
  rul: number[];
}

/**
 * `units` engines; with `cut`, each history stops before failure (a test file) and `rul` holds the cycles left.
 */
export function cmapssFleet(units: number, seed: number, cut = false): CmapssFixture {
  const rand = lcg(seed);
  const rows: string[] = [];
  const rul: number[] = [];
  for (let u = 1; u <= units; u++) {
    const life = 120 + Math.floor(rand() * 120);
    const keep = cut ? 20 + Math.floor(rand() * (life - 25)) : life;
    rul.push(life - keep);
    for (let c = 1; c <= keep; c++) {
      const high = rand() < 0.5;
      const wear = Math.exp((c - life) / 25);
      const noise = () => 0.3 * (rand() - 0.5);
      const settings = [high ? 35 : 10, high ? 0.84 : 0.25, 100];
      const sensors = Array.from({ length: 21 }, (_, i) => {
        const level = (high ? 500 : 540) + 10 * i;
        if (i === 1) return level + 3 * wear + noise();
        if (i === 6) return level - 2 * wear + noise();
        return i % 5 === 4 ? level : level + noise();
      });
      rows.push([u, c, ...settings, ...sensors.map((v) => v.toFixed(4))].join(' '));
    }
  }
  return { text: `${rows.join(' \n')} \n`, rul };
}
