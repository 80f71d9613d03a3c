import type { Reading } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';

/** Readings are coalesced and flushed to each client at most this often. */
const FLUSH_MS = 500;
/** Per flush, at most this many readings go out; beyond it only the latest per sensor is kept. */
const MAX_PER_FLUSH = 5000;

/**
 * Live stream over Server-Sent Events: plain HTTP, reconnects on its own in every browser (EventSource), passes
 * proxies, and needs no extra dependency. Events: hello, readings, health, alert, connector, connector-event,
 * quality (a sensor's data-quality state changed), model (a model version trained or activated), job (a training
 * job progressed or finished), waveform (a vibration snapshot was stored: header and summary, no samples).
 */
export function liveRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/events',
    {
      schema: {
        tags: ['live'],
        summary: 'Live readings, health, alerts and sensor-quality changes (text/event-stream)',
      },
    },
    (req, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      res.write('retry: 2000\n\n');
      send('hello', { version: ctx.version });
      ctx.metrics?.sseClients(1);

      let pending: Reading[] = [];
      const onReadings = (r: Reading[]) => {
        if (pending.length < MAX_PER_FLUSH * 2) for (const x of r) pending.push(x);
      };
      const onHealth = (h: unknown) => send('health', h);
      const onAlert = (a: unknown) => send('alert', a);
      const onConnector = (c: unknown) => send('connector', c);
      const onConnectorEvent = (c: unknown) => send('connector-event', c);
      const onQuality = (q: unknown) => send('quality', q);
      const onModel = (m: unknown) => send('model', m);
      const onJob = (j: unknown) => send('job', j);
      const onWaveform = (w: unknown) => send('waveform', w);
      ctx.bus.on('readings', onReadings);
      ctx.bus.on('health', onHealth);
      ctx.bus.on('alert', onAlert);
      ctx.bus.on('connector', onConnector);
      ctx.bus.on('connectorEvent', onConnectorEvent);
      ctx.bus.on('quality', onQuality);
      ctx.bus.on('model', onModel);
      ctx.bus.on('job', onJob);
      ctx.bus.on('waveform', onWaveform);
      const timer = setInterval(() => {
        if (pending.length === 0) return;
        let out = pending;
        pending = [];
        if (out.length > MAX_PER_FLUSH) {
          const last = new Map<string, Reading>();
          for (const r of out) last.set(r.sensor, r);
          out = [...last.values()];
        }
        send('readings', { readings: out });
      }, FLUSH_MS);
      const ping = setInterval(() => send('ping', { ts: Date.now() }), 10_000);
      req.raw.on('close', () => {
        ctx.metrics?.sseClients(-1);
        clearInterval(timer);
        clearInterval(ping);
        ctx.bus.off('readings', onReadings);
        ctx.bus.off('health', onHealth);
        ctx.bus.off('alert', onAlert);
        ctx.bus.off('connector', onConnector);
        ctx.bus.off('connectorEvent', onConnectorEvent);
        ctx.bus.off('quality', onQuality);
        ctx.bus.off('model', onModel);
        ctx.bus.off('job', onJob);
        ctx.bus.off('waveform', onWaveform);
      });
    },
  );
}
