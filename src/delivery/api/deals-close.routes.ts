/**
 * Closing deals (issue 15): the workspace's lost reasons and idle threshold (settings; admins change them), the
 * flagged open deals (overdue close date, idle), and the weighted forecast. Losing a deal itself is a PATCH of the
 * deal (stage closed_lost with lost_reason and lost_note), through the same write path as every other change.
 */
import type { FastifyPluginAsync, preHandlerAsyncHookHandler, preSerializationAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ENTITIES, type CrmRecord } from '../../core/entities.js';
import { DEAL_FLAGS } from '../../crm/deal-flags.js';
import { MAX_LOST_REASON_LENGTH, MAX_LOST_REASONS } from '../../crm/deal-settings.js';
import type { ProbabilitySource } from '../../crm/forecast.js';
import type { Crm } from '../../crm/index.js';
import type { Filter } from '../../storage/index.js';
import { parseListParams } from '../../crm/list-params.js';
import { isClosedStage, stageSums } from '../../crm/pipeline.js';
import type { ScoringService } from '../../intelligence/scoring/index.js';
import * as R from './contract.js';
import { actorOf, meOf, workspaceOf } from './workspace.js';
import { withMe } from '../../crm/follow-up.js';

const FILTERS_DOC = 'Filters on the deals, as on GET /api/deals: field=value, field[op]=value (owner=<member id> or owner=me, product=…, company_id[in]=…)';

const lostReasonsBody = z.strictObject({
  reasons: z
    .array(z.string().max(MAX_LOST_REASON_LENGTH))
    .min(1)
    .max(MAX_LOST_REASONS)
    .describe(`1–${MAX_LOST_REASONS} reasons, each 1–${MAX_LOST_REASON_LENGTH} characters, no two alike in any case; deals keep the reason they were lost with`),
});
const currencyBody = z.strictObject({ currency: z.string().max(10).describe('a three-letter ISO 4217 code (USD, EUR, GBP …); new deals start with it, sums of amounts are shown in it') });
const pipelineCurrenciesBody = z.object({
  data: z.object({
    workspace_currency: z.string(),
    currencies: z.array(
      // Each currency's part as GET /api/pipeline answers for all deals.
      z.object({ currency: z.string(), stages: R.pipelineBody.shape.data, open: R.pipelineBody.shape.open, weighted: z.number().optional() }),
    ),
  }),
});
const closingBody = z.object({
  data: z
    .object({
      outcome: z.enum(['won', 'lost']),
      at: z.string(),
      probability: z.number().nullable(),
      strategy: z.string().nullable(),
      model_version: z.number().nullable(),
    })
    .nullable(),
});
const idleBody = z.strictObject({ days: z.number().int().min(1).max(3650).describe('an open deal without an activity or a stage move for longer than this is flagged idle') });

