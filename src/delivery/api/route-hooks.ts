/**
 * The request hooks of the API, decided once per route when it is registered (Fastify's `onRoute`) instead of as
 * global hooks that ask every request which route it is on: Fastify's `req.routeOptions` builds a new 13-field
 * object on each read, and each global hook is one more call (and a hook stage one more set of closures) on every
 * request. A route gets one `onRequest` function doing, in the order the global hooks did:
 *
 * 1. a NUL character in the URL → 400 (input-guard.ts), before anything else;
 * 2. the security headers, worked out once (security-headers.ts), plus `cache-control: no-store` on API routes
 *    (their answers carry personal data) and HSTS over HTTPS;
 * 3. on API routes that are not public, the caller check (auth.ts), with the route's declared access read once;
 *
 * a NUL check of the parsed body only where a body can be parsed (not GET/HEAD: Fastify never parses theirs); and
 * the request count and duration (request-metrics.ts) with the route's path known in advance.
 *
 * The caller check joins the routes registered after `installAuth` set it, as its global hook did; the metrics count
 * every route, as theirs did (routes registered before they were set up look them up per request). Route-level hooks of the route itself
 * (or of plugins such as the rate limit) run after these, as they ran after the global ones. Requests no route
 * matched (the 404 handler, `reply.callNotFound()`) get the same steps through `notFoundHooks`.
 */
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, RouteOptions } from 'fastify';
import { isApiPath } from './auth.js';
import { nulInBody, nulInUrl } from './input-guard.js';
import type { RequestMetrics } from './request-metrics.js';

export type RouteStep = (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

/** What a step needs to know about its route, read once at registration. */
export interface RouteInfo {
  /** The declared path (`/api/contacts/:id`). */
  url: string;
  method: string | string[];
  config: FastifyContextConfig | undefined;
  /** An API route (auth.ts `isApiPath`). */
  api: boolean;
}

const HSTS = 'max-age=31536000; includeSubDomains';
/** Fastify parses no body for these (handle-request.js: bodyless methods). */
const BODYLESS = new Set(['GET', 'HEAD']);

export class RouteHooks {
  /** The caller check of an API route (auth.ts), for routes registered once it is set; undefined: none needed. */
  auth: ((route: RouteInfo) => RouteStep | undefined) | undefined;
  /** Request counts and durations per route (metrics.ts), for routes registered once it is set. */
  metrics: RequestMetrics | undefined;
  private readonly pageHeaders: [string, string][];
  private readonly apiHeaders: [string, string][];

  constructor(securityHeaders: Record<string, string>) {
    this.pageHeaders = Object.entries(securityHeaders);
    // API answers carry personal data: no browser or proxy cache keeps them.
    this.apiHeaders = [...this.pageHeaders, ['cache-control', 'no-store']];
  }

  /** Adds the hooks to every route registered from now on; call before any route or plugin with routes. */
  install(app: FastifyInstance): void {
    app.addHook('onRoute', (route: RouteOptions) => {
      const info: RouteInfo = { url: route.url, method: route.method, config: route.config as FastifyContextConfig | undefined, api: isApiPath(route.url) };
      route.onRequest = [this.onRequest(info), ...asList(route.onRequest)];
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (methods.some((m) => !BODYLESS.has(m))) route.preValidation = [nulBodyCheck, ...asList(route.preValidation)];
      route.onResponse = [this.onResponse(info.url), ...asList(route.onResponse)];
    });
  }

  /**
   * The hooks of the 404 handler (`setNotFoundHandler`'s options): what an unmatched request got from the global
   * hooks — the URL check and the security headers (no route, so no caller check), the body check, counted as
   * `unmatched` (the metrics are looked up when the request ends: they are set up after the 404 handler).
   */
  notFoundHooks(): { onRequest: RouteStep; preValidation: RouteStep; onResponse: RouteStep } {
    return {
      onRequest: checkUrlSetHeaders(this.pageHeaders),
      preValidation: nulBodyCheck,
      onResponse: (req, reply, done) => {
        this.metrics?.record(req.method, 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
        done();
      },
    };
  }

  private onRequest(route: RouteInfo): RouteStep {
    const headers = route.api ? this.apiHeaders : this.pageHeaders;
    // Fail closed: an API route registered before the caller check exists would otherwise answer anyone.
    if (route.api && !this.auth) throw new Error(`API route ${route.url} registered before the caller check (installAuth); register it after`);
    const auth = route.api ? this.auth?.(route) : undefined;
    if (!auth) return checkUrlSetHeaders(headers);
    return function routeOnRequest(req, reply, done) {
      if (nulInUrl(req, reply)) return;
      setHeaders(req, reply, headers);
      auth(req, reply, done);
    };
  }

  private onResponse(url: string): RouteStep {
    // A route registered before the metrics were set up (the API docs' routes) looks them up per request.
    const known = this.metrics;
    const hooks = this;
    return function countRequest(req, reply, done) {
      // A route that handed the request to the 404 handler (reply.callNotFound) counts it as unmatched, as before.
      (known ?? hooks.metrics)?.record(req.method, req.is404 ? 'unmatched' : url, reply.statusCode, reply.elapsedTime / 1000);
      done();
    };
  }
}

/** The first step of a route without a caller check (and of the 404 handler): the URL check, then the headers. */
function checkUrlSetHeaders(headers: readonly [string, string][]): RouteStep {
  return function routeOnRequest(req, reply, done) {
    if (nulInUrl(req, reply)) return;
    setHeaders(req, reply, headers);
    done();
  };
}

function setHeaders(req: FastifyRequest, reply: FastifyReply, headers: readonly [string, string][]): void {
  for (let i = 0; i < headers.length; i++) reply.header(headers[i]![0], headers[i]![1]);
  if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
}

function nulBodyCheck(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (!nulInBody(req, reply)) done();
}

function asList<T>(hooks: T | T[] | undefined): T[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
}
