import type { Alert } from '@prognos/core';
import { useMemo, useState } from 'react';
import type { AssetSummary, Plant } from './api-types';
import { AssetCard } from './asset-card';
import { FilterToolbar } from './filter-toolbar';
import { fmtNumber, type Status, statusOf } from './format';
import { EmptyState, ErrorState, Loading } from './state-views';
import { useNow } from './use-async';
import { useFleet } from './use-fleet';

interface Group {
  key: string;
  title: string;
  subtitle: string;
  assets: AssetSummary[];
}

/** Groups assets by area, in plant order (lines within an area stay together); assets on unknown lines go last. */
function groupByArea(plant: Plant, assets: AssetSummary[]): Group[] {
  const groups: Group[] = plant.areas.map((a) => {
    const lines = plant.lines.filter((l) => l.areaId === a.id);
    return { key: a.id, title: a.name, subtitle: lines.map((l) => l.name).join(' · '), assets: [] };
  });
  const byArea = new Map(groups.map((g) => [g.key, g]));
  const lineOrder = new Map(plant.lines.map((l, i) => [l.id, i]));
  const lineArea = new Map(plant.lines.map((l) => [l.id, l.areaId]));
  const other: Group = { key: '__other', title: 'Unassigned', subtitle: 'Assets without a known line', assets: [] };
  const sorted = [...assets].sort((x, y) => (lineOrder.get(x.lineId) ?? 1e9) - (lineOrder.get(y.lineId) ?? 1e9));
  for (const a of sorted) (byArea.get(lineArea.get(a.lineId) ?? '') ?? other).assets.push(a);
  return [...groups, other].filter((g) => g.assets.length > 0);
}

type Filter = 'all' | Status;
const FILTERS: { id: Filter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'alarm', label: 'Alarm' },
  { id: 'watch', label: 'Watch' },
  { id: 'ok', label: 'Healthy' },
  { id: 'unknown', label: 'No data' },
];

function Kpi({ label, value, tone, hint }: { label: string; value: string; tone?: string; hint?: string }) {
  return (
    <div className={`card kpi ${tone ? `kpi-${tone}` : ''}`} data-testid="kpi" data-kpi={label}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      {hint && <div className="kpi-hint">{hint}</div>}
    </div>
  );
}

export function FleetPage({ activeAlerts }: { activeAlerts: Alert[] | undefined }) {
  const { data, error, loading, reload, history } = useFleet();
  const now = useNow(5000);
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');

  const kpis = useMemo(() => {
    const assets = data?.assets ?? [];
    const known = assets.filter((a) => a.health && Number.isFinite(a.health.health));
    const withRun = assets.filter((a) => a.running !== undefined);
    const count = (s: Status) => assets.filter((a) => statusOf(a.health) === s).length;
    return {
      assets: assets.length,
      running: withRun.length ? withRun.filter((a) => a.running).length : undefined,
      alarm: count('alarm'),
      watch: count('watch'),
      avg: known.length ? known.reduce((s, a) => s + (a.health?.health ?? 0), 0) / known.length : undefined,
    };
  }, [data]);

  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load the fleet" />;
    return <Loading label="Loading fleet…" />;
  }

  const q = query.trim().toLowerCase();
  const visible = data.assets.filter(
    (a) =>
      (filter === 'all' || statusOf(a.health) === filter) &&
      (!q || a.name.toLowerCase().includes(q) || a.id.toLowerCase().includes(q)),
  );
  const groups = groupByArea(data.plant, visible);
  const openAlerts = activeAlerts?.length;
  const critical = activeAlerts?.filter((a) => a.severity === 'critical').length ?? 0;

  return (
    <div className="page" data-testid="fleet">
      <div className="page-head">
        <div>
          <h1>Fleet overview</h1>
          <div className="page-sub">
            {data.plant.site.name} · {data.plant.lines.length} lines
            {loading && <span className="refreshing"> · refreshing…</span>}
          </div>
        </div>
      </div>

      {error !== undefined && <ErrorState error={error} onRetry={reload} title="Showing the last data received" />}

      <div className="kpis">
        <Kpi label="Assets" value={String(kpis.assets)} hint={`${data.plant.areas.length} areas`} />
        <Kpi
          label="Running"
          value={kpis.running === undefined ? '—' : String(kpis.running)}
          hint={kpis.running === undefined ? 'not reported' : `of ${kpis.assets}`}
        />
        <Kpi
          label="In alarm"
          value={String(kpis.alarm)}
          tone={kpis.alarm ? 'alarm' : 'ok'}
          hint={`${kpis.watch} on watch`}
        />
        <Kpi
          label="Open alerts"
          value={openAlerts === undefined ? '—' : String(openAlerts)}
          tone={critical ? 'alarm' : openAlerts ? 'watch' : 'ok'}
          hint={critical ? `${critical} critical` : 'none critical'}
        />
        <Kpi
          label="Avg health"
          value={kpis.avg === undefined ? '—' : fmtNumber(kpis.avg, 0)}
          tone={kpis.avg === undefined ? undefined : kpis.avg >= 70 ? 'ok' : 'watch'}
          hint="0 – 100"
        />
      </div>

      <FilterToolbar
        tabs={FILTERS}
        value={filter}
        onChange={setFilter}
        filterLabel="Filter by status"
        query={query}
        onQuery={setQuery}
        searchLabel="Search assets"
      />

      {data.assets.length === 0 ? (
        <EmptyState title="No assets yet">
          Connect machines (MQTT, OPC UA, Modbus, CSV) or start the built-in simulator to see your fleet here.
        </EmptyState>
      ) : groups.length === 0 ? (
        <EmptyState title="No assets match">Change the filter or the search.</EmptyState>
      ) : (
        groups.map((g) => (
          <section key={g.key} className="line-group" data-line-id={g.key}>
            <div className="line-head">
              <h2>{g.title}</h2>
              <span className="muted">
                {g.subtitle}
                {g.subtitle && ' · '}
                {g.assets.length} {g.assets.length === 1 ? 'asset' : 'assets'}
              </span>
            </div>
            <div className="asset-grid">
              {g.assets.map((a) => (
                <AssetCard key={a.id} asset={a} history={history[a.id] ?? []} now={now} />
              ))}
            </div>
          </section>
        ))
      )}
    </div>
  );
}
