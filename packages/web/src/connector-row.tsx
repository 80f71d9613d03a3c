import type { Sensor } from '@prognos/core';
import { type ReactNode, useState } from 'react';
import { api, errorMessage } from './api';
import type { ConnectorEntry } from './api-types';
import { ConnectorStateBadge, KindBadge } from './connector-badges';
import { ConnectorBrowse } from './connector-browse';
import { fmtCount, fmtLatency, redactConfig } from './connector-format';
import { ConnectorTags } from './connector-tags';
import { fmtAgo, fmtDuration, fmtFullTime, fmtTime } from './format';

/** Data older than this while connected is worth a second look (most devices report every few seconds). */
const QUIET_MS = 60_000;

function Metric({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={`cr-metric ${className ?? ''}`}>
      <span className="cr-label">{label}</span>
      {children}
    </div>
  );
}

function RowActions({
  entry,
  onSaved,
  onRemoved,
}: {
  entry: ConnectorEntry;
  onSaved: (e: ConnectorEntry) => void;
  onRemoved: (id: string) => void;
}) {
  const [busy, setBusy] = useState<'toggle' | 'remove' | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState('');
  const { config } = entry;
  const enabled = config.enabled !== false;
  const act = async (kind: 'toggle' | 'remove') => {
    setBusy(kind);
    setError('');
    try {
      if (kind === 'toggle') onSaved(await api.saveConnector({ ...config, enabled: !enabled }));
      else {
        await api.deleteConnector(config.id);
        onRemoved(config.id);
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
      setConfirm(false);
    }
  };
  return (
    <div className="actions">
      <button
        type="button"
        className="btn btn-ghost"
        data-testid="connector-toggle"
        disabled={busy !== null}
        onClick={() => act('toggle')}
      >
        {busy === 'toggle' ? 'Saving…' : enabled ? 'Disable' : 'Enable'}
      </button>
      {confirm ? (
        <>
          <span className="small">Remove {config.name ?? config.id}? Its data stays in the store.</span>
          <button
            type="button"
            className="btn btn-danger"
            data-testid="connector-remove-confirm"
            disabled={busy !== null}
            onClick={() => act('remove')}
          >
            {busy === 'remove' ? 'Removing…' : 'Remove'}
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => setConfirm(false)}>
            Keep
          </button>
        </>
      ) : (
        <button
          type="button"
          className="btn btn-ghost"
          data-testid="connector-remove"
          disabled={busy !== null}
          onClick={() => setConfirm(true)}
        >
          Remove…
        </button>
      )}
      {error && (
        <span className="action-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export function ConnectorRow({
  entry,
  sensors,
  now,
  onSaved,
  onRemoved,
}: {
  entry: ConnectorEntry;
  sensors: Map<string, Sensor>;
  now: number;
  onSaved: (e: ConnectorEntry) => void;
  onRemoved: (id: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const { config, health: h } = entry;
  const detailId = `connector-detail-${config.id}`;
  const stale = h.tags.filter((t) => t.stale).length;
  const quiet = h.state === 'connected' && h.lastDataAt !== undefined && now - h.lastDataAt > QUIET_MS;
  const showError = h.lastError && (h.state === 'error' || h.state === 'reconnecting' || h.state === 'connecting');
  const disabled = config.enabled === false;
  // on its way somewhere: when it started matters more than for how long a settled state has held
  const transitional = h.state === 'connecting' || h.state === 'reconnecting';
  const browsable = config.kind === 'opcua' || config.kind === 'modbus';

  return (
    <div
      className={`connector-row tone-${h.state} ${open ? 'expanded' : ''}`}
      data-testid="connector-row"
      data-connector-id={config.id}
      data-kind={config.kind}
      data-state={h.state}
    >
      <div className="connector-row-main">
        <button
          type="button"
          className="expander"
          aria-expanded={open}
          aria-controls={detailId}
          onClick={() => setOpen((o) => !o)}
          title={open ? 'Hide tags' : 'Show tags'}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        </button>
        <div className="cr-kind">
          <KindBadge kind={String(config.kind)} />
        </div>
        <div className="cr-name">
          <button type="button" className="linklike" onClick={() => setOpen((o) => !o)}>
            {config.name ?? config.id}
          </button>
          {config.name && <span className="mono muted small cr-id">{config.id}</span>}
          <div className="mono muted small cr-target" title={h.target}>
            {h.target || '—'}
          </div>
        </div>
        <div className="cr-state">
          <ConnectorStateBadge state={h.state} />
          {disabled && <span className="flag flag-unknown">disabled</span>}
          {h.since > 0 && (
            <div className="muted small" title={`Since ${fmtFullTime(h.since)}`}>
              {transitional
                ? `since ${fmtTime(h.since, now)} · ${fmtDuration(now - h.since)}`
                : `for ${fmtDuration(now - h.since)}`}
            </div>
          )}
          {showError && (
            <div className="cr-error" title={h.lastError?.message} data-testid="connector-error">
              {h.lastError?.message}
            </div>
          )}
        </div>
        <div className="cr-metrics">
          <Metric label="Last data" className={quiet ? 'text-watch strong' : ''}>
            <span title={fmtFullTime(h.lastDataAt)}>
              {h.lastDataAt === undefined ? 'never' : fmtAgo(h.lastDataAt, now)}
            </span>
            {stale > 0 && <div className="small text-watch">{stale} stale</div>}
          </Metric>
          <Metric label="Readings" className="num">
            {fmtCount(h.readings)}
          </Metric>
          <Metric label="Errors" className={`num ${h.errors > 0 ? 'text-alarm strong' : ''}`}>
            {fmtCount(h.errors)}
          </Metric>
          <Metric label="Reconnects" className="num">
            {fmtCount(h.reconnects)}
          </Metric>
          <Metric label="Latency p50 / p99" className="num">
            {fmtLatency(h.latencyMs)}
          </Metric>
          <Metric label="Backlog" className="num">
            <span data-testid="connector-buffered">{fmtCount(h.buffered)}</span>
            {h.evicted > 0 && (
              <div
                className="small text-alarm strong"
                data-testid="connector-evicted"
                title="Readings dropped because the buffer was full"
              >
                {fmtCount(h.evicted)} evicted
              </div>
            )}
          </Metric>
        </div>
      </div>
      {open && (
        <div className="connector-row-detail" id={detailId} data-testid="connector-detail">
          {h.lastError && (
            <p className={`small ${h.state === 'connected' ? 'muted' : 'text-alarm'}`}>
              Last error {fmtTime(h.lastError.at, now)}: {h.lastError.message}
            </p>
          )}
          <ConnectorTags tags={h.tags} sensors={sensors} now={now} />
          {browsable && (
            <div className="detail-browse">
              <ConnectorBrowse config={config} />
            </div>
          )}
          <div className="detail-actions">
            <details className="config-json">
              <summary>Configuration</summary>
              <pre>{JSON.stringify(redactConfig(config), null, 2)}</pre>
            </details>
            <RowActions entry={entry} onSaved={onSaved} onRemoved={onRemoved} />
          </div>
        </div>
      )}
    </div>
  );
}
