/** One sample of the Prometheus text exposition format: `name{label="value",…} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The parsed exposition: samples in order, and each family's TYPE (counter, gauge, histogram, …). */
export interface Exposition {
  samples: Sample[];
  types: Map<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;

/**
 * Parses the text exposition format (version 0.0.4), enough to check a scrape: HELP and TYPE comments, samples
 * with escaped label values, NaN and ±Inf. Throws on a line it cannot read, naming it, so a malformed scrape fails
 * loudly in tests and in `prognos` tooling alike.
 */
export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s+TYPE\s+(\S+)\s+(\S+)$/.exec(line);
      if (m) types.set(m[1]!, m[2]!);
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`line ${i + 1} is not a sample: ${line}`);
    samples.push({ name: m[1]!, labels: parseLabels(m[2] ?? '', i + 1), value: parseValue(m[3]!, i + 1) });
  }
  return { samples, types };
}

// Case-insensitive like Prometheus's own parser (Go's ParseFloat): prom-client writes NaN as "Nan".
function parseValue(s: string, line: number): number {
  const lower = s.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  if (lower === 'nan') return Number.NaN;
  const v = Number(s);
  if (Number.isNaN(v)) throw new Error(`line ${line}: value "${s}" is not a number`);
  return v;
}

function parseLabels(s: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < s.length) {
    const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/.exec(s.slice(i));
    if (!m) throw new Error(`line ${line}: labels "${s}" are not name="value" pairs`);
    i += m[0].length;
    let value = '';
    for (;;) {
      const c = s[i];
      if (c === undefined) throw new Error(`line ${line}: unterminated label value in "${s}"`);
      i++;
      if (c === '"') break;
      if (c === '\\') {
        const e = s[i++];
        value += e === 'n' ? '\n' : (e ?? '');
      } else value += c;
    }
    labels[m[1]!] = value;
    const rest = /^\s*,?/.exec(s.slice(i));
    i += rest ? rest[0].length : 0;
  }
  return labels;
}

/** Sum of the samples named `name` whose labels include all of `labels` (0 when there is none). */
export function sampleSum(e: Exposition, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const s of find(e, name, labels)) sum += s.value;
  return sum;
}

/** The samples named `name` whose labels include all of `labels`. */
export function find(e: Exposition, name: string, labels: Record<string, string> = {}): Sample[] {
  return e.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}
