import { useMemo, useState } from 'react';
import { api } from './api';
import type { ConnectorEntry } from './api-types';
import { ConnectorAdd } from './connector-add';
import { ConnectorRow } from './connector-row';
import { EmptyState, ErrorState, Loading } from './state-views';
import { useAsync, useNow } from './use-async';
import { useConnectors } from './use-connectors';

/** By name, not by state: live state changes must not make rows jump under the pointer (colour shows problems). */
function byName(a: ConnectorEntry, b: ConnectorEntry): number {
  return (
    (a.config.name ?? a.config.id).localeCompare(b.config.name ?? b.config.id) || a.config.id.localeCompare(b.config.id)
  );
}

export function ConnectorsPage() {
  const connectors = useConnectors();
  const { data, error, reload, upsert, remove } = connectors;
  const sensors = useAsync('sensors', () => api.sensors());
  const assets = useAsync('assets', () => api.assets());
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState('');
  const now = useNow(1000);

  const sensorMap = useMemo(() => new Map((sensors.data ?? []).map((s) => [s.id, s])), [sensors.data]);
  const sorted = useMemo(() => [...(data ?? [])].sort(byName), [data]);
  const taken = useMemo(() => new Set((data ?? []).map((e) => e.config.id)), [data]);
  const assetList = useMemo(
    () => (assets.data ?? []).map((a) => ({ id: a.id, name: a.name })).sort((x, y) => x.name.localeCompare(y.name)),
    [assets.data],
  );

  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load the connectors" />;
    return <Loading label="Loading connectors…" />;
  }

  const count = (s: string) => data.filter((e) => e.health.state === s).length;
  const troubled = count('error') + count('reconnecting');
  const evicted = data.reduce((n, e) => n + (e.health.evicted > 0 ? 1 : 0), 0);

  return (
    <div className="page" data-testid="connectors">
      <div className="page-head">
        <div>
          <h1>Connectors</h1>
          <div className="page-sub">
            {data.length} {data.length === 1 ? 'connector' : 'connectors'} · {count('connected')} connected
            {troubled > 0 && <span className="text-alarm strong"> · {troubled} with problems</span>}
            {evicted > 0 && <span className="text-alarm strong"> · {evicted} dropping buffered data</span>}
          </div>
        </div>
        {!adding && (
          <button
            type="button"
            className="btn"
            data-testid="connector-add-open"
            onClick={() => {
              setNotice('');
              setAdding(true);
            }}
          >
            + Add connector
          </button>
        )}
      </div>

      {error !== undefined && <ErrorState error={error} onRetry={reload} title="Showing the last data received" />}

      {adding && (
        <ConnectorAdd
          taken={taken}
          assets={assetList}
          sensors={sensors.data}
          sensorsError={sensors.error}
          onCancel={() => setAdding(false)}
          onSaved={(entry) => {
            upsert(entry);
            setAdding(false);
            setNotice(`Saved ${entry.config.name ?? entry.config.id}: it starts collecting now.`);
          }}
        />
      )}
      {notice && (
        <div className="notice" role="status" data-testid="connector-notice">
          {notice}
          <button type="button" className="linklike" aria-label="Dismiss" onClick={() => setNotice('')}>
            ×
          </button>
        </div>
      )}

      {sorted.length === 0 ? (
        <EmptyState title="No connectors yet">
          Add an OPC UA server or a Modbus TCP device above, or declare connectors in the configuration file (MQTT,
          Sparkplug B and historian CSV too).
        </EmptyState>
      ) : (
        <div className="card connector-list">
          <div className="connector-list-head" aria-hidden="true">
            <span />
            <span>Protocol</span>
            <span>Connector · target</span>
            <span>State</span>
            <span>Last data</span>
            <span className="num">Readings</span>
            <span className="num">Errors</span>
            <span className="num">Reconnects</span>
            <span className="num">Latency p50/p99</span>
            <span className="num">Backlog</span>
          </div>
          {sorted.map((e) => (
            <ConnectorRow
              key={e.config.id}
              entry={e}
              sensors={sensorMap}
              now={now}
              onSaved={upsert}
              onRemoved={(id) => {
                remove(id);
                setNotice(`Removed ${id}.`);
              }}
            />
          ))}
        </div>
      )}
    </div>
  );
}
