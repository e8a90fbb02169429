/** Learned deal scores over HTTP: a deal's win probability with its uncertainty and factors, and the model store. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Crm } from '../../crm/index.js';
import { STRATEGIES, type DealScoringService, type StrategyName } from '../../intelligence/scoring/index.js';
import { workspaceOf } from './workspace.js';

export const scoringRoutes = ({ crm, scoring }: { crm: Crm; scoring: DealScoringService }): FastifyPluginAsync => async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/deals/:id/score',
    {
      schema: {
        tags: ['scoring'],
        summary: 'Win probability of a deal now: {probability, strategy, modelVersion, interval, factors, notes}',
        params: z.object({ id: z.string().min(1).max(128) }),
        querystring: z.object({ strategy: z.string().max(40).optional().describe(`one of ${STRATEGIES.join(', ')}; default: the workspace's best`) }),
      },
    },
    async (req) => scoring.scoreDeal(await workspaceOf(crm, req), req.params.id, req.query.strategy),
  );
  api.get('/api/models', { schema: { tags: ['scoring'], summary: 'Trained models, their evaluation and warnings, and the default strategy' } }, async (req) =>
    scoring.status(await workspaceOf(crm, req)),
  );
  api.post('/api/models/train', { schema: { tags: ['scoring'], summary: 'Evaluate every strategy and train the learned ones on all closed deals (a new version each)' } }, async (req) => {
    const report = await scoring.train(await workspaceOf(crm, req));
    return { trained: report.trained, seconds: report.seconds, evaluation: report.evaluation };
  });
  api.post(
    '/api/models/:strategy/rollback',
    { schema: { tags: ['scoring'], summary: 'Retire the current version of a strategy; the previous one scores again', params: z.object({ strategy: z.enum(STRATEGIES) }) } },
    async (req) => ({ strategy: req.params.strategy, version: (await scoring.rollback(await workspaceOf(crm, req), req.params.strategy as StrategyName)) ?? null }),
  );
};
