import { useMemo, useState } from 'react';
import { api } from './api';
import type { SensorQuality, SensorQualityState } from './api-types';
import { FilterToolbar } from './filter-toolbar';
import { QualityAssetScores } from './quality-asset-scores';
import { QualitySensorRow } from './quality-sensor-row';
import { SensorFaultInject } from './sensor-fault-inject';
import { EmptyState, ErrorState, Loading } from './state-views';
import { RangeSelect, TIME_RANGES } from './time-range';
import { useAsync, useNow } from './use-async';
import { type IntervalWant, useFlaggedIntervals } from './use-flagged-intervals';
import { useQualityOverview } from './use-quality';

type Filter = 'all' | SensorQualityState;

/** Sensors whose timeline needs fetching: flagged now or ever; a never-flagged sensor's timeline is known empty. */
function timelineWants(sensors: SensorQuality[]): IntervalWant[] {
  return sensors
    .filter((s) => s.state !== 'good' || s.lastFlagAt !== null)
    .map((s) => ({ id: s.sensorId, key: `${s.state}:${s.lastFlagAt}` }));
}

const NO_INTERVALS: never[] = [];
const NO_SENSORS: SensorQuality[] = [];

export function QualityPage() {
  const { data, error, loading, reload } = useQualityOverview();
  const server = useAsync('server-health', () => api.health());
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const [range, setRange] = useState(TIME_RANGES[0] ?? { id: '30m', label: '30 min', ms: 1_800_000 });
  const now = useNow(5000);
  const sensors = data?.sensors ?? NO_SENSORS;
  const wants = useMemo(() => timelineWants(sensors), [sensors]);
  const intervals = useFlaggedIntervals(wants, range.ms);
  const assetName = useMemo(() => new Map((data?.assets ?? []).map((a) => [a.assetId, a.name])), [data?.assets]);

  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load data quality" />;
    return <Loading label="Loading data quality…" />;
  }

  const count = (s: SensorQualityState) => sensors.filter((x) => x.state === s).length;
  const q = query.trim().toLowerCase();
  const visible = sensors.filter(
    (s) =>
      (filter === 'all' || s.state === filter) &&
      (!q || s.name.toLowerCase().includes(q) || s.sensorId.toLowerCase().includes(q)),
  );
  const filters: { id: Filter; label: string; n: number }[] = [
    { id: 'all', label: 'All', n: sensors.length },
    { id: 'bad', label: 'Bad', n: count('bad') },
    { id: 'suspect', label: 'Suspect', n: count('suspect') },
    { id: 'good', label: 'Good', n: count('good') },
  ];

  return (
    <div className="page" data-testid="quality-page">
      <div className="page-head">
        <div>
          <h1>Data quality</h1>
          <div className="page-sub">
            {sensors.length} sensors · {count('bad')} bad · {count('suspect')} suspect — flagged readings are kept, and
            left out of model training
            {loading && <span className="refreshing"> · refreshing…</span>}
          </div>
        </div>
      </div>

      {error !== undefined && <ErrorState error={error} onRetry={reload} title="Showing the last data received" />}

      {server.data?.simulator && sensors.length > 0 && (
        <SensorFaultInject sensors={sensors.map((s) => ({ id: s.sensorId, name: s.name }))} onInjected={reload} />
      )}

      <h2>Assets</h2>
      {data.assets.length === 0 ? (
        <EmptyState title="No assets yet">Connect machines or start the simulator.</EmptyState>
      ) : (
        <QualityAssetScores assets={data.assets} sensors={sensors} />
      )}

      <div className="section-head">
        <h2>
          Sensors <span className="muted">worst first</span>
        </h2>
        <RangeSelect value={range.id} onChange={setRange} />
      </div>
      <FilterToolbar
        tabs={filters}
        value={filter}
        onChange={setFilter}
        filterLabel="Filter by quality state"
        query={query}
        onQuery={setQuery}
        searchLabel="Search sensors"
      />

      {visible.length === 0 ? (
        <EmptyState title={sensors.length ? 'No sensors match' : 'No sensors yet'}>
          {sensors.length ? 'Change the filter or the search.' : 'Map tags to assets to have their data checked.'}
        </EmptyState>
      ) : (
        <div className="card qlist">
          <div className="qlist-head" aria-hidden="true">
            <span>State</span>
            <span>Sensor · asset</span>
            <span>Score</span>
            <span>Reasons</span>
            <span>Since · calibration</span>
            <span>Timeline · {range.label}</span>
          </div>
          {visible.map((s) => (
            <QualitySensorRow
              key={s.sensorId}
              sensor={s}
              assetName={assetName.get(s.assetId)}
              intervals={s.state === 'good' && s.lastFlagAt === null ? NO_INTERVALS : intervals[s.sensorId]}
              from={now - range.ms}
              now={now}
            />
          ))}
        </div>
      )}
    </div>
  );
}
