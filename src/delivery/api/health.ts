/**
 * `GET /health`: the process answers and the database was reachable a moment ago. It ran `SELECT 1` through
 * Kysely's executor on every call — a connection hand-out and several promises, the larger part of what a health
 * probe cost. The database check now runs at most once per `checkMs` (1 s by default), shared by every call in that
 * time and by calls made while it runs: a probe still learns of an unreachable database within about a second (and
 * of its return as quickly), and a flood of probes costs the database one query a second. Readiness
 * (`/health/ready`, metrics.ts) still checks on every call, with the migrations.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Crm } from '../../crm/index.js';
import { healthBody } from './contract.js';

export const DEFAULT_HEALTH_CHECK_MS = 1_000;

type Outcome = { ok: true } | { ok: false; message: string };

/**
 * `check` run at most once per `ttlMs`: `latest()` is the last outcome while it is fresh (synchronously, no
 * promise), `run()` the outcome of a check started now or already running.
 */
export class RecentCheck {
  private outcome: Outcome | undefined;
  private at = -Infinity;
  private running: Promise<Outcome> | undefined;

  constructor(
    private readonly check: () => Promise<void>,
    readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  latest(): Outcome | undefined {
    return this.outcome !== undefined && this.now() - this.at < this.ttlMs ? this.outcome : undefined;
  }

  run(): Promise<Outcome> {
    return (this.running ??= this.check().then(
      () => this.settle({ ok: true }),
      (e: unknown) => this.settle({ ok: false, message: e instanceof Error ? e.message : String(e) }),
    ));
  }

  private settle(outcome: Outcome): Outcome {
    this.outcome = outcome;
    this.at = this.now();
    this.running = undefined;
    return outcome;
  }
}

export function healthRoute(app: FastifyInstance, crm: Crm, checkMs = DEFAULT_HEALTH_CHECK_MS): void {
  const database = crm.storage.dialect;
  const check = new RecentCheck(() => crm.storage.health(), checkMs);
  const ok = { status: 'ok' as const, database };
  const answer = (reply: FastifyReply, outcome: Outcome) =>
    outcome.ok ? reply.send(ok) : reply.code(503).send({ status: 'unavailable', database, message: outcome.message });
  app.get('/health', { schema: { tags: ['system'], summary: 'Liveness and database check', response: { 200: healthBody, 503: healthBody } } }, (_req, reply) => {
    const known = check.latest();
    // A fresh outcome is answered without a promise; otherwise after the (shared) check.
    if (known) {
      void answer(reply, known);
      return undefined;
    }
    return check.run().then((outcome) => answer(reply, outcome));
  });
}
