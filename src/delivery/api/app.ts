/** The HTTP API: a Fastify app assembled from the CRM services it is given. */
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import qs from 'qs';
import type { Crm } from '../../crm/index.js';
import type { Intelligence } from '../../intelligence/index.js';
import { installAuth, type AuthOptions } from './auth.js';
import { authRoutes } from './auth.routes.js';
import { errorHandler, type ErrorBody } from './errors.js';
import { guardInput } from './input-guard.js';
import { healthRoute } from './health.js';
import { lazyRequestLogger } from './request-logger.js';
import { securityHeaders } from './security-headers.js';
import { RouteHooks } from './route-hooks.js';
import { operationsRoutes, type MetricsOptions, type Readiness } from './metrics.js';
import { documentErrors, openapiTransform, openapiTransformObject } from './responses.js';
import { importExportRoutes } from './import-export.routes.js';
import { responseSerializerCompiler } from './serializer.js';
import { ingestRoutes, type IngestRouteOptions } from './ingest.routes.js';
import { scoringRoutes } from './scoring.routes.js';
import { intelligenceRoutes } from './intelligence.routes.js';
import { recordRoutes } from './records.routes.js';
import { viewRoutes } from './views.routes.js';
import { homeRoutes } from './home.routes.js';
import { dealCloseRoutes } from './deals-close.routes.js';
import { nbaRoutes } from './nba.routes.js';
import { strategyRoutes } from './strategy.routes.js';
import { DealStrategyService } from '../../intelligence/strategy/index.js';
import { webAppRoutes } from '../web/web-app.routes.js';

export interface AppOptions {
  crm: Crm;
  /** Semantic memory routes (similar, search) are served when the intelligence layer is given. */
  intelligence?: Intelligence;
  logger?: boolean | { level: string };
  /** Largest accepted upload per CSV file, in bytes. */
  maxUploadBytes?: number;
  /** Authentication and rate limits; on unless said otherwise (AUTH=off is for a private machine only). */
  auth?: AuthOptions;
  trustProxy?: boolean;
  /** Where the built web app is served from (config.webDistDir; default: CRM_WEB_DIST or dist/web). */
  webDistDir?: string;
  /** /metrics (Prometheus text): who may read it, or false for none (metrics.ts). Default: this machine only. */
  metrics?: MetricsOptions | false;
  /** Set to draining on shutdown, so /health/ready answers 503 while requests finish. */
  readiness?: Readiness;
  /** Ingestion's readers and limits (default: every format, DEFAULT_INGEST_LIMITS). */
  ingest?: IngestRouteOptions;
  /** Seeds the deal strategy's exploration draws (config.strategySeed, DEAL_STRATEGY_SEED); unset: seeded by the clock. */
  strategySeed?: number;
  /** How long `GET /health` reuses its last database check (health.ts; default 1 s). */
  healthCheckMs?: number;
}

/**
 * Fastify logs two `info` lines per request (incoming, completed), which cost more than some routes; here one
 * line per request at `debug`, errors still at `error`.
 */
