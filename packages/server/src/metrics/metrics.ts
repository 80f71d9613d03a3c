import type { ConnectorHealth } from '@prognos/connectors';
import type { AlertSeverity, QualityState } from '@prognos/core';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Where a batch of readings came in; `simulator` is the demo plant writing straight to the ingest service. */
export type IngestPath = 'http' | 'mqtt' | 'connector' | 'csv' | 'simulator' | 'other';

/** What the ingest service reports: one call per batch, never per reading. */
export interface IngestMetrics {
  /** A batch went through validation: `stored` readings accepted, one error per rejected item. */
  ingested(path: IngestPath, stored: number, errors: readonly { code: string }[]): void;
  /** One store transaction (a group commit of one or more batches) took `seconds`. */
  appended(seconds: number): void;
}

/** What the analytics pipeline reports: one call per asset and batch of readings. */
export interface ScoringMetrics {
  /** The asset's monitor took `seconds` on a batch and completed (scored) `windows` windows with it. */
  scored(seconds: number, windows: number): void;
}

/** A notification channel's delivery queue, as the notification service lists it. */
export interface ChannelQueue {
  id: string;
  kind: string;
  pending: number;
  delivered: number;
  failed: number;
}

/**
 * Values that already live in the services, read when Prometheus scrapes (a queue depth is a snapshot, so it
 * costs nothing between scrapes). Each is optional: a server without connectors simply has no connector series.
 */
export interface MetricsSources {
  /** Persistence jobs waiting in the analytics pipeline's queue. */
  pipelineQueue?: () => number;
  notificationQueues?: () => readonly ChannelQueue[];
  connectors?: () => readonly ConnectorHealth[];
  /** Open and acknowledged alerts (only their severity is used). */
  activeAlerts?: () => Promise<readonly { severity: AlertSeverity }[]>;
  /** Sensors per data-quality state. */
  sensorStates?: () => Record<QualityState, number>;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag, GC), prefixed prognos_, shared in the process; on by default. */
  defaultMetrics?: boolean;
  /** Told when a scrape-time source fails (that family is then left empty for this scrape). */
  onError?: (err: unknown, source: string) => void;
}

const SEVERITIES: readonly AlertSeverity[] = ['info', 'warning', 'critical'];
const QUALITY_STATES: readonly QualityState[] = ['good', 'suspect', 'bad'];
// Fast paths (a store append, a window's score) live in the millisecond range; HTTP reads reach seconds.
const FAST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const HTTP_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Process metrics describe the process, not a server: one collector per process, shared by every instance (each
 * collector keeps a GC observer and an event-loop timer for good, so one per server would pile up in tests).
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'prognos_' });
  }
  return processRegistry;
}

/**
 * The Prometheus metrics of one running server. Each instance has its own registry (not prom-client's global
 * one), so several servers in one process (the tests) do not collide. The recording methods never throw: a
 * metrics failure must never cost a reading or a request.
 */
export class Metrics implements IngestMetrics, ScoringMetrics {
  readonly registry = new Registry();
  private sources: MetricsSources = {};
  private readonly shared: Registry | undefined;
  private readonly onError: (err: unknown, source: string) => void;

  private readonly ingestReadings: Counter<'path'>;
  private readonly ingestRejected: Counter<'path' | 'code'>;
  private readonly storeAppend: Histogram;
  private readonly scoring: Histogram;
  private readonly scoredWindows: Counter;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private sse = 0;

