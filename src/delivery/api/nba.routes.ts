/** Next-best action over HTTP (issue 18): the outreach catalog, a contact's next action, outcomes, the list. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Crm } from '../../crm/index.js';
import type { NextActionService } from '../../intelligence/decisions/index.js';
import * as R from './contract.js';
import { actorOf, meOf, workspaceOf, writeOptions } from './workspace.js';

const idParams = z.object({ id: z.string().min(1).max(128) });

export const nbaRoutes = (crm: Crm, nba: NextActionService): FastifyPluginAsync => async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/settings/outreach',
    { config: { access: 'read' }, schema: { tags: ['next action'], summary: "The workspace's outreach catalog, response window, fatigue window and default policy", response: { 200: R.outreachSettings } } },
    async (req) => nba.settings(workspaceOf(req)),
  );
  api.put(
    '/api/settings/outreach',
    { config: { access: 'admin' }, schema: { tags: ['next action'], summary: 'Change the outreach catalog (2–30 actions, keys unique), the windows or the default policy (the rollout flag)', body: R.outreachSettingsInput, response: { 200: R.outreachSettings } } },
    async (req) => nba.saveSettings(workspaceOf(req), req.body),
  );
  api.get(
    '/api/contacts/:id/next-action',
    {
      schema: {
        tags: ['next action'],
        summary: 'The next best action for a contact, with its expected response, interval, probability of being best, alternatives and reasons; records a recommendation',
        params: idParams,
        querystring: z.object({ policy: R.policyName.optional() }),
        response: { 200: R.nextAction },
      },
    },
    async (req) => nba.nextAction(workspaceOf(req), req.params.id, { policy: req.query.policy, actor: actorOf(req) }),
  );
  api.post(
    '/api/recommendations/:id/outcome',
    {
      schema: {
        tags: ['next action'],
        summary: 'What came of a recommendation: 204; 404 for an unknown one; 409 when it already has an outcome (nothing changes)',
        params: idParams,
        body: R.outcomeInput,
        response: { 204: R.noContent },
      },
    },
    async (req, reply) => {
      await nba.recordOutcome(workspaceOf(req), req.params.id, req.body.outcome, { at: req.body.at, actor: actorOf(req) });
      return reply.code(204).send(null);
    },
  );
  api.post(
    '/api/recommendations/:id/act',
    { schema: { tags: ['next action'], summary: 'Turn a recommendation into a task or log it as done; either marks it acted on, so a response from the contact is inferred', params: idParams, body: R.actInput, response: { 201: R.actResult } } },
    async (req, reply) => reply.code(201).send(await nba.act(crm, workspaceOf(req), req.params.id, req.body, { ...writeOptions(req), owner: meOf(req) })),
  );
  api.get(
    '/api/recommendations',
    {
      schema: {
        tags: ['next action'],
        summary: 'Recommendations with their outcomes, oldest first; after= a page cursor (next) or an ISO date-time',
        querystring: z.object({
          contact_id: z.string().min(1).max(128).optional(),
          policy: R.policyName.optional(),
          after: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: R.recommendationList },
      },
    },
    async (req) => nba.list(workspaceOf(req), { contactId: req.query.contact_id, policy: req.query.policy, after: req.query.after, limit: req.query.limit }),
  );
};