class QuietRequestLog extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    // The line's object (and the clock read for its time) only when debug lines are written.
    else if ((reply.log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('debug') !== false) reply.log.debug({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
  override routeNotFound(request: FastifyRequest): void {
    request.log.debug(`no route ${request.method} ${request.url}`);
  }
}

export async function createApp({ crm, intelligence, logger = false, maxUploadBytes = 512 * 1024 * 1024, auth = { mode: 'on' }, trustProxy = false, webDistDir, metrics = { behindProxy: trustProxy }, readiness = { draining: false }, ingest, strategySeed, healthCheckMs }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    logController: new QuietRequestLog(),
    // req.log made when a request first logs at an enabled level, not for every request (request-logger.ts).
    childLoggerFactory: lazyRequestLogger,
    bodyLimit: 10 * 1024 * 1024,
    // Bracketed filters: amount[gte]=50000&stage[in]=lead,qualified
    // Behind a reverse proxy: client addresses from X-Forwarded-For, for rate limits and the audit log.
    trustProxy,
    routerOptions: {
      querystringParser: (s: string) => qs.parse(s, { depth: 1, arrayLimit: 100, parameterLimit: 200 }) as Record<string, unknown>,
      // Room for the longest id (128 characters, each up to 3 once URL-encoded); Fastify's default of 100 sent
      // longer ids to "no route".
      maxParamLength: 400,
    },
    // A URL the router cannot read (bad percent-encoding, an overlong part) answers with the API's error body too.
    frameworkErrors: (err, _req, reply) => {
      const status = err.statusCode ?? 400;
      const message = status === 414 ? 'a part of the URL is too long' : 'the URL is not valid (bad percent-encoding)';
      return (reply as FastifyReply).code(status).send({ error: status === 414 ? 'too_long' : 'bad_request', message } satisfies ErrorBody);
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  app.setErrorHandler(errorHandler);
  // Every route's 4xx and 5xx answers are the error body (responses.ts); registered before any route.
  documentErrors(app);
  guardInput(app);
  // The URL and body checks, security headers, caller check and request metrics, as each route needs them,
  // attached when it registers (route-hooks.ts); the 404 handler gets its share. Before any route.
  const hooks = new RouteHooks(securityHeaders());
  hooks.install(app);
  app.setNotFoundHandler(hooks.notFoundHooks() as object, (req, reply) => reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } satisfies ErrorBody));

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'HoloLoom CRM API', version: '0.1.0', description:
        'Companies, contacts, deals and activities. Authenticate with an API token (`Authorization: Bearer crm_…`, made with `crm token create` or in Settings) or the web app\'s session cookie (writes then need the X-CSRF-Token header). A member of several workspaces names one with X-Workspace-Id.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'crm_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: openapiTransform,
    // Schemas with an id (Error, Company, Contact, … see responses.ts) become components and are referenced.
    transformObject: openapiTransformObject,
  });
  // Security headers on every answer (CSP, no sniffing, frame denial …; security-headers.ts, set by route-hooks.ts);
  // the API docs page gets a CSP of its own. Computed once: @fastify/helmet rebuilt helmet's middleware on every
  // request (8% of a get-by-id's CPU).
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Swagger UI sets one inline style of its own; and no upgrade of plain-HTTP requests, as above.
    transformStaticCSP: (header) => header.replace(/style-src ([^;]*)/, (_m, v: string) => `style-src ${v} 'unsafe-inline'`).replace(/\s*upgrade-insecure-requests;?/, ''),
  });
  await installAuth(app, crm, auth, hooks);
  // Before the other routes, so the request metrics' hook sees all of them.
  await app.register(operationsRoutes({ crm, intelligence, metrics, readiness, hooks }));

  // The database checked at most once per healthCheckMs, shared by the calls meanwhile (health.ts).
  healthRoute(app, crm, healthCheckMs);
  await app.register(authRoutes(crm, auth));
  await app.register(recordRoutes(crm, intelligence?.scoring));
  // Uploads: @fastify/multipart's parser and hooks only where files are taken. Registered for the whole app, its
  // hooks ran on every request — an async onRequest adding a 'close' listener to the response and an async
  // onResponse cleaning saved files — two promises and a listener per get-by-id that never uploads anything.
  await app.register(async (uploads) => {
    await uploads.register(fastifyMultipart, { limits: { fileSize: maxUploadBytes, files: 4 } });
    await uploads.register(importExportRoutes(crm));
    await uploads.register(ingestRoutes(crm, ingest));
  });
  await app.register(viewRoutes(crm));
  await app.register(homeRoutes(crm));
  await app.register(dealCloseRoutes(crm, intelligence?.scoring));
  if (intelligence) await app.register(scoringRoutes({ crm, scoring: intelligence.scoring, retrainStatus: intelligence.retrainStatus }));
  if (intelligence) await app.register(nbaRoutes(crm, intelligence.nextAction));
  // Deal strategy (issue 19) needs only storage: served with or without the intelligence layer.
  // Buyer notes are read by meaning as well as by the lexicon (strategy/buyer-meaning.ts, given the embedding
  // provider). Off since 2026-12-06 (the first meaning reader read concerns that were not there: the blind world's
  // playbook fell 25.5 → 17.0 %); the fourteenth pass's reader (held-out statements 37 → 49 of 90, neutral raises
  // 7 → 2 of 36) on the blind world, seeds 1–2 at 5,000 + 2,000: ppo 32.5 → 48.4 %, the playbook 26.3 → 23.7 %, the
  // best fixed rule 28.35 % either way. docs/deal-strategy.md, the lead's blind world after the fourteenth pass.
  await app.register(strategyRoutes(new DealStrategyService(crm.storage, crm.clock, { seed: strategySeed, provider: intelligence?.provider })));
  if (intelligence) await app.register(intelligenceRoutes({ crm, similarity: intelligence.similarity, search: intelligence.search, graph: intelligence.graph, nlq: intelligence.nlq }));
  await app.register(webAppRoutes(webDistDir));
  return app;
}
