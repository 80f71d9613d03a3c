import {
  type BrowseItem,
  type ConnectorConfigBase,
  type ConnectorEvent,
  type ConnectorHealth,
  type ConnectorLog,
  ConnectorManager,
  ConnectorManagerError,
  ConnectorsConfigError,
  connectorFactories,
  loadConnectorsConfig,
  validateConnectorEntry,
} from '@prognos/connectors';
import { PrognosError, type Reading, type WaveformSnapshot } from '@prognos/core';
import type { MetadataStore } from '@prognos/store';
import type { EventBus } from '../event-bus';
import type { IngestService } from '../ingest-service';
import { storeWaveform } from '../vibration/waveform-store';

const SETTINGS_KEY = 'connectors.api';
const SECRET_KEYS = new Set(['password', 'passphrase', 'key', 'privateKey']);
const MASK = '********';

export interface ConnectorView {
  config: ConnectorConfigBase;
  health: ConnectorHealth;
}

/** Replaces secrets with a mask, so configurations can be shown and exported. */
export function maskSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(maskSecrets) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = SECRET_KEYS.has(k) && typeof v === 'string' ? MASK : maskSecrets(v);
    return out as T;
  }
  return value;
}

function toPrognosError(err: unknown): never {
  if (err instanceof ConnectorsConfigError) {
    throw new PrognosError(
      'CONFIG_INVALID',
      [err.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')],
      { errors: err.errors },
    );
  }
  if (err instanceof ConnectorManagerError) {
    if (err.code === 'not_found')
      throw new PrognosError('CONNECTOR_NOT_FOUND', [err.message.replace(/^no connector "|"$/g, '')]);
    if (err.code === 'no_browse') throw new PrognosError('CONNECTOR_BROWSE_UNSUPPORTED', [err.message]);
    throw new PrognosError('CONFLICT', [err.message]);
  }
  if (err instanceof PrognosError) throw err;
  throw new PrognosError('CONNECTOR_UNREACHABLE', [(err as Error).message]);
}

/**
 * The server's side of the connectors: a ConnectorManager whose sink is the ingest service (so every protocol goes
 * through the same validation and store), configuration from a file plus changes made through the API (persisted
 * in the metadata store), health for the API and the live stream.
 */
export class ConnectorService {
  readonly manager: ConnectorManager;
  /** Entries that came from the file or the demo, and entries that came from the API (persisted). */
  private apiEntries = new Map<string, ConnectorConfigBase>();
  private rejected = new Map<string, number>();
  /** Metrics path of each connector's readings (its kind changes only through put). */
  private paths = new Map<string, 'csv' | 'connector'>();
  /** Recent connector events (stale tags, state changes, buffer evictions, rebirths), newest last. */
  private events: ConnectorEvent[] = [];

  constructor(
    private readonly deps: {
      dataDir: string;
      ingest: IngestService;
      metadata: MetadataStore;
      bus: EventBus;
      log: ConnectorLog;
    },
  ) {
    this.manager = new ConnectorManager({
      factories: connectorFactories,
      dataDir: deps.dataDir,
      log: deps.log,
      sink: (readings, connectorId) => this.sink(readings, connectorId),
      waveformSink: (snapshot, connectorId) => this.waveformSink(snapshot, connectorId),
      onEvent: (e) => this.onEvent(e),
    });
  }

  private async sink(readings: Reading[], connectorId: string): Promise<void> {
    // throws only when the store is unavailable: the connector's store-and-forward buffer then keeps the data
    const res = await this.deps.ingest.ingest(readings, Date.now(), this.ingestPath(connectorId));
    if (res.rejected > 0) {
      const n = (this.rejected.get(connectorId) ?? 0) + res.rejected;
      this.rejected.set(connectorId, n);
      if (n === res.rejected || n % 1000 < res.rejected) {
        this.deps.log.warn(
          { connector: connectorId, rejected: n, first: res.errors[0] },
          'connector readings rejected by ingest',
        );
      }
    }
  }

  /**
   * CSV imports are told apart from live protocols in the metrics (a backlog import is not a live rate). Cached:
   * the manager's get() builds the whole health view, too much for every batch.
   */
  private ingestPath(connectorId: string): 'csv' | 'connector' {
    let path = this.paths.get(connectorId);
    if (!path) {
      path = this.manager.get(connectorId)?.config.kind === 'csv' ? 'csv' : 'connector';
      this.paths.set(connectorId, path);
    }
    return path;
  }

  /** The same analysis and storage as POST /api/sensors/{id}/waveforms; an unknown sensor is counted, not retried. */
  private async waveformSink(snapshot: WaveformSnapshot, connectorId: string): Promise<void> {
    try {
      await storeWaveform(this.deps, snapshot, `connector:${connectorId}`);
    } catch (err) {
      if (!(err instanceof PrognosError) || err.code !== 'SENSOR_NOT_FOUND') throw err;
      const n = (this.rejected.get(connectorId) ?? 0) + 1;
      this.rejected.set(connectorId, n);
      this.deps.log.warn({ connector: connectorId, rejected: n, first: err.toJSON() }, 'connector waveform rejected');
    }
  }

  private onEvent(e: ConnectorEvent): void {
    this.events.push(e);
    if (this.events.length > 500) this.events.splice(0, this.events.length - 500);
    // a tag that stops updating is a data-quality event: it goes to the live stream as well as the log
    this.deps.bus.emit('connectorEvent', e);
    if (e.type === 'state_changed') {
      const h = this.manager.get(e.connectorId)?.health;
      // one line per change (reconnect attempts are spaced by the back-off), so an outage can be traced in the log
      const line = { connector: e.connectorId, protocol: h?.kind, state: h?.state, change: e.message };
      if (h?.state === 'error') this.deps.log.warn(line, 'connector state changed');
      else this.deps.log.info(line, 'connector state changed');
      if (h) this.deps.bus.emit('connector', h);
    }
  }

  /** Loads the file configuration (optional), the demo's entries and the API's persisted entries, then starts. */
  async start(opts: { configFile?: string; extra?: ConnectorConfigBase[] } = {}): Promise<void> {
    const entries = new Map<string, ConnectorConfigBase>();
    if (opts.configFile) {
      try {
        for (const c of loadConnectorsConfig(opts.configFile, connectorFactories).config.connectors)
          entries.set(c.id, c);
      } catch (err) {
        if (err instanceof ConnectorsConfigError) throw new Error(err.message);
        throw err;
      }
    }
    for (const c of opts.extra ?? []) entries.set(c.id, c);
    const saved = await this.deps.metadata.getSetting(SETTINGS_KEY);
    if (saved) {
      for (const c of JSON.parse(saved) as (ConnectorConfigBase & { deleted?: boolean })[]) {
        this.apiEntries.set(c.id, c);
        if (c.deleted) entries.delete(c.id);
        else entries.set(c.id, c);
      }
    }
    await this.manager.load({ version: 1, connectors: [...entries.values()] });
    await this.manager.start();
  }

  async stop(): Promise<void> {
    await this.manager.stop();
  }

  recentEvents(limit = 100): ConnectorEvent[] {
    return this.events.slice(-limit).reverse();
  }

  list(): ConnectorView[] {
    return this.manager
      .list()
      .map((h) => this.manager.get(h.id))
      .filter((v): v is ConnectorView => !!v)
      .map((v) => ({ config: maskSecrets(v.config), health: this.withRejected(v.health) }));
  }

  get(id: string): ConnectorView {
    const v = this.manager.get(id);
    if (!v) throw new PrognosError('CONNECTOR_NOT_FOUND', [id]);
    return { config: maskSecrets(v.config), health: this.withRejected(v.health) };
  }

  private withRejected(h: ConnectorHealth): ConnectorHealth {
    const r = this.rejected.get(h.id) ?? 0;
    return r ? { ...h, errors: h.errors + r } : h;
  }

  /** Creates or replaces a connector from the API; a masked or missing password keeps the stored one. */
  async put(id: string, body: unknown): Promise<ConnectorView> {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new PrognosError('CONFIG_INVALID', ['the body must be a connector entry object']);
    const entry = { ...(body as Record<string, unknown>), id } as ConnectorConfigBase & Record<string, unknown>;
    const existing = this.manager.get(id)?.config as Record<string, unknown> | undefined;
    if (existing) {
      for (const k of SECRET_KEYS) {
        if ((entry[k] === MASK || entry[k] === undefined) && typeof existing[k] === 'string') entry[k] = existing[k];
      }
    }
    try {
      if (existing) await this.manager.update(entry);
      else await this.manager.add(entry);
    } catch (err) {
      toPrognosError(err);
    }
    this.apiEntries.set(id, entry);
    this.paths.delete(id);
    await this.persist();
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    try {
      await this.manager.remove(id);
    } catch (err) {
      toPrognosError(err);
    }
    this.apiEntries.set(id, { id, kind: 'csv', deleted: true } as ConnectorConfigBase & { deleted: boolean });
    await this.persist();
  }

  private async persist(): Promise<void> {
    await this.deps.metadata.setSetting(SETTINGS_KEY, JSON.stringify([...this.apiEntries.values()]));
  }

  async browse(id: string, path?: string): Promise<BrowseItem[]> {
    try {
      return await this.manager.browse(id, path);
    } catch (err) {
      toPrognosError(err);
    }
  }

  /** Discovery before saving: creates the connector without starting it, browses, and throws it away. */
  async preview(body: unknown, path?: string): Promise<BrowseItem[]> {
    const entry = { enabled: true, ...(body as Record<string, unknown>) } as ConnectorConfigBase;
    const issues = validateConnectorEntry(entry, connectorFactories);
    if (issues.length > 0) toPrognosError(new ConnectorsConfigError(issues));
    const factory = connectorFactories.find((f) => f.kind === entry.kind)!;
    const connector = factory.create(
      { ...entry, id: `preview-${entry.id ?? 'x'}` },
      { dataDir: `${this.deps.dataDir}/connectors/_preview`, log: this.deps.log },
    );
    if (!connector.browse) throw new PrognosError('CONNECTOR_BROWSE_UNSUPPORTED', [entry.kind]);
    try {
      return await connector.browse(path);
    } catch (err) {
      toPrognosError(err);
    } finally {
      await connector.stop().catch(() => {});
    }
  }
}
