import { useCallback, useState } from 'react';
import { api } from './api';
import type { ModelVersionSummary } from './api-types';
import { FilterToolbar } from './filter-toolbar';
import { useLiveEvent } from './live';
import { ModelAssetCard } from './model-asset-card';
import { applyActivation } from './model-format';
import { EmptyState, ErrorState, Loading } from './state-views';
import { useAsync, useNow } from './use-async';

type Filter = 'all' | 'active' | 'none';

/** Every asset's anomaly model: the active version, the history, training a new one and rolling back. */
export function ModelsPage() {
  const { data, error, loading, reload, setData } = useAsync('models', () => api.models());
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const now = useNow(10_000);

  useLiveEvent('model', reload);
  useLiveEvent('reconnect', reload);

  const onActivated = useCallback(
    (m: ModelVersionSummary) => {
      setData((d) => (d ? applyActivation(d, m) : d));
      reload();
    },
    [setData, reload],
  );

  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load the models" />;
    return <Loading label="Loading models…" />;
  }

  const assets = data.assets;
  const withModel = assets.filter((a) => a.active).length;
  const q = query.trim().toLowerCase();
  const visible = assets.filter(
    (a) =>
      (filter === 'all' || (filter === 'active') === Boolean(a.active)) &&
      (!q || a.assetName.toLowerCase().includes(q) || a.assetId.toLowerCase().includes(q)),
  );

  return (
    <div className="page" data-testid="models-page">
      <div className="page-head">
        <div>
          <h1>Models</h1>
          <div className="page-sub">
            {withModel} of {assets.length} assets monitored · each asset's anomaly model, its versions and how its alarm
            was calibrated
            {loading && <span className="refreshing"> · refreshing…</span>}
          </div>
        </div>
      </div>

      {error !== undefined && <ErrorState error={error} onRetry={reload} title="Showing the last data received" />}

      <FilterToolbar
        tabs={[
          { id: 'all', label: 'All', n: assets.length },
          { id: 'active', label: 'Monitored', n: withModel },
          { id: 'none', label: 'No model', n: assets.length - withModel },
        ]}
        value={filter}
        onChange={setFilter}
        filterLabel="Filter by model state"
        query={query}
        onQuery={setQuery}
        searchLabel="Search assets"
      />

      {visible.length === 0 ? (
        <EmptyState title={assets.length ? 'No assets match' : 'No assets yet'}>
          {assets.length ? 'Change the filter or the search.' : 'Connect machines or start the simulator.'}
        </EmptyState>
      ) : (
        visible.map((a) => (
          <ModelAssetCard key={a.assetId} asset={a} now={now} onTrained={reload} onActivated={onActivated} />
        ))
      )}
    </div>
  );
}
