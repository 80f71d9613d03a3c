import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { installRequestMetrics, metricsRoutes } from '../metrics/routes';
import type { AppContext } from './context';
import { installErrorHandling } from './errors';
import { alertWorkflowRoutes } from './routes-alert-workflow';
import { anomalyRoutes } from './routes-anomaly';
import { assetRoutes } from './routes-assets';
import { connectorRoutes } from './routes-connectors';
import { crewRoutes } from './routes-crew';
import { failureModeRoutes } from './routes-failure-modes';
import { integrationRoutes } from './routes-integrations';
import { knowledgeRoutes } from './routes-knowledge';
import { liveRoutes } from './routes-live';
import { modelRoutes } from './routes-models';
import { notificationRoutes } from './routes-notifications';
import { planRoutes } from './routes-plan';
import { procedureRoutes } from './routes-procedures';
import { qualityRoutes } from './routes-quality';
import { readingRoutes } from './routes-readings';
import { registryRoutes } from './routes-registry';
import { roiRoutes } from './routes-roi';
import { roiReportRoutes } from './routes-roi-report';
import { rulRoutes } from './routes-rul';
import { sensorFaultRoutes } from './routes-sensor-faults';
import { systemRoutes } from './routes-system';
import { trainingRoutes } from './routes-training';
import { waveformRoutes } from './routes-waveforms';
import { whyRoutes } from './routes-why';
import { workOrderRoutes } from './routes-work-orders';

/** Finds packages/web/dist by walking up from this file (works from source and from the bundled CLI). */
export function findWebRoot(explicit?: string): string | undefined {
  if (explicit) return existsSync(join(explicit, 'index.html')) ? resolve(explicit) : undefined;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const cand of [join(dir, 'packages', 'web', 'dist'), join(dir, 'web', 'dist')]) {
      if (existsSync(join(cand, 'index.html'))) return cand;
    }
    dir = dirname(dir);
  }
  return undefined;
}

export interface RouteInfo {
  method: string;
  url: string;
  hidden: boolean;
}

export async function buildApp(ctx: AppContext): Promise<{ app: FastifyInstance; routes: RouteInfo[] }> {
  const app = Fastify({
    // JSON lines on stdout: the level as a word and an ISO time, so log shippers (Loki, Elastic) need no mapping
    logger:
      ctx.config.logLevel === 'silent'
        ? false
        : {
            level: ctx.config.logLevel,
            base: { service: 'prognos', version: ctx.version },
            formatters: { level: (label: string) => ({ level: label }) },
            timestamp: () => `,"time":"${new Date().toISOString()}"`,
          },
    // a request id from a proxy (X-Request-Id) is kept, so its log lines and ours can be joined; else one is made
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // big batches are the normal case for ingest
    bodyLimit: 32 * 1024 * 1024,
    forceCloseConnections: true,
    // per-request lines would drown the log (the UI polls); failures are logged by the error handler
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
  });
  installErrorHandling(app);
  // every response carries its request id: a user's report of a failure can be found in the log
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  installRequestMetrics(app, ctx);
  // the route table, so tests can prove that every route is documented (and, later, authorised)
  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods)
      if (m !== 'HEAD')
        routes.push({ method: m, url: r.url, hidden: !!(r.schema as { hide?: boolean } | undefined)?.hide });
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Prognos API',
        version: ctx.version,
        description:
          'Predictive maintenance: plant model, readings ingest and query, sensor data quality, health, alerts, live events.',
      },
      tags: [
        { name: 'plant' },
        { name: 'assets' },
        { name: 'sensors' },
        { name: 'readings' },
        { name: 'alerts' },
        { name: 'quality', description: 'Sensor trust: data-quality states, reasons and flagged intervals' },
        { name: 'maintenance' },
        { name: 'live' },
        { name: 'connectors' },
        { name: 'simulator' },
        { name: 'system' },
        { name: 'notifications', description: 'Webhook, e-mail, MQTT and CMMS channels, test messages, delivery log' },
        { name: 'integrations', description: 'External systems (CMMS) updating Prognos' },
        { name: 'roi', description: 'Business case (NPV, IRR, payback) and the evidence ledger, every figure traced' },
      ],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  systemRoutes(app, ctx);
  assetRoutes(app, ctx);
  readingRoutes(app, ctx);
  liveRoutes(app, ctx);
  connectorRoutes(app, ctx);
  qualityRoutes(app, ctx);
  sensorFaultRoutes(app, ctx);
  modelRoutes(app, ctx);
  rulRoutes(app, ctx);
  anomalyRoutes(app, ctx);
  waveformRoutes(app, ctx);
  registryRoutes(app, ctx);
  crewRoutes(app, ctx);
  planRoutes(app, ctx);
  alertWorkflowRoutes(app, ctx);
  workOrderRoutes(app, ctx);
  failureModeRoutes(app, ctx);
  notificationRoutes(app, ctx);
  integrationRoutes(app, ctx);
  knowledgeRoutes(app, ctx);
  whyRoutes(app, ctx);
  procedureRoutes(app, ctx);
  trainingRoutes(app, ctx);
  roiRoutes(app, ctx);
  roiReportRoutes(app, ctx);
  metricsRoutes(app, ctx);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const webRoot = findWebRoot(ctx.config.webRoot);
  if (webRoot) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: ['index.html'] });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/html')
        .send(
          '<h1>Prognos</h1><p>The web UI is not built. Run <code>npm run build</code>. The API is at <a href="/docs">/docs</a>.</p>',
        ),
    );
  }
  return { app, routes };
}
