/**
 * Operations endpoints: `/metrics` in Prometheus text (prom-client), liveness `/health/live` and readiness
 * `/health/ready`. docs/operations.md describes each metric and how to protect /metrics.
 *
 * /metrics is for a scraper, not for people: with a token configured (CRM_METRICS_TOKEN) it needs
 * `Authorization: Bearer <token>`; without one it answers only clients on this machine (the socket's address,
 * never X-Forwarded-For — and not at all behind a proxy, where every client looks local).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { toTimestamp } from '../../core/clock.js';
import type { Crm } from '../../crm/index.js';
import type { Intelligence } from '../../intelligence/index.js';
import { EMBED_QUEUE, REFINE_QUEUE } from '../../intelligence/memory/embedding-queue.js';
import type { ErrorBody } from './errors.js';
import { RequestMetrics } from './request-metrics.js';
import type { RouteHooks } from './route-hooks.js';

export interface MetricsOptions {
  /** Needed as a bearer token on /metrics; unset: only local clients. */
  token?: string;
  /** Behind a reverse proxy every client looks local: then only the token opens /metrics. */
  behindProxy?: boolean;
}

/** The durable job queues whose depth is reported (embedding; retraining, see intelligence/learning/retrain.ts). */
const QUEUES = [EMBED_QUEUE, REFINE_QUEUE, 'retrain'];
/** AUC outside this range is suspicious (no signal, or a leak from the outcome into the features). */
const AUC_ALARM = { below: 0.6, above: 0.95 };

/** A model's held-out AUC as stored with it, when it has one. */
function aucOf(model: object): number | undefined {
  const value = (model as { evaluation?: { auc?: unknown } | null }).evaluation?.auc;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

const LOCAL_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the process is draining (SIGTERM): readiness turns 503 so a load balancer stops sending. */
export interface Readiness {
  draining: boolean;
}

export function operationsRoutes(deps: { crm: Crm; intelligence?: Intelligence; metrics: MetricsOptions | false; readiness: Readiness; hooks: RouteHooks }) {
  const { crm, intelligence, readiness } = deps;
  const plugin = async (app: FastifyInstance) => {
    // Set before any route here, so these routes are counted too.
    const registry = deps.metrics === false ? undefined : new Registry();
    if (registry) {
      collectDefaultMetrics({ register: registry });
      // Counted by each route registered from now on, by its declared path (the label set stays small: ids are
      // not labels), and by the 404 handler as one route, `unmatched` (route-hooks.ts).
      deps.hooks.metrics = new RequestMetrics(registry, { requests: 'crm_http_requests_total', duration: 'crm_http_request_duration_seconds' }, [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10]);
    }

    app.get('/health/live', { schema: { hide: true } }, async () => ({ status: 'ok' }));

    app.get('/health/ready', { schema: { hide: true } }, async (_req, reply) => {
      const problems: string[] = [];
      if (readiness.draining) problems.push('shutting down');
      try {
        await crm.storage.health();
        const pending = await crm.storage.pendingMigrations();
        if (pending.length > 0) problems.push(`migrations not applied: ${pending.join(', ')}`);
      } catch (e) {
        problems.push(`database unreachable: ${(e as Error).message}`);
      }
      if (problems.length > 0) return reply.code(503).send({ status: 'unavailable', database: crm.storage.dialect, problems });
      return { status: 'ok', database: crm.storage.dialect };
    });

    if (deps.metrics === false || !registry) return;
    const { token, behindProxy = false } = deps.metrics;

    new Gauge({
      name: 'crm_queue_jobs',
      help: 'Jobs in the durable work queues, by queue and state (ready, leased, waiting for a retry)',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        const now = toTimestamp(crm.clock.now());
        for (const queue of QUEUES) {
          const stats = await crm.storage.jobs.stats(queue, now);
          for (const [state, n] of Object.entries(stats)) if (typeof n === 'number') this.set({ queue, state }, n);
        }
      },
    });

    if (intelligence) {
      const batches = new Histogram({
        name: 'crm_embedding_batch_duration_seconds',
        help: 'Time the embedding worker took per batch of queued records',
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
        registers: [registry],
      });
      const embedded = new Counter({ name: 'crm_embedding_texts_total', help: 'Records embedded (new or changed text) by this process', registers: [registry] });
      intelligence.worker.onBatchDone((seconds, report) => {
        batches.observe(seconds);
        embedded.inc(report.embedded);
      });

      const alarm = new Gauge({
        name: 'crm_model_auc_alarm',
        help: `1 when the default model's AUC is below ${AUC_ALARM.below} (no signal) or above ${AUC_ALARM.above} (a leak?)`,
        labelNames: ['workspace', 'target'] as const,
        registers: [],
      });
      // Registered below, after crm_model_auc (prom-client's global registry is not used: one per app).
      const trainedAgo = new Gauge({ name: 'crm_model_age_seconds', help: 'Time since the default model was trained, by workspace and target', labelNames: ['workspace', 'target'] as const, registers: [] });
      const workspaceCount = new Gauge({ name: 'crm_workspaces', help: 'Workspaces in the database', registers: [] });
      // One collect, on the first of these metrics, fills all four from the model store once per scrape; the
      // others are registered after it so they are read after it ran.
      const auc = new Gauge({
        name: 'crm_model_auc',
        help: 'AUC of each current model on its held-out outcomes, by workspace, target and strategy',
        labelNames: ['workspace', 'target', 'strategy'] as const,
        registers: [registry],
        async collect() {
          this.reset();
          alarm.reset();
          trainedAgo.reset();
          const workspaces = await crm.storage.workspaces.list();
          workspaceCount.set(workspaces.length);
          const now = crm.clock.now().getTime();
          for (const ws of workspaces) {
            const status = await intelligence.scoring.status(ws.id);
            for (const t of status.targets) {
              for (const m of t.models) {
                const value = aucOf(m);
                if (value !== undefined) this.set({ workspace: ws.id, target: t.target, strategy: m.strategy }, value);
              }
              const current = t.models.find((m) => m.strategy === t.default);
              const value = current && aucOf(current);
              if (value !== undefined) alarm.set({ workspace: ws.id, target: t.target }, value < AUC_ALARM.below || value > AUC_ALARM.above ? 1 : 0);
              if (current) trainedAgo.set({ workspace: ws.id, target: t.target }, Math.max(0, (now - Date.parse(current.trained_at)) / 1000));
            }
          }
        },
      });
      void auc;
      for (const metric of [alarm, trainedAgo, workspaceCount]) registry.registerMetric(metric);
    }

    const refuse = (reply: FastifyReply, status: number, message: string) => reply.code(status).send({ error: status === 401 ? 'unauthorized' : 'forbidden', message } satisfies ErrorBody);
    app.get('/metrics', { schema: { hide: true } }, async (req: FastifyRequest, reply: FastifyReply) => {
      if (token) {
        const sent = /^bearer +(\S+)$/i.exec(req.headers.authorization?.trim() ?? '')?.[1];
        if (!sent || !sameSecret(sent, token)) return refuse(reply, 401, 'metrics need "Authorization: Bearer <CRM_METRICS_TOKEN>"');
      } else if (behindProxy || !LOCAL_ADDRESSES.has(req.socket.remoteAddress ?? '')) {
        return refuse(reply, 403, 'metrics are served to this machine only; set CRM_METRICS_TOKEN to scrape from elsewhere');
      }
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    });
  };
  // Not encapsulated: the request counter's hook must see every route of the app.
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}
