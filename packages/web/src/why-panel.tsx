import type { WhyDeviation, WhyPanel as WhyPanelData } from '@prognos/core';
import { useState } from 'react';
import { api } from './api';
import type { Downsample } from './api-types';
import { fmtValue } from './format';
import { routes } from './router';
import { ErrorState, Loading } from './state-views';
import { useAsync } from './use-async';
import { whyApi } from './why-api';

/** Points per charted sensor: a trend to glance at, not a chart to study (the sensor page has that). */
const BUCKETS = 60;

/** One charted sensor: its readings (average line) over the panel's period, with its normal band shaded. */
function MiniTrend({ sensor, from, to, dev }: { sensor: string; from: number; to: number; dev?: WhyDeviation }) {
  const { data, error } = useAsync(`why-chart:${sensor}:${from}:${to}`, () =>
    api.downsample(sensor, from, to, BUCKETS),
  );
  const name = dev?.name ?? sensor;
  if (error) return <div className="why-trend muted small">{name}: no readings to chart</div>;
  if (!data) return <div className="why-trend muted small">{name}: loading…</div>;
  return <TrendSvg data={data} name={name} dev={dev} />;
}

function TrendSvg({ data, name, dev }: { data: Downsample; name: string; dev?: WhyDeviation }) {
  const w = 240;
  const h = 56;
  const pts = data.ts.map((t, i) => [t, data.avg[i]] as const).filter(([, v]) => Number.isFinite(v));
  if (pts.length < 2) return <div className="why-trend muted small">{name}: not enough readings yet</div>;
  const vals = pts.map(([, v]) => v as number);
  let lo = Math.min(...vals, ...(dev ? [dev.low] : []));
  let hi = Math.max(...vals, ...(dev ? [dev.high] : []));
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const x = (t: number) => ((t - data.from) / (data.to - data.from || 1)) * w;
  const y = (v: number) => h - 2 - ((v - lo) / (hi - lo)) * (h - 4);
  const line = pts.map(([t, v]) => `${x(t).toFixed(1)},${y(v as number).toFixed(1)}`).join(' ');
  const last = vals[vals.length - 1] as number;
  return (
    <figure className="why-trend" data-testid="why-trend" data-sensor={data.sensor}>
      <figcaption className="small">
        {name} <span className="muted">now {fmtValue(last, dev?.unit ?? '')}</span>
      </figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" role="img" aria-label={`${name} trend`}>
        {dev && (
          <rect x={0} width={w} y={y(dev.high)} height={Math.max(1, y(dev.low) - y(dev.high))} className="why-band" />
        )}
        <polyline points={line} fill="none" stroke="currentColor" strokeWidth="1.6" vectorEffect="non-scaling-stroke" />
      </svg>
    </figure>
  );
}

