/**
 * `prognos roi report --out FILE.pdf|FILE.csv`: the ROI report (business case, charts, evidence ledger) written to a
 * file, from a running server's API (--url) or in this process on the embedded store (-d, --data-dir), the same
 * report either way. The format follows the file's extension unless --format says otherwise.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

export interface RoiReportCommandOptions {
  out: string;
  format?: string;
  from?: string;
  to?: string;
  dataDir: string;
  url?: string;
}

type Format = 'pdf' | 'csv';

/** The format asked for: --format, else the extension of --out. */
export function reportFormat(out: string, format?: string): Format {
  const f = (format ?? extname(out).slice(1)).toLowerCase();
  if (f === 'pdf' || f === 'csv') return f;
  throw new Error(
    format
      ? `--format must be pdf or csv (got "${format}")`
      : `cannot tell the format from "${out}": name the file .pdf or .csv, or pass --format pdf|csv`,
  );
}

/** The report's bytes from a running server: GET /api/roi/report.<format>?from=&to=. */
async function fromServer(url: string, format: Format, o: RoiReportCommandOptions): Promise<Buffer> {
  const base = url.replace(/\/$/, '');
  const q = new URLSearchParams();
  if (o.from !== undefined) q.set('from', o.from);
  if (o.to !== undefined) q.set('to', o.to);
  const path = `${base}/api/roi/report.${format}${q.size > 0 ? `?${q}` : ''}`;
  const res = await fetch(path).catch((e: Error) => {
    throw new Error(`cannot reach Prognos at ${base} (${e.message}); is the server running? Or leave out --url`);
  });
  if (!res.ok) {
    const err = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new Error(`${err.code ?? res.status}: ${err.message ?? res.statusText}`);
  }
  return Buffer.from(await res.arrayBuffer());
}

/** The report's bytes computed here on the embedded store in `dataDir` (which must exist). */
async function fromStore(dataDir: string, format: Format, o: RoiReportCommandOptions): Promise<Buffer> {
  const [{ openSqliteStore }, roi] = await Promise.all([import('@prognos/store'), import('@prognos/server/roi')]);
  const range = roi.parseReportRange({ from: o.from, to: o.to }); // the same checks as the API's
  mkdirSync(dataDir, { recursive: true });
  const store = openSqliteStore({ path: join(dataDir, 'prognos.db') });
  try {
    const service = new roi.RoiService({ metadata: store.metadata });
    const report = await roi.loadRoiReport({ roi: service, metadata: store.metadata }, range);
    return format === 'pdf' ? await roi.renderRoiPdf(report) : Buffer.from(roi.renderRoiCsv(report), 'utf8');
  } finally {
    await store.close();
  }
}

export async function roiReportCommand(o: RoiReportCommandOptions): Promise<void> {
  const format = reportFormat(o.out, o.format);
  const bytes = o.url ? await fromServer(o.url, format, o) : await fromStore(o.dataDir, format, o);
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, bytes);
  console.log(
    `Wrote the ROI report (${format.toUpperCase()}, ${bytes.length.toLocaleString('en-US')} bytes) to ${o.out}`,
  );
}