export const dealCloseRoutes = (crm: Crm, scoring?: ScoringService): FastifyPluginAsync => async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { dealSettings: settings, dealFlags: flags, forecasts } = crm;
  const tags = ['deals'];

  api.get(
    '/api/settings/lost-reasons',
    { schema: { tags, summary: 'The reasons a lost deal picks from (defaults until an admin changes them)', response: { 200: R.lostReasons } } },
    async (req) => ({ data: { reasons: await settings.lostReasons(workspaceOf(req)) } }),
  );
  api.put(
    '/api/settings/lost-reasons',
    { config: { access: 'admin' }, schema: { tags, summary: 'Replace the list of lost reasons (admins; audited)', body: lostReasonsBody, response: { 200: R.lostReasons } } },
    async (req) => ({ data: { reasons: await settings.setLostReasons(workspaceOf(req), req.body.reasons, actorOf(req)) } }),
  );
  api.get(
    '/api/settings/idle-threshold',
    { schema: { tags, summary: 'Days without an activity or stage move after which an open deal is flagged idle (30 by default)', response: { 200: R.idleThreshold } } },
    async (req) => ({ data: { days: await settings.idleDays(workspaceOf(req)) } }),
  );
  api.put(
    '/api/settings/idle-threshold',
    { config: { access: 'admin' }, schema: { tags, summary: 'Set the idle threshold in days (admins; audited)', body: idleBody, response: { 200: R.idleThreshold } } },
    async (req) => ({ data: { days: await settings.setIdleDays(workspaceOf(req), req.body.days, actorOf(req)) } }),
  );

  api.get(
    '/api/settings/currency',
    { schema: { tags, summary: "The workspace's currency: what a new deal starts with and what totals are shown in (USD by default)", response: { 200: R.currencySetting } } },
    async (req) => ({ data: { currency: await settings.currency(workspaceOf(req)) } }),
  );
  api.put(
    '/api/settings/currency',
    { config: { access: 'admin' }, schema: { tags, summary: "Set the workspace's currency (admins; audited); existing deals keep theirs", body: currencyBody, response: { 200: R.currencySetting } } },
    async (req) => ({ data: { currency: await settings.setCurrency(workspaceOf(req), req.body.currency, actorOf(req)) } }),
  );

  api.get(
    '/api/deals/flagged',
    {
      schema: {
        tags,
        summary: 'Open deals that need attention: overdue close date or idle; overdue first (by expected close), then idle (longest first)',
        querystring: z
          .looseObject({
            flag: z.enum(DEAL_FLAGS).optional().describe('only this flag'),
            limit: z.coerce.number().int().min(1).max(500).default(50),
          })
          .describe(FILTERS_DOC),
        response: { 200: R.flaggedDeals },
      },
    },
    async (req) => {
      const ws = workspaceOf(req);
      const { flag, limit, ...rest } = req.query as { flag?: (typeof DEAL_FLAGS)[number]; limit: number } & Record<string, unknown>;
      const { filters } = parseListParams(ENTITIES.deal, withMe(rest, meOf(req))); // owner=me: follow-up.ts
      const { rows, counts } = await flags.flagged(ws, { flag, limit, filters });
      return { data: rows, counts, idle_days: await settings.idleDays(ws) };
    },
  );

  const scored: ProbabilitySource | undefined = scoring
    ? async (ws, deals) => new Map([...(await scoring.scoreMany(ws, 'deal', deals.map((d) => d.id)))].map(([id, s]) => [id, s.probability]))
    : undefined;
  api.get(
    '/api/forecast',
    {
      schema: {
        tags,
        summary: 'Weighted forecast of the open pipeline: amount × win probability per stage and per month of expected close',
        querystring: z.looseObject({ basis: z.enum(['score', 'stage']).optional().describe('stage: use the stages\' default weights even when deals have scores') }).describe(FILTERS_DOC),
        response: { 200: R.forecastBody },
      },
    },
    async (req) => {
      const { basis, ...rest } = req.query as { basis?: 'score' | 'stage' } & Record<string, unknown>;
      const { filters } = parseListParams(ENTITIES.deal, rest);
      return { data: await forecasts.forecast(workspaceOf(req), { filters, probabilities: basis === 'stage' ? undefined : scored }) };
    },
  );

  // Amounts in different currencies are never added into one figure: the board asks for its sums per currency.
  api.get(
    '/api/pipeline/currencies',
    {
      schema: {
        tags,
        summary:
          "Deal count and amount per stage, per currency (a deal without one counts in the workspace's), each currency's open pipeline and, with forecast=true, its weighted forecast; never a sum across currencies",
        querystring: z.looseObject({ forecast: z.enum(['true', 'false']).optional().describe('also the weighted forecast of each currency (scores every open deal)') }).describe(FILTERS_DOC),
        response: { 200: pipelineCurrenciesBody },
      },
    },
    async (req) => {
      const ws = workspaceOf(req);
      const { forecast: withForecast, ...rest } = req.query as { forecast?: 'true' | 'false' } & Record<string, unknown>;
      const query = withMe(rest, meOf(req));
      const home = await settings.currency(ws);
      const base = parseListParams(ENTITIES.deal, query).filters ?? [];
      const groups = await crm.records.aggregate(ws, 'deal', { fn: 'count', groupBy: 'currency', filters: base });
      // Each stored spelling is asked for as it is ("eur" and "EUR" are one currency); no currency is the workspace's.
      const spellings = new Map<string, Filter[]>();
      for (const g of groups) {
        const raw = typeof g.group === 'string' ? g.group.trim() : '';
        const code = raw ? raw.toUpperCase() : home;
        const filter: Filter = raw ? { field: 'currency', op: 'eq', value: g.group } : { field: 'currency', op: 'empty', value: true };
        if (!raw && spellings.get(code)?.some((f) => f.op === 'empty')) continue;
        spellings.set(code, [...(spellings.get(code) ?? []), filter]);
      }
      const currencies = [];
      for (const [currency, filters] of [...spellings].sort(([a], [b]) => (a === home ? -1 : b === home ? 1 : a.localeCompare(b)))) {
        const rows = [];
        let weighted = 0;
        for (const f of filters) {
          const parsed = [...base, f];
          rows.push(...(await crm.records.aggregate(ws, 'deal', { fn: 'sum', field: 'amount', groupBy: 'stage', filters: parsed })));
          if (withForecast === 'true') weighted += (await forecasts.forecast(ws, { filters: parsed, probabilities: scored })).total.weighted;
        }
        const { stages, open } = stageSums(rows);
        currencies.push({
          currency,
          stages,
          open,
          ...(withForecast === 'true' ? { weighted: Math.round(weighted * 100) / 100 } : {}),
        });
      }
      return { data: { workspace_currency: home, currencies } };
    },
  );

  // What the model gave a deal just before it was won or lost (the outcome log's entry for that close), so a closed
  // deal's page can show that rather than what the model makes of it today.
  api.get(
    '/api/deals/:id/closing',
    {
      schema: {
        tags,
        summary: "A closed deal's last close as the outcome log holds it: when, won or lost, and the win probability the CRM gave it just before (null when none was recorded: imported, or closed before scoring)",
        params: z.object({ id: z.string().min(1).max(128) }),
        response: { 200: closingBody },
      },
    },
    async (req) => {
      const ws = workspaceOf(req);
      const deal = await crm.records.get(ws, 'deal', req.params.id);
      const entries = await crm.storage.outcomes.forRecord(ws, 'deal', deal.id);
      const last = [...entries].reverse().find((e) => e.kind === 'deal_won' || e.kind === 'deal_lost');
      const open = !isClosedStage(deal.stage);
      // An entry from a close that was undone (the deal is open again, or closed the other way since) is not this close.
      if (!last || open || (last.kind === 'deal_won') !== (deal.stage === 'closed_won')) return { data: null };
      const score = (last.context as { score?: { probability?: unknown; strategy?: unknown; modelVersion?: unknown } } | null)?.score;
      return {
        data: {
          outcome: last.kind === 'deal_won' ? ('won' as const) : ('lost' as const),
          at: last.at,
          probability: typeof score?.probability === 'number' ? score.probability : null,
          strategy: typeof score?.strategy === 'string' ? score.strategy : null,
          model_version: typeof score?.modelVersion === 'number' ? score.modelVersion : null,
        },
      };
    },
  );
};

