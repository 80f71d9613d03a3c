import type { Sensor, SensorContribution } from '@prognos/core';
import type { ComponentHealth, HealthDetail, HealthRul } from './api-types';
import { fmtDuration, fmtFullTime, fmtPercent, fmtTime, fmtValue } from './format';

type Tone = 'ok' | 'watch' | 'alarm' | 'unknown';

/** Below 70 the asset is on watch; 50 is the alert threshold (the health scale of analytics/health-index). */
const WATCH_BELOW = 70;
const ALARM_BELOW = 50;
/** A trend smaller than one health point per hour is noise on a 0..100 scale: call it steady. */
const STEADY_PER_HOUR = 1;

function toneOf(health: number): Tone {
  if (!Number.isFinite(health)) return 'unknown';
  return health >= WATCH_BELOW ? 'ok' : health >= ALARM_BELOW ? 'watch' : 'alarm';
}

function clampHealth(health: number): number {
  return Number.isFinite(health) ? Math.max(0, Math.min(100, health)) : 0;
}

/**
 * A rate in the unit that keeps the number readable: per hour, or per minute once it passes 120 points an hour
 * (health that moves that fast is a fault in progress — or the demo, whose plant runs 360× real time).
 */
function rate(perHour: number): { n: number; unit: 'hour' | 'minute' } {
  const a = Math.abs(perHour);
  return a > 120 ? { n: Math.round(a / 60), unit: 'minute' } : { n: Math.round(a), unit: 'hour' };
}

/** Remaining useful life from the health trend, with its interval and the failure probability. */
function RulLine({ rul }: { rul: HealthRul }) {
  const h = (hours: number) => fmtDuration(hours * 3_600_000);
  return (
    <div className="hp-rul" data-testid="health-rul" data-hours={rul.hours} data-probability={rul.failureProbability}>
      <span className="strong">Remaining useful life ≈ {h(rul.hours)}</span>{' '}
      <span className="muted">
        (90 %: {h(rul.lowerHours)} – {h(rul.upperHours)}) by the health trend toward failure at health {rul.threshold}
      </span>
      <span className={rul.failureProbability >= 0.5 ? 'text-alarm' : 'text-watch'}>
        {' '}
        · {fmtPercent(rul.failureProbability)} chance of failure within {rul.horizonHours} h
      </span>
    </div>
  );
}

/** "Falling 12 points per hour", "Rising 3 points per minute", "Steady". */
export function trendWords(perHour: number): string {
  if (!Number.isFinite(perHour) || Math.abs(perHour) < STEADY_PER_HOUR) return 'Steady';
  const { n, unit } = rate(perHour);
  return `${perHour < 0 ? 'Falling' : 'Rising'} ${n} ${n === 1 ? 'point' : 'points'} per ${unit}`;
}

function trendTone(perHour: number): string {
  if (!Number.isFinite(perHour) || Math.abs(perHour) < STEADY_PER_HOUR) return 'muted';
  return perHour < 0 ? 'text-watch' : 'text-ok';
}

/** The short form for a row: "↓ 12 /h", "↑ 3 /h", "→ steady". */
function trendShort(perHour: number): { arrow: string; text: string } {
  if (!Number.isFinite(perHour) || Math.abs(perHour) < STEADY_PER_HOUR) return { arrow: '→', text: 'steady' };
  const { n, unit } = rate(perHour);
  return { arrow: perHour < 0 ? '↓' : '↑', text: `${n} /${unit === 'hour' ? 'h' : 'min'}` };
}

/** A value in its unit, whole numbers from 100 up (speeds in rpm read 1480 rpm, not 1480.0 rpm). */
function fmtReading(value: number, unit: string): string {
  return fmtValue(value, unit, Math.abs(value) >= 100 ? 0 : undefined);
}

function OutsideNotice({ outside, sensors }: { outside: NonNullable<HealthDetail['outside']>; sensors: Sensor[] }) {
  const s = sensors.find((x) => x.id === outside.sensor);
  const name = s?.name ?? outside.sensor;
  const unit = s?.unit ?? '';
  return (
    <div className="hp-outside" data-testid="outside-envelope" role="status">
      <span className="hp-outside-icon" aria-hidden="true">
        !
      </span>
      <div>
        <strong>Running outside the trained operating range:</strong> {name} at {fmtReading(outside.value, unit)}{' '}
        (trained {fmtReading(outside.low, '')}–{fmtReading(outside.high, unit)}). Scores are shown but cannot raise an
        alert; retrain on a period that includes these conditions.
      </div>
    </div>
  );
}

