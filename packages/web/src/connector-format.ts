/** Labels and tones for connectors. Every lookup falls back to the raw value, so a kind or state added on the server later still renders. */
import type { ConnectorEntry, ConnectorHealth } from './api-types';
import type { Status } from './format';

export const KIND_LABEL: Record<string, string> = {
  modbus: 'Modbus',
  opcua: 'OPC UA',
  mqtt: 'MQTT',
  sparkplug: 'Sparkplug B',
  csv: 'CSV',
};

export function kindLabel(kind: unknown): string {
  const k = typeof kind === 'string' ? kind : '';
  return KIND_LABEL[k] ?? (k || 'Unknown');
}

const STATE_LABEL: Record<string, string> = {
  connected: 'Connected',
  connecting: 'Connecting',
  reconnecting: 'Reconnecting',
  error: 'Error',
  stopped: 'Stopped',
};

export function stateLabel(state: unknown): string {
  const s = typeof state === 'string' ? state : '';
  return STATE_LABEL[s] ?? (s ? s.charAt(0).toUpperCase() + s.slice(1) : 'Unknown');
}

/** The product's status colours: connected green, on its way amber, failed red, stopped (or unknown) grey. */
export function stateTone(state: unknown): Status {
  switch (state) {
    case 'connected':
      return 'ok';
    case 'connecting':
    case 'reconnecting':
      return 'watch';
    case 'error':
      return 'alarm';
    default:
      return 'unknown';
  }
}

const countFmt = new Intl.NumberFormat('en-US');

/** 1234567 → "1,234,567"; missing → "—". */
export function fmtCount(n: number | undefined | null): string {
  return typeof n === 'number' && Number.isFinite(n) ? countFmt.format(n) : '—';
}

function fmtMs(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : ms.toFixed(0);
}

/** p50 / p99 in one unit, e.g. "4.2 / 38 ms", or "0.8 / 13 s" once p99 passes 10 s. */
export function fmtLatency(l: ConnectorHealth['latencyMs']): string {
  if (!l || !Number.isFinite(l.p50) || !Number.isFinite(l.p99)) return '—';
  if (l.p99 >= 10_000) return `${(l.p50 / 1000).toFixed(1)} / ${(l.p99 / 1000).toFixed(0)} s`;
  return `${fmtMs(l.p50)} / ${fmtMs(l.p99)} ms`;
}

/**
 * The entry as the page uses it, defended against partial answers (a server that sends no health for a connector
 * it has not started, a health without tags): nothing downstream has to check again.
 */
export function normaliseEntry(e: Partial<ConnectorEntry> & { config?: ConnectorEntry['config'] }): ConnectorEntry {
  const config = e.config ?? { id: e.health?.id ?? '?', kind: e.health?.kind ?? ('unknown' as never) };
  const h: Partial<ConnectorHealth> = e.health ?? {};
  return {
    config,
    health: {
      id: h.id ?? config.id,
      kind: h.kind ?? config.kind,
      state: h.state ?? 'stopped',
      since: h.since ?? 0,
      target: h.target ?? '',
      lastError: h.lastError,
      lastDataAt: h.lastDataAt,
      readings: h.readings ?? 0,
      errors: h.errors ?? 0,
      reconnects: h.reconnects ?? 0,
      latencyMs: h.latencyMs,
      buffered: h.buffered ?? 0,
      evicted: h.evicted ?? 0,
      tags: Array.isArray(h.tags) ? h.tags : [],
    },
  };
}

/** Shows a configuration without its secrets (the server should redact them too; this is the second line). */
export function redactConfig(config: unknown): unknown {
  if (Array.isArray(config)) return config.map(redactConfig);
  if (config && typeof config === 'object') {
    return Object.fromEntries(
      Object.entries(config).map(([k, v]) => [
        k,
        /pass(word)?|secret|token|private.?key/i.test(k) && typeof v === 'string' ? '••••••' : redactConfig(v),
      ]),
    );
  }
  return config;
}

/** A discovered value as the device gave it: numbers to 6 significant digits, text shortened. */
export function fmtBrowseValue(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
    return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