/**
 * `include=flags` on GET /api/deals (alone or beside score: `include=score,flags`): route hooks, so the list route
 * stays one handler. Before it runs, `flags` is taken out of `include`; after it, each row gains flags and
 * last_touch_at.
 */
export function dealFlagsInclude(crm: Crm): { preHandler: preHandlerAsyncHookHandler; preSerialization: preSerializationAsyncHookHandler<unknown> } {
  const flags = crm.dealFlags;
  const wanted = new WeakSet<object>();
  return {
    preHandler: async (req) => {
      const query = req.query as Record<string, unknown>;
      if (typeof query.include !== 'string') return;
      const parts = query.include.split(',').map((s) => s.trim());
      if (!parts.includes('flags')) return;
      wanted.add(req);
      const rest = parts.filter((p) => p !== 'flags' && p !== '');
      if (rest.length > 0) query.include = rest.join(',');
      else delete query.include;
    },
    preSerialization: async (req, _reply, payload) => {
      const body = payload as { data?: unknown };
      if (!wanted.has(req) || !Array.isArray(body?.data)) return payload;
      const rows = body.data as CrmRecord[];
      const found = await flags.flagsFor(workspaceOf(req), rows);
      return { ...body, data: rows.map((r) => ({ ...r, ...(found.get(r.id) ?? { flags: [], last_touch_at: null }) })) };
    },
  };
}