  constructor(opts: MetricsOptions = {}) {
    this.onError = opts.onError ?? (() => {});
    const registers = [this.registry];
    this.shared = opts.defaultMetrics === false ? undefined : processMetrics();

    this.ingestReadings = new Counter({
      name: 'prognos_ingest_readings_total',
      help: 'Readings accepted and stored, by the path they came in on',
      labelNames: ['path'],
      registers,
    });
    this.ingestRejected = new Counter({
      name: 'prognos_ingest_rejected_total',
      help: 'Readings rejected by ingest validation, by error code and path',
      labelNames: ['path', 'code'],
      registers,
    });
    this.storeAppend = new Histogram({
      name: 'prognos_store_append_seconds',
      help: 'Duration of one store append (a group commit of one or more ingest batches)',
      buckets: FAST_BUCKETS,
      registers,
    });
    this.scoring = new Histogram({
      name: 'prognos_scoring_seconds',
      help: 'Analytics time per asset and batch of readings (buffering, and scoring the windows the batch completes)',
      buckets: FAST_BUCKETS,
      registers,
    });
    this.scoredWindows = new Counter({
      name: 'prognos_scored_windows_total',
      help: 'Analytics windows scored (one health value each)',
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'prognos_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    });

    // Scrape-time gauges: each reads one source and leaves its family empty when the source fails.
    const metrics = this;
    new Gauge({
      name: 'prognos_pipeline_queue_depth',
      help: 'Analytics results (health, alerts) waiting to be persisted',
      registers,
      collect() {
        this.reset();
        const q = metrics.read('pipelineQueue', () => metrics.sources.pipelineQueue?.());
        if (q !== undefined) this.set(q);
      },
    });
    new Gauge({
      name: 'prognos_sse_clients',
      help: 'Open live-stream (Server-Sent Events) connections',
      registers,
      collect() {
        this.set(metrics.sse);
      },
    });
    new Gauge({
      name: 'prognos_notification_queue_depth',
      help: 'Messages waiting in a notification channel delivery queue (including those waiting for a retry)',
      labelNames: ['channel', 'kind'],
      registers,
      collect() {
        this.reset();
        for (const c of metrics.read('notificationQueues', () => metrics.sources.notificationQueues?.()) ?? [])
          this.set({ channel: c.id, kind: c.kind }, c.pending);
      },
    });
    new Counter({
      name: 'prognos_notification_deliveries_total',
      help: 'Notification messages delivered or given up on, by channel',
      labelNames: ['channel', 'outcome'],
      registers,
      collect() {
        this.reset();
        for (const c of metrics.read('notificationQueues', () => metrics.sources.notificationQueues?.()) ?? []) {
          this.inc({ channel: c.id, outcome: 'delivered' }, c.delivered);
          this.inc({ channel: c.id, outcome: 'failed' }, c.failed);
        }
      },
    });

    // Connector health: each family reads the (cheap, in-memory) list itself, so none depends on collect order.
    const connectors = () => metrics.read('connectors', () => metrics.sources.connectors?.()) ?? [];
    const connectorLabels = (h: ConnectorHealth) => ({ connector: h.id, protocol: h.kind });
    new Gauge({
      name: 'prognos_connector_up',
      help: 'Whether a connector is connected to its source (1) or not (0: connecting, reconnecting, error, stopped)',
      labelNames: ['connector', 'protocol'],
      registers,
      collect() {
        this.reset();
        for (const h of connectors()) this.set(connectorLabels(h), h.state === 'connected' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'prognos_connector_tags',
      help: 'Tags of a connector by state (ok, or stale: no update for 3× the expected interval)',
      labelNames: ['connector', 'state'],
      registers,
      collect() {
        this.reset();
        for (const h of connectors()) {
          const stale = h.tags.filter((t) => t.stale).length;
          this.set({ connector: h.id, state: 'ok' }, h.tags.length - stale);
          this.set({ connector: h.id, state: 'stale' }, stale);
        }
      },
    });
    new Gauge({
      name: 'prognos_connector_buffer_depth',
      help: 'Readings waiting in a connector store-and-forward buffer (the store was unavailable)',
      labelNames: ['connector', 'protocol'],
      registers,
      collect() {
        this.reset();
        for (const h of connectors()) this.set(connectorLabels(h), h.buffered);
      },
    });
    // Totals the connectors keep themselves: exposed as counters (they restart at 0 with the connector).
    const connectorTotal = (name: string, help: string, value: (h: ConnectorHealth) => number) =>
      new Counter({
        name,
        help,
        labelNames: ['connector', 'protocol'],
        registers,
        collect() {
          this.reset();
          for (const h of connectors()) this.inc(connectorLabels(h), value(h));
        },
      });
    connectorTotal('prognos_connector_readings_total', 'Readings a connector handed to ingest', (h) => h.readings);
    connectorTotal('prognos_connector_errors_total', 'Read, decode and ingest errors of a connector', (h) => h.errors);
    connectorTotal('prognos_connector_reconnects_total', 'Reconnections of a connector', (h) => h.reconnects);
    connectorTotal(
      'prognos_connector_buffer_evicted_total',
      'Readings dropped from a full store-and-forward buffer',
      (h) => h.evicted,
    );

    new Gauge({
      name: 'prognos_alerts_active',
      help: 'Open and acknowledged alerts by severity',
      labelNames: ['severity'],
      registers,
      async collect() {
        this.reset();
        const source = metrics.sources.activeAlerts;
        if (!source) return;
        let alerts: readonly { severity: AlertSeverity }[];
        try {
          alerts = await source();
        } catch (err) {
          metrics.onError(err, 'activeAlerts');
          return;
        }
        const counts = new Map<string, number>(SEVERITIES.map((s) => [s, 0]));
        for (const a of alerts) counts.set(a.severity, (counts.get(a.severity) ?? 0) + 1);
        for (const [severity, n] of counts) this.set({ severity }, n);
      },
    });
    new Gauge({
      name: 'prognos_sensors',
      help: 'Sensors by data-quality state (good, suspect, bad), once Prognos has judged them',
      labelNames: ['state'],
      registers,
      collect() {
        this.reset();
        const states = metrics.read('sensorStates', () => metrics.sources.sensorStates?.());
        if (states) for (const state of QUALITY_STATES) this.set({ state }, states[state] ?? 0);
      },
    });
  }

  /** Connects the scrape-time sources (the services exist only after the metrics, so they come later). */
  setSources(sources: MetricsSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  ingested(path: IngestPath, stored: number, errors: readonly { code: string }[]): void {
    try {
      if (stored > 0) this.ingestReadings.inc({ path }, stored);
      if (errors.length === 0) return;
      const byCode = new Map<string, number>();
      for (const e of errors) byCode.set(e.code, (byCode.get(e.code) ?? 0) + 1);
      for (const [code, n] of byCode) this.ingestRejected.inc({ path, code }, n);
    } catch (err) {
      this.onError(err, 'ingest');
    }
  }

  appended(seconds: number): void {
    this.observe(this.storeAppend, seconds);
  }

  scored(seconds: number, windows: number): void {
    this.observe(this.scoring, seconds);
    if (windows > 0) this.scoredWindows.inc(windows);
  }

  /** `route` is the route pattern (/api/assets/:id), never the raw URL, so the series stay bounded. */
  httpRequest(method: string, route: string, status: number, seconds: number): void {
    try {
      this.httpDuration.observe({ method, route, status: String(status) }, seconds);
    } catch (err) {
      this.onError(err, 'http');
    }
  }

  /** A live-stream client connected (+1) or went away (-1). */
  sseClients(delta: 1 | -1): void {
    this.sse = Math.max(0, this.sse + delta);
  }

  /** The exposition text for a scrape: this server's families, then the process's. */
  async render(): Promise<string> {
    const own = await this.registry.metrics();
    return this.shared ? `${own}\n${await this.shared.metrics()}` : own;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private observe(h: Histogram, seconds: number): void {
    try {
      if (Number.isFinite(seconds) && seconds >= 0) h.observe(seconds);
    } catch (err) {
      this.onError(err, 'histogram');
    }
  }

  private read<T>(source: string, fn: () => T | undefined): T | undefined {
    try {
      return fn();
    } catch (err) {
      this.onError(err, source);
      return undefined;
    }
  }
}
