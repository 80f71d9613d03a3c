import type { Alert } from '@prognos/core';
import { useCallback, useMemo, useState } from 'react';
import { AlertPanel } from './alert-panel';
import { AnomalyChart } from './anomaly-chart';
import { ApiError, api } from './api';
import type { AlertEvent, HealthEvent } from './api-types';
import { AssetQualityPanel } from './asset-quality-panel';
import { CriticalityChip, StatusPill } from './badges';
import { ComponentHealthPanel } from './component-health-panel';
import { ContributionChart } from './contribution-chart';
import { assetTypeLabel, CRITICALITY_LABEL, fmtAgo, fmtNumber, statusOf } from './format';
import { HealthChart } from './health-chart';
import { HealthGauge } from './health-gauge';
import { useLiveEvent } from './live';
import { fmtCostPerHour } from './registry-format';
import { routes } from './router';
import { RulChart } from './rul-chart';
import { type NormalBand, SensorChart } from './sensor-chart';
import { EmptyState, ErrorState, Loading } from './state-views';
import { RangeSelect, TIME_RANGES } from './time-range';
import { useAnomaly } from './use-anomaly';
import { useAsync, useNow } from './use-async';
import { useFlaggedIntervals } from './use-flagged-intervals';
import { useQualityOverview } from './use-quality';
import { WhySection } from './why-panel';

