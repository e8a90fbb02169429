/**
 * The protocol over HTTP, through issue 19's contract only: deals are created with `POST /api/deals`, each week's
 * action is asked of `GET /api/deals/{id}/next-action?policy=P&asOf=…&explore=…` (server policies) or picked by a
 * client-side rule, and what happened is written with `POST /api/activities` (with `recommendation_id` when the
 * server recommended it) and `PATCH /api/deals/{id}` (stage, amount, close). Training is `POST
 * /api/policies/{policy}/train`. The server's clock is moved to each write's simulated time first.
 *
 * Answers that break the contract are counted and described (the report prints them), not smoothed over; an
 * answer the bench cannot go on from (no action, an action outside the catalog, a refused write) stops the run
 * with the step and the server's words.
 */
import { call as callServer } from '../nba/driver.js';
import type { LiveServer } from '../nba/server.js';
import { ACTIVITY_DELAY, STAGE_DELAY, type Choice, type Chooser, type DealView, type Recorder } from './simulator.js';
import { ACTIONS, isAction, type Action, type WeekResult } from './world.js';

const REQUEST_TIMEOUT_MS = 120_000;
/** Training may overrun the contract's 60 s: the bench waits (and reports the overrun) rather than abort the run. */
const TRAIN_TIMEOUT_MS = 1_200_000;

export interface HttpStats {
  requests: number;
  nextActionMs: number[];
  writeMs: number[];
  trainSeconds: number[];
  trainReports: unknown[];
  /** Contract breaches seen, by kind, with the first example of each. */
  violations: Map<string, { count: number; example: string }>;
}

export const newStats = (): HttpStats => ({ requests: 0, nextActionMs: [], writeMs: [], trainSeconds: [], trainReports: [], violations: new Map() });

const describe = (json: unknown) => (typeof json === 'string' ? json : JSON.stringify(json)).slice(0, 400);
const iso = (ms: number) => new Date(ms).toISOString();

export class HttpCrm implements Recorder {
  constructor(
    readonly server: LiveServer,
    readonly stats: HttpStats,
    /** The policy whose train endpoint is called (ppo). */
    readonly trainPolicy: string | null,
  ) {}

  violation(kind: string, example: string): void {
    const v = this.stats.violations.get(kind);
    if (v) v.count++;
    else this.stats.violations.set(kind, { count: 1, example });
  }