function Drivers({ drivers, nameOf }: { drivers: SensorContribution[]; nameOf: (c: SensorContribution) => string }) {
  if (drivers.length === 0) return <span className="muted">no sensor stands out</span>;
  return (
    <ul className="hp-drivers" data-testid="health-drivers">
      {drivers.map((c) => (
        <li key={c.sensor} title={c.sensor}>
          <span className="hp-driver-name">{nameOf(c)}</span>{' '}
          <span className="hp-driver-pct muted">{Math.round(Math.max(0, Math.min(1, c.share)) * 100)}&nbsp;%</span>
        </li>
      ))}
    </ul>
  );
}

function ComponentRow({ c, nameOf }: { c: ComponentHealth; nameOf: (c: SensorContribution) => string }) {
  const tone = toneOf(c.health);
  const value = clampHealth(c.health);
  const trend = trendShort(c.trendPerHour);
  const top = c.drivers[0];
  return (
    <li
      className={`hp-row status-${tone}`}
      data-testid="component-row"
      data-component-id={c.id}
      data-health={Number.isFinite(c.health) ? Math.round(value) : ''}
    >
      <span className="hp-name" title={c.name}>
        {c.name}
      </span>
      {/* the number beside it says the same to a screen reader */}
      <div className="hp-bar" aria-hidden="true">
        <div className="hp-fill" style={{ width: `${value}%` }} />
        <div className="hp-tick hp-tick-watch" />
        <div className="hp-tick hp-tick-alarm" />
      </div>
      <span className={`hp-value text-${tone}`}>{Number.isFinite(c.health) ? Math.round(value) : '—'}</span>
      <span className={`hp-row-trend ${trendTone(c.trendPerHour)}`} title={trendWords(c.trendPerHour)}>
        <span aria-hidden="true">{trend.arrow}</span> {trend.text}
      </span>
      <span className="hp-row-driver muted" title={top ? top.sensor : undefined}>
        {top ? nameOf(top) : '—'}
      </span>
    </li>
  );
}

/**
 * The asset's health broken down: its trend in words, the sensors that drive it, one bar per component (worst
 * first, coloured like the asset statuses), and a notice while the machine runs outside the operating range its
 * model was trained on (its score is then shown but cannot open an alert).
 */
export function ComponentHealthPanel({ detail, sensors }: { detail?: HealthDetail; sensors: Sensor[] }) {
  const names = new Map(sensors.map((s) => [s.id, s.name]));
  const nameOf = (c: SensorContribution) => names.get(c.sensor) ?? c.name ?? c.sensor;

  return (
    <section
      className="card health-panel"
      data-testid="component-health-panel"
      data-state={detail ? 'ready' : 'empty'}
      aria-label="Health by component"
    >
      <div className="chart-head">
        <div className="chart-title">
          <div className="chart-name">Health by component</div>
          <div className="chart-sub" title={fmtFullTime(detail?.ts)}>
            100 = as healthy as its baseline · watch below 70 · 50 = alert threshold
            {detail && <> · {fmtTime(detail.ts)}</>}
          </div>
        </div>
      </div>
      {detail?.outside && <OutsideNotice outside={detail.outside} sensors={sensors} />}
      {!detail ? (
        <p className="muted small">Health per component appears after the first scored window.</p>
      ) : (
        <>
          <div className="hp-summary" data-testid="health-trend" data-trend={detail.trendPerHour}>
            <span className={`hp-trend ${trendTone(detail.trendPerHour)}`}>
              <span aria-hidden="true">{trendShort(detail.trendPerHour).arrow}</span> {trendWords(detail.trendPerHour)}
            </span>
            <span className="hp-drivers-label muted">Top contributors</span>
            <Drivers drivers={detail.drivers} nameOf={nameOf} />
          </div>
          {detail.rul && <RulLine rul={detail.rul} />}
          {detail.components.length > 0 && (
            <div className="hp-head muted" aria-hidden="true">
              <span>Component</span>
              <span className="hp-head-bar">Health</span>
              <span />
              <span>Trend</span>
              <span>Top contributor</span>
            </div>
          )}
          {detail.components.length > 0 && (
            <ol className="hp-list" data-testid="component-health">
              {[...detail.components]
                .sort(
                  (a, b) => (Number.isFinite(a.health) ? a.health : 101) - (Number.isFinite(b.health) ? b.health : 101),
                )
                .map((c) => (
                  <ComponentRow key={c.id} c={c} nameOf={nameOf} />
                ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