function DeviationsTable({ rows }: { rows: WhyDeviation[] }) {
  return (
    <div className="table-scroll">
      <table className="why-deviations" data-testid="why-deviations">
        <thead>
          <tr>
            <th>Sensor</th>
            <th className="num">Now</th>
            <th className="num">Normal</th>
            <th className="num">Difference</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.sensor} data-testid="why-deviation" data-direction={d.direction} title={d.text}>
              <td data-label="Sensor">{d.name}</td>
              <td className="num" data-label="Now">
                {fmtValue(d.value, d.unit)}
              </td>
              <td className="num" data-label="Normal">
                {fmtValue(d.low, '')}–{fmtValue(d.high, d.unit)}
              </td>
              <td className={`num why-${d.direction}`} data-label="Difference">
                {d.direction === 'within'
                  ? 'within'
                  : `${d.delta >= 0 ? '+' : '−'}${fmtValue(Math.abs(d.delta), d.unit)}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A why panel's content: what deviates, the likely cause, what to check first, the procedure and lessons. */
export function WhyPanelView({ why }: { why: WhyPanelData }) {
  const devs = new Map(why.deviations.map((d) => [d.sensor, d]));
  // A typical symptom is seen unless the ranking listed it as missing ("<symptom> — not seen: …").
  const cause = why.cause;
  const matched = new Set(
    cause && cause.matched.length > 0
      ? cause.typicalSymptoms.filter((s) => !cause.missing.some((m) => m.startsWith(`${s} — `)))
      : [],
  );
  return (
    <div className="why-panel" data-testid="why-panel" data-subject={why.subject}>
      <p className="why-headline" data-testid="why-headline">
        {why.headline}
      </p>
      {why.deviations.length > 0 && <DeviationsTable rows={why.deviations} />}
      {why.chart && why.chart.sensors.length > 0 && (
        <div className="why-trends">
          {why.chart.sensors.map((s) => (
            <MiniTrend key={s} sensor={s} from={why.chart!.from} to={why.chart!.to} dev={devs.get(s)} />
          ))}
        </div>
      )}
      {why.cause && (
        <section className="why-cause" data-testid="why-cause">
          <h3>
            Likely cause: {why.cause.name} <span className="muted small">({why.cause.component})</span>
          </h3>
          <p className="muted small">Typical symptoms of this failure mode:</p>
          <ul className="why-symptoms">
            {why.cause.typicalSymptoms.map((s) => (
              <li key={s} className={matched.has(s) ? 'seen' : ''}>
                <span aria-hidden="true">{matched.has(s) ? '✓' : '·'}</span> {s}
              </li>
            ))}
          </ul>
          {why.cause.matched.length > 0 && (
            <p className="small">
              <strong>Seen:</strong> {why.cause.matched.join('; ')}
            </p>
          )}
          {why.cause.missing.length > 0 && (
            <p className="small muted">
              <strong>Not seen:</strong> {why.cause.missing.join('; ')}
            </p>
          )}
        </section>
      )}
      {why.checkFirst.length > 0 && (
        <section>
          <h3>Check first</h3>
          <ol className="why-check" data-testid="why-check-first">
            {why.checkFirst.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ol>
        </section>
      )}
      {why.procedure && (
        <a className="btn why-procedure" data-testid="why-procedure" href={routes.procedure(why.procedure.id)}>
          Procedure: {why.procedure.title} · v{why.procedure.version} · {why.procedure.steps} steps · about{' '}
          {why.procedure.estimatedMinutes} min
        </a>
      )}
      {why.notes.length > 0 && (
        <ul className="why-notes small">
          {why.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {why.lessons.length > 0 && (
        <nav className="why-lessons" aria-label="Lessons">
          <span className="muted small">Learn more:</span>
          {why.lessons.map((l) => (
            <a key={l.id} className="why-lesson" data-testid="why-lesson" href={routes.lesson(l.id)}>
              {l.title}
            </a>
          ))}
        </nav>
      )}
    </div>
  );
}

/** Loads and shows the why panel of an alert (or of an asset's health or RUL). */
export function WhyPanel({
  alertId,
  assetId,
  subject = 'alert',
  reloadKey = 0,
}: {
  alertId?: string;
  assetId?: string;
  subject?: 'alert' | 'health' | 'rul';
  /** Changes when the subject changed (an alert update): the panel reloads. */
  reloadKey?: number | string;
}) {
  const key = `why:${subject}:${alertId ?? assetId}:${reloadKey}`;
  const { data, error, reload } = useAsync(key, () =>
    subject === 'alert' || !assetId ? whyApi.alertWhy(alertId ?? '') : whyApi.assetWhy(assetId, subject),
  );
  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load the explanation" />;
    return <Loading label="Loading the explanation…" />;
  }
  return <WhyPanelView why={data} />;
}

/** A collapsible "Why …?" section (the asset page's health and prediction): loaded when first opened. */
export function WhySection({ title, assetId, subject }: { title: string; assetId: string; subject: 'health' | 'rul' }) {
  const [open, setOpen] = useState(false);
  return (
    <details
      className="card pad why-section"
      data-testid={`why-${subject}`}
      onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
    >
      <summary>{title}</summary>
      {open && <WhyPanel assetId={assetId} subject={subject} />}
    </details>
  );
}