export function AssetPage({ id, onAlertChange }: { id: string; onAlertChange: (a: Alert) => void }) {
  const detail = useAsync(`asset:${id}`, () => api.asset(id));
  const plant = useAsync('plant', () => api.plant());
  const [range, setRange] = useState(TIME_RANGES[0] ?? { id: '30m', label: '30 min', ms: 1_800_000 });
  const [reloadKey, setReloadKey] = useState(0);
  const now = useNow(1000);
  const { setData, reload } = detail;
  const quality = useQualityOverview();
  // Shade flagged intervals only on sensors that were ever flagged: one request each, none for the clean ones.
  const flagWants = useMemo(
    () =>
      (quality.data?.sensors ?? [])
        .filter((s) => s.assetId === id && (s.state !== 'good' || s.lastFlagAt !== null))
        .map((s) => ({ id: s.sensorId, key: `${s.state}:${s.lastFlagAt}:${reloadKey}` })),
    [quality.data, id, reloadKey],
  );
  const flagged = useFlaggedIntervals(flagWants, range.ms);
  const anomaly = useAnomaly(id, range.ms, reloadKey);

  useLiveEvent(
    'health',
    useCallback(
      (e: HealthEvent) => {
        if (e.assetId !== id) return;
        // The event carries the monitor's detail beside the stored health; keep the two apart as the API does.
        const { detail, ...h } = e;
        setData((d) => (d ? { ...d, health: h, ...(detail ? { healthDetail: detail } : {}) } : d));
      },
      [id, setData],
    ),
  );
  const applyAlert = useCallback(
    (alert: Alert) => {
      if (alert.assetId !== id) return;
      setData((d) => {
        if (!d) return d;
        if (alert.state !== 'closed') return { ...d, activeAlert: alert };
        return d.activeAlert?.id === alert.id ? { ...d, activeAlert: undefined } : d;
      });
    },
    [id, setData],
  );
  useLiveEvent(
    'alert',
    useCallback((e: AlertEvent) => applyAlert(e.alert), [applyAlert]),
  );
  useLiveEvent(
    'reconnect',
    useCallback(() => {
      reload();
      setReloadKey((k) => k + 1);
    }, [reload]),
  );

  const d = detail.data;
  const bands = useMemo(() => {
    const m = new Map<string, NormalBand>();
    for (const c of d?.activeAlert?.contributions ?? []) m.set(c.sensor, { low: c.low, high: c.high });
    return m;
  }, [d?.activeAlert]);

  if (!d) {
    if (detail.error instanceof ApiError && detail.error.status === 404) {
      return (
        <div className="page">
          <EmptyState title="Asset not found">
            There is no asset <code>{id}</code>. <a href={routes.fleet()}>Back to the fleet</a>
          </EmptyState>
        </div>
      );
    }
    if (detail.error) return <ErrorState error={detail.error} onRetry={reload} title="Could not load the asset" />;
    return <Loading label="Loading asset…" />;
  }

  const { asset, sensors, components, health, activeAlert } = d;
  const status = statusOf(health);
  const line = plant.data?.lines.find((l) => l.id === asset.lineId);
  const area = line && plant.data?.areas.find((a) => a.id === line.areaId);
  const componentName = new Map(components.map((c) => [c.id, c.name]));

  const onChange = (a: Alert) => {
    applyAlert(a);
    onAlertChange(a);
  };

  return (
    <div className="page" data-testid="asset-page" data-asset-id={asset.id}>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={routes.fleet()}>Fleet</a>
        {area && <span>{area.name}</span>}
        {line && <span>{line.name}</span>}
        <span aria-current="page">{asset.name}</span>
      </nav>

      <section className={`card asset-header status-${status}`}>
        <div className="asset-header-main">
          <h1>{asset.name}</h1>
          <div className="asset-facts">
            <span className="mono">{asset.id}</span>
            <span>{assetTypeLabel(asset.type)}</span>
            {line && <span>{line.name}</span>}
            <span className="fact-crit">
              <CriticalityChip criticality={asset.criticality} /> {CRITICALITY_LABEL[asset.criticality]}
            </span>
            {(asset.manufacturer || asset.model) && (
              <span>{[asset.manufacturer, asset.model].filter(Boolean).join(' ')}</span>
            )}
            <span data-testid="asset-downtime-cost">Downtime {fmtCostPerHour(asset.downtimeCostPerHour)}</span>
            <a href={routes.registry('assets', asset.id)} data-testid="edit-in-registry">
              Edit in registry
            </a>
          </div>
        </div>
        <div className="asset-header-health">
          <HealthGauge health={health?.health} status={status} size={92} />
          <div className="asset-header-status">
            <StatusPill status={status} />
            {health && (
              <>
                <div className="muted small">anomaly score {fmtNumber(health.score, 2)}</div>
                <div className="muted small">updated {fmtAgo(health.ts, now)}</div>
              </>
            )}
          </div>
        </div>
      </section>

      {detail.error !== undefined && (
        <ErrorState error={detail.error} onRetry={reload} title="Showing the last data received" />
      )}

      {activeAlert ? (
        <AlertPanel alert={activeAlert} now={now} onChange={onChange} />
      ) : (
        <section className="card calm-panel" data-testid="no-alert">
          <span className="calm-icon" aria-hidden="true">
            ✓
          </span>
          <div>
            <div className="strong">No active alert</div>
            <div className="muted small">
              {status === 'watch'
                ? 'Health is below 70 — the asset is on watch, but no alert threshold is crossed.'
                : 'All monitored behaviour is within its learned normal range.'}
            </div>
          </div>
        </section>
      )}

      <AssetQualityPanel assetId={asset.id} dataQuality={d.dataQuality} overview={quality.data} sensors={sensors} />

      <ComponentHealthPanel detail={d.healthDetail} sensors={sensors} />

      <div className="why-sections">
        <WhySection title="Why this health score?" assetId={asset.id} subject="health" />
        <WhySection title="Why this prediction?" assetId={asset.id} subject="rul" />
      </div>

      <div className="section-head">
        <h2>Trends</h2>
        <RangeSelect value={range.id} onChange={setRange} />
      </div>
      <div className="anomaly-grid">
        <div className="anomaly-charts">
          <HealthChart assetId={asset.id} rangeMs={range.ms} reloadKey={reloadKey} />
          <RulChart assetId={asset.id} rangeMs={range.ms} reloadKey={reloadKey} />
          <AnomalyChart
            assetId={asset.id}
            rangeMs={range.ms}
            view={anomaly.data}
            error={anomaly.error}
            loading={anomaly.loading}
            onRetry={anomaly.reload}
          />
        </div>
        <ContributionChart alert={activeAlert} health={health} />
      </div>

      <div className="section-head">
        <h2>
          Sensors <span className="muted">({sensors.length})</span>
        </h2>
        <span className="muted small">Min–max band and average per interval · model normal band · live</span>
      </div>
      {sensors.length === 0 ? (
        <EmptyState title="No sensors on this asset">Map tags to this asset to see their trends.</EmptyState>
      ) : (
        <div className="chart-grid">
          {sensors.map((s) => (
            <SensorChart
              key={s.id}
              sensor={s}
              rangeMs={range.ms}
              latest={d.latest[s.id]}
              band={bands.get(s.id)}
              normal={anomaly.bands.get(s.id)}
              flagged={flagged[s.id]}
              subtitle={s.componentId ? componentName.get(s.componentId) : undefined}
              reloadKey={reloadKey}
            />
          ))}
        </div>
      )}
    </div>
  );
}
