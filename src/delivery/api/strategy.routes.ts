/** Deal strategy over HTTP (issue 19): settings, a deal's next action as of a moment, training, versions, rollback. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DealStrategyService } from '../../intelligence/strategy/index.js';
import * as S from './contract/strategy.js';
import { validationError } from '../../core/errors.js';
import { actorOf, workspaceOf } from './workspace.js';

/** A board shows at most 25 cards per stage: one call per column. */
const MAX_PREVIEW_IDS = 100;

const POLICY_DESCRIPTIONS: Record<(typeof S.STRATEGY_POLICY_NAMES)[number], string> = {
  ppo: 'PPO trained in a world model learned from the workspace’s deals (Dyna), warm-started by behaviour cloning; the playbook answers until it is trained',
  thompson: 'next-best action per step: a Bayesian logistic bandit of "the deal moved forward this week", Thompson sampling',
  playbook: 'rules: discount on a price objection, escalate without a decision maker, else email → call → meeting → demo → proposal',
  random: 'uniform among the actions within the budget',
};

export const strategyRoutes = (strategy: DealStrategyService): FastifyPluginAsync => async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['deal strategy'];

  api.get('/api/settings/deal-strategy', { config: { access: 'read' }, schema: { tags, summary: 'The deal-strategy catalog (actions and effort costs), budget per deal and reward weighting', response: { 200: S.strategySettings } } }, async (req) =>
    strategy.settings(workspaceOf(req)),
  );
  api.put(
    '/api/settings/deal-strategy',
    { config: { access: 'admin' }, schema: { tags, summary: 'Change the deal-strategy catalog, budget or reward weighting', body: S.strategySettingsInput, response: { 200: S.strategySettings } } },
    async (req) => strategy.saveSettings(workspaceOf(req), req.body),
  );
  api.get(
    '/api/deals/:id/next-action',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: "A deal's next action as of a moment (no look-ahead), by policy, with the action probabilities, the budget left and reasons; records a recommendation",
        params: z.object({ id: z.string().min(1).max(128) }),
        querystring: S.nextActionQuery,
        response: { 200: S.dealNextAction },
      },
    },
    async (req) => strategy.nextAction(workspaceOf(req), req.params.id, { policy: req.query.policy, asOf: req.query.asOf, explore: req.query.explore === 'true', actor: actorOf(req) }),
  );
  api.get(
    '/api/deals/next-actions',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: "Several open deals' suggested action now (default policy, no exploring), for the pipeline board; records nothing",
        querystring: S.dealPreviewQuery,
        response: { 200: S.dealPreviews },
      },
    },
    async (req) => {
      const ids = req.query.ids.split(',').map((id) => id.trim()).filter(Boolean);
      if (ids.length === 0 || ids.length > MAX_PREVIEW_IDS) throw validationError(`ids: give 1 to ${MAX_PREVIEW_IDS} deal ids, comma-separated (got ${ids.length})`, [{ field: 'ids', message: `1 to ${MAX_PREVIEW_IDS} ids` }]);
      return { data: await strategy.preview(workspaceOf(req), ids) };
    },
  );
  api.get('/api/policies', { config: { access: 'read' }, schema: { tags, summary: 'The deal policies and the trained versions with their evaluations', response: { 200: S.policyList } } }, async (req) => {
    const versions = await strategy.versions(workspaceOf(req));
    return { policies: S.STRATEGY_POLICY_NAMES.map((name) => ({ name, trained: name === 'ppo' ? versions.some((v) => v.current) : false, description: POLICY_DESCRIPTIONS[name] })), versions };
  });
  api.post(
    '/api/policies/:policy/train',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Train the policy on everything gathered so far (world model + PPO); answers with the report and the new version',
        params: z.object({ policy: z.string().max(40) }),
        body: S.trainInput.optional(),
        response: { 200: S.trainReport },
      },
    },
    async (req) => strategy.train(workspaceOf(req), req.params.policy, { seed: req.body?.seed, ppoSteps: req.body?.ppoSteps }),
  );
  api.post(
    '/api/policies/:policy/rollback',
    { config: { access: 'admin' }, schema: { tags, summary: 'Retire the current version; the previous one answers again', params: z.object({ policy: z.string().max(40) }), response: { 200: S.policyRollback } } },
    async (req) => ({ policy: req.params.policy, version: await strategy.rollback(workspaceOf(req), req.params.policy) }),
  );
};
