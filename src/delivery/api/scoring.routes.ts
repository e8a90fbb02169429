/** Learned scores over HTTP: a deal's win probability, a lead's score and tier, and the model store. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Crm } from '../../crm/index.js';
import type { Intelligence } from '../../intelligence/index.js';
import { STRATEGIES, TARGETS, type ScoringService, type StrategyName, type TargetName } from '../../intelligence/scoring/index.js';
import * as R from './contract.js';
import { workspaceOf } from './workspace.js';

const idParams = z.object({ id: z.string().min(1).max(128) });
const strategyQuery = z.object({ strategy: z.string().max(40).optional().describe(`one of ${STRATEGIES.join(', ')}; default: the workspace's best`) });

export const scoringRoutes = ({ crm, scoring, retrainStatus }: { crm: Crm; scoring: ScoringService; retrainStatus: Intelligence['retrainStatus'] }): FastifyPluginAsync => async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/deals/:id/score',
    {
      schema: {
        tags: ['scoring'],
        summary: 'Win probability of a deal now: {probability, strategy, modelVersion, interval, factors, notes}',
        params: idParams,
        querystring: strategyQuery,
        response: { 200: R.dealScore },
      },
    },
    async (req) => scoring.scoreDeal(workspaceOf(req), req.params.id, req.query.strategy),
  );
  api.get(
    '/api/contacts/:id/score',
    {
      schema: {
        tags: ['scoring'],
        summary: 'Lead score: probability of becoming a customer, 1–99 score, tier (hot ≥ 70, warm ≥ 40, cold), reasons in words',
        params: idParams,
        querystring: strategyQuery,
        response: { 200: R.leadScore },
      },
    },
    async (req) => scoring.scoreContact(workspaceOf(req), req.params.id, req.query.strategy),
  );
  api.get('/api/models', { schema: { tags: ['scoring'], summary: 'Per target (deal, lead): the default strategy and current models with their evaluation and warnings; whether a retrain is due', response: { 200: R.modelsStatus } } }, async (req) => {
    const ws = workspaceOf(req);
    return { ...(await scoring.status(ws)), retrain: await retrainStatus(ws) };
  });
  api.get(
    '/api/outcomes',
    {
      schema: {
        tags: ['scoring'],
        summary: 'The outcome log (reflection buffer), oldest first: deals won/lost/moved, leads converted/disqualified, with the features and score at the time',
        querystring: z.object({
          after: z.coerce.number().int().min(0).default(0).describe('return entries after this seq'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: R.outcomePage },
      },
    },
    async (req) => crm.outcomes.since(workspaceOf(req), req.query.after, req.query.limit),
  );
  api.post(
    '/api/models/train',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['scoring'],
        summary: 'Evaluate every strategy and train the learned ones on all outcomes (a new version each)',
        querystring: z.object({ learning_curve: z.enum(['true', 'false']).default('false').describe('also report quality after 100, 200, 500 and all outcomes') }),
        response: { 200: R.trainResult },
      },
    },
    async (req) => {
      const report = await scoring.train(workspaceOf(req), { learningCurve: req.query.learning_curve === 'true' });
      return { trained: report.trained, seconds: report.seconds, evaluations: report.evaluations.map((e) => ({ ...e })) };
    },
  );
  api.post(
    '/api/models/:target/:strategy/rollback',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['scoring'],
        summary: 'Retire the current version of a strategy; the previous one scores again',
        params: z.object({ target: z.enum(Object.keys(TARGETS) as [TargetName, ...TargetName[]]), strategy: z.enum(STRATEGIES) }),
        response: { 200: R.rollbackResult },
      },
    },
    async (req) => {
      const { target, strategy } = req.params;
      return { target, strategy, version: (await scoring.rollback(workspaceOf(req), target, strategy as StrategyName)) ?? null };
    },
  );
  api.put(
    '/api/models/:target/rollout',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['scoring'],
        summary: "Roll a strategy out to the workspace (a feature flag); null goes back to the evaluation's best",
        params: z.object({ target: z.enum(Object.keys(TARGETS) as [TargetName, ...TargetName[]]) }),
        body: z.strictObject({ strategy: z.enum(STRATEGIES).nullable() }),
        response: { 200: R.rolloutResult },
      },
    },
    async (req) => ({ target: req.params.target, default: await scoring.rollout(workspaceOf(req), req.params.target, req.body.strategy) }),
  );

  const variant = z.union([z.enum(STRATEGIES), z.strictObject({ strategy: z.enum(STRATEGIES), share: z.number().positive().max(1000).optional() })]);
  api.post(
    '/api/experiments',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['experiments'],
        summary: 'Start an A/B test of scoring strategies on deals or leads: records are assigned to variants by a hash of their id',
        body: z.strictObject({ name: z.string().max(200).optional(), target: z.enum(Object.keys(TARGETS) as [TargetName, ...TargetName[]]).default('deal'), variants: z.array(variant).min(2).max(4) }),
        response: { 201: R.experiment },
      },
    },
    async (req, reply) => reply.code(201).send(await scoring.experiments.start(workspaceOf(req), req.body)),
  );
  api.get('/api/experiments', { schema: { tags: ['experiments'], summary: 'Experiments, newest first', response: { 200: R.experimentList } } }, async (req) => ({ data: await scoring.experiments.list(workspaceOf(req)) }));
  api.get(
    '/api/experiments/:id',
    { schema: { tags: ['experiments'], summary: 'An experiment with its results per variant, intervals and significance test', params: z.object({ id: z.string().min(1).max(128) }), response: { 200: R.experimentResults } } },
    async (req) => scoring.experiments.results(workspaceOf(req), req.params.id),
  );
  api.post(
    '/api/experiments/:id/stop',
    { config: { access: 'admin' }, schema: { tags: ['experiments'], summary: 'Stop an experiment; records go back to the default strategy', params: z.object({ id: z.string().min(1).max(128) }), response: { 200: R.experiment } } },
    async (req) => scoring.experiments.stop(workspaceOf(req), req.params.id),
  );
};
