/**
 * The live event stream (Server-Sent Events on /api/events), shared by every page.
 * EventSource retries on its own, but at a fixed interval and not after an HTTP error; we close it on error and
 * reopen it ourselves with capped exponential backoff plus jitter, so a restarting server is not hammered by
 * every open browser at once. After a reconnect, pages are told to refetch what they may have missed.
 */
import type { AssetHealth, Reading } from '@prognos/core';
import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import type {
  AlertEvent,
  ConnectorHealth,
  HealthEvent,
  Job,
  ModelEvent,
  QualityEvent,
  ReadingsEvent,
} from './api-types';

export type LiveState = 'connecting' | 'open' | 'reconnecting';

export interface LiveStatus {
  state: LiveState;
  /** Failed attempts since the last successful connection. */
  attempt: number;
  /** When the next reconnect attempt happens (state 'reconnecting'). */
  retryAt?: number;
  version?: string;
}

interface Handlers {
  readings: (readings: Reading[]) => void;
  /** Health of a scored window, with the monitor's detail (trend, drivers, components) when it has one. */
  health: (health: HealthEvent) => void;
  alert: (event: AlertEvent) => void;
  /** A connector's health, sent when its state changes and every few seconds. */
  connector: (health: ConnectorHealth) => void;
  /** A sensor's data-quality state changed (good / suspect / bad). */
  quality: (event: QualityEvent) => void;
  /** A model version was trained or activated. */
  model: (event: ModelEvent) => void;
  /** A background job (model training) progressed or finished. */
  job: (job: Job) => void;
  /** The stream came back after a drop: data may have been missed. */
  reconnect: () => void;
}
type Listeners = { [K in keyof Handlers]: Set<Handlers[K]> };

const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

export class LiveStream {
  private es: EventSource | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private everOpened = false;
  private status: LiveStatus = { state: 'connecting', attempt: 0 };
  private readonly statusListeners = new Set<() => void>();
  private readonly listeners: Listeners = {
    readings: new Set(),
    health: new Set(),
    alert: new Set(),
    connector: new Set(),
    quality: new Set(),
    model: new Set(),
    job: new Set(),
    reconnect: new Set(),
  };
  /** Time of the last event of any kind; read on demand, not published (it changes several times a second). */
  lastEventAt = 0;

  constructor(private readonly url = '/api/events') {}

  start(): void {
    if (this.es || this.timer !== undefined) return;
    this.open();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.es?.close();
    this.es = null;
  }

  getStatus = (): LiveStatus => this.status;

  subscribeStatus = (fn: () => void): (() => void) => {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  };

  on<K extends keyof Handlers>(event: K, fn: Handlers[K]): () => void {
    const set = this.listeners[event] as Set<Handlers[K]>;
    set.add(fn);
    return () => set.delete(fn);
  }

  private setStatus(patch: Partial<LiveStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const fn of this.statusListeners) fn();
  }

  private emit<K extends keyof Handlers>(event: K, ...args: Parameters<Handlers[K]>): void {
    for (const fn of this.listeners[event] as Set<(...a: Parameters<Handlers[K]>) => void>) {
      try {
        fn(...args);
      } catch (e) {
        console.error(`live ${event} listener failed`, e);
      }
    }
  }

  private parse<T>(e: Event): T | undefined {
    this.lastEventAt = Date.now();
    try {
      return JSON.parse((e as MessageEvent<string>).data) as T;
    } catch {
      return undefined;
    }
  }

  private open(): void {
    this.timer = undefined;
    if (this.status.state !== 'reconnecting') this.setStatus({ state: 'connecting' });
    const es = new EventSource(this.url);
    this.es = es;
    es.onopen = () => {
      this.lastEventAt = Date.now();
      this.setStatus({ state: 'open', attempt: 0, retryAt: undefined });
      if (this.everOpened) this.emit('reconnect');
      this.everOpened = true;
    };
    es.addEventListener('hello', (e) => {
      const d = this.parse<{ version?: string }>(e);
      if (d?.version) this.setStatus({ version: d.version });
    });
    // An optional keep-alive event lets the status bar tell a quiet plant from a stalled stream.
    es.addEventListener('ping', () => {
      this.lastEventAt = Date.now();
    });
    es.addEventListener('readings', (e) => {
      const d = this.parse<ReadingsEvent>(e);
      if (d && Array.isArray(d.readings)) this.emit('readings', d.readings);
    });
    es.addEventListener('health', (e) => {
      const d = this.parse<AssetHealth>(e);
      if (d?.assetId) this.emit('health', d);
    });
    es.addEventListener('alert', (e) => {
      const d = this.parse<AlertEvent>(e);
      if (d?.alert) this.emit('alert', d);
    });
    es.addEventListener('connector', (e) => {
      const d = this.parse<ConnectorHealth>(e);
      if (d && typeof d.id === 'string') this.emit('connector', d);
    });
    es.addEventListener('quality', (e) => {
      const d = this.parse<QualityEvent>(e);
      if (d && typeof d.sensorId === 'string') this.emit('quality', d);
    });
    es.addEventListener('model', (e) => {
      const d = this.parse<ModelEvent>(e);
      if (d?.model && typeof d.model.assetId === 'string') this.emit('model', d);
    });
    es.addEventListener('job', (e) => {
      const d = this.parse<Job>(e);
      if (d && typeof d.id === 'string') this.emit('job', d);
    });
    es.onerror = () => {
      es.close();
      if (this.es !== es) return;
      this.es = null;
      const attempt = this.status.attempt + 1;
      const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
      this.setStatus({ state: 'reconnecting', attempt, retryAt: Date.now() + delay });
      this.timer = setTimeout(() => this.open(), delay);
    };
  }

  /** Reconnect now instead of waiting for the backoff (the "retry now" button). */
  retryNow(): void {
    if (this.status.state !== 'reconnecting') return;
    clearTimeout(this.timer);
    this.open();
  }
}

export const live = new LiveStream();

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(live.subscribeStatus, live.getStatus);
}

/** Subscribes a handler for the component's lifetime; the latest handler is always called (no resubscribing). */
export function useLiveEvent<K extends keyof Handlers>(event: K, handler: Handlers[K]): void {
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    type Fn = (...a: Parameters<Handlers[K]>) => void;
    const relay: Fn = (...a) => (ref.current as Fn)(...a);
    return live.on(event, relay as Handlers[K]);
  }, [event]);
}