  async call(method: string, url: string, body?: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<{ status: number; json: unknown; ms: number }> {
    const t = performance.now();
    this.stats.requests++;
    try {
      return await callServer(this.server, method, url, body, timeoutMs);
    } catch (e) {
      throw new Error(`${method} ${url} failed after ${((performance.now() - t) / 1000).toFixed(1)} s: ${(e as Error).message}`);
    }
  }

  private async write(method: string, url: string, body: unknown, expect: number[], what: string): Promise<unknown> {
    const r = await this.call(method, url, body);
    this.stats.writeMs.push(r.ms);
    if (!expect.includes(r.status)) throw new Error(`${what}: ${method} ${url} answered ${r.status}: ${describe(r.json)}`);
    return r.json;
  }

  async createDeal(deal: DealView, at: number): Promise<string> {
    this.server.setTime(at);
    const s = deal.setup;
    const body = {
      name: `${s.prospect.companyName} – ${s.product} (sim ${s.index})`,
      company_id: s.prospect.companyId,
      contact_id: s.prospect.contact.id,
      product: s.product,
      stage: 'lead',
      amount: s.amount,
      currency: 'USD',
      created_at: iso(at),
      expected_close: s.expectedClose,
    };
    const json = (await this.write('POST', '/api/deals', body, [200, 201], `deal ${s.index}`)) as { data?: { id?: unknown; created_at?: unknown } };
    const id = json?.data?.id;
    if (typeof id !== 'string') throw new Error(`deal ${s.index}: POST /api/deals answered without data.id: ${describe(json)}`);
    if (typeof json.data?.created_at === 'string' && Date.parse(json.data.created_at) !== at) this.violation('created_at not kept', `deal ${id}: sent ${iso(at)}, stored ${json.data.created_at}`);
    return id;
  }

  async recordWeek(deal: DealView, at: number, performed: Action, result: WeekResult, choice: Choice): Promise<void> {
    const s = deal.setup;
    const base = { contact_id: s.prospect.contact.id, company_id: s.prospect.companyId, deal_id: deal.id };
    const what = `deal ${deal.id} week ${deal.actions.length}`;
    this.server.setTime(at + ACTIVITY_DELAY);
    if (result.activity) {
      const a = result.activity;
      const linked = choice.recommendationId !== undefined && performed === choice.action;
      await this.write('POST', '/api/activities', {
        type: a.type,
        ...base,
        occurred_at: iso(at + ACTIVITY_DELAY),
        subject: a.subject,
        body: a.body,
        ...(a.outcome ? { outcome: a.outcome } : {}),
        ...(linked ? { recommendation_id: choice.recommendationId } : {}),
      }, [200, 201], what);
    }
    if (result.inbound) {
      const a = result.inbound;
      await this.write('POST', '/api/activities', { type: a.type, ...base, occurred_at: iso(at + ACTIVITY_DELAY + 1000), subject: a.subject, body: a.body }, [200, 201], `${what} (inbound)`);
    }
    const patch: Record<string, unknown> = {};
    if (result.discounted) patch.amount = deal.amount;
    // The stage moved this week (the view already holds the new stage; the recorder compares with the last write).
    if (this.lastStage.get(deal.id) !== result.stage) {
      patch.stage = result.stage;
      if (result.stage === 'closed_won' || result.stage === 'closed_lost') patch.closed_at = iso(at + STAGE_DELAY);
      if (result.stage === 'closed_lost' && result.lostReason) patch.lost_reason = result.lostReason;
    }
    if (Object.keys(patch).length > 0) {
      this.server.setTime(at + STAGE_DELAY);
      await this.write('PATCH', `/api/deals/${encodeURIComponent(deal.id)}`, patch, [200], what);
      if (patch.stage) this.lastStage.set(deal.id, result.stage);
    }
    if (result.stage === 'closed_won' || result.stage === 'closed_lost') this.lastStage.delete(deal.id);
  }

  private readonly lastStage = new Map<string, string>();

  async train(at: number): Promise<unknown> {
    if (!this.trainPolicy) return null;
    this.server.setTime(at);
    const t = performance.now();
    const r = await this.call('POST', `/api/policies/${encodeURIComponent(this.trainPolicy)}/train`, {}, TRAIN_TIMEOUT_MS);
    const seconds = (performance.now() - t) / 1000;
    this.stats.trainSeconds.push(seconds);
    if (r.status !== 200 && r.status !== 201 && r.status !== 202) throw new Error(`POST /api/policies/${this.trainPolicy}/train answered ${r.status}: ${describe(r.json)}`);
    if (seconds > 60) this.violation('train over 60 s', `${seconds.toFixed(1)} s`);
    this.stats.trainReports.push(r.json);
    return r.json;
  }

  /** A chooser asking the server's policy. */
  chooser(policy: string): Chooser {
    return async (deal, asOf, explore) => {
      this.server.setTime(asOf);
      const url = `/api/deals/${encodeURIComponent(deal.id)}/next-action?policy=${encodeURIComponent(policy)}&asOf=${encodeURIComponent(iso(asOf))}&explore=${explore}`;
      const r = await this.call('GET', url);
      this.stats.nextActionMs.push(r.ms);
      if (r.status !== 200) throw new Error(`deal ${deal.id} week ${deal.actions.length}: GET next-action (policy ${policy}) answered ${r.status}: ${describe(r.json)}`);
      const a = r.json as Record<string, unknown>;
      const body = (a && typeof a === 'object' && 'data' in a && a.data && typeof a.data === 'object' ? a.data : a) as Record<string, unknown>;
      if (body !== a) this.violation('next-action wrapped in data', describe(a));
      if (typeof body.action !== 'string') throw new Error(`deal ${deal.id}: next-action has no action: ${describe(a)}`);
      if (!isAction(body.action)) throw new Error(`deal ${deal.id}: the server recommended "${body.action}", outside the catalog (${ACTIONS.join(', ')})`);
      this.checkContract(body, policy, deal);
      return {
        action: body.action,
        ...(typeof body.recommendationId === 'string' ? { recommendationId: body.recommendationId } : {}),
        ...(typeof body.budgetLeft === 'number' ? { budgetLeft: body.budgetLeft } : {}),
      };
    };
  }

  /** The fields the contract promises; a breach is counted, with its first example. */
  private checkContract(body: Record<string, unknown>, policy: string, deal: DealView): void {
    const where = `deal ${deal.id} week ${deal.actions.length}`;
    if (typeof body.recommendationId !== 'string') this.violation('no recommendationId', `${where}: ${describe(body)}`);
    if (body.policy !== policy) this.violation('policy differs from the one asked', `${where}: asked ${policy}, answered ${String(body.policy)}`);
    const probs = body.actionProbabilities;
    if (!probs || typeof probs !== 'object') this.violation('no actionProbabilities', `${where}: ${describe(body)}`);
    else {
      const entries = Object.entries(probs as Record<string, unknown>);
      const sum = entries.reduce((s, [, p]) => s + (typeof p === 'number' ? p : NaN), 0);
      if (!(Math.abs(sum - 1) < 1e-3)) this.violation('actionProbabilities do not sum to 1', `${where}: ${describe(probs)}`);
      if (entries.some(([k]) => !isAction(k))) this.violation('actionProbabilities name actions outside the catalog', `${where}: ${describe(probs)}`);
      const chosen = (probs as Record<string, number>)[body.action as string];
      if (!(typeof chosen === 'number' && chosen > 0)) this.violation('chosen action has probability 0 or none', `${where}: ${String(body.action)} in ${describe(probs)}`);
    }
    if (typeof body.value !== 'number') this.violation('no numeric value', `${where}: ${describe(body.value)}`);
    if (typeof body.budgetLeft !== 'number') this.violation('no numeric budgetLeft', `${where}: ${describe(body.budgetLeft)}`);
    else if (body.budgetLeft !== deal.budgetLeft) this.violation('budgetLeft differs from the effort spent', `${where}: server ${body.budgetLeft}, spent so far ${deal.actions.join(',') || 'nothing'} (left ${deal.budgetLeft})`);
    if (!Array.isArray(body.reasons) || body.reasons.some((r) => typeof r !== 'string')) this.violation('reasons not a list of strings', `${where}: ${describe(body.reasons)}`);
    else if (body.reasons.length === 0) this.violation('no reason given', where);
    if (!('modelVersion' in body)) this.violation('no modelVersion', `${where}: ${describe(body)}`);
  }
}
