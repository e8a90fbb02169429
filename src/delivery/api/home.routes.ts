/** The home screen (crm/home.service.ts) and the member directory owner pickers need (issue 15). */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { validationError } from '../../core/errors.js';
import type { Crm } from '../../crm/index.js';
import * as R from './contract.js';
import { meOf, workspaceOf } from './workspace.js';

const homeQuery = z.object({
  day_start: z.string().max(40).optional().describe("when the caller's today starts (their local midnight as an ISO instant); default: the server's UTC day"),
  scope: z.enum(['mine', 'everyone']).default('mine').describe("mine: the caller's own tasks and deals; everyone: the whole workspace's (`me` still names the caller)"),
});

export const homeRoutes = (crm: Crm): FastifyPluginAsync => async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { home } = crm;

  api.get(
    '/api/home',
    { schema: { tags: ['home'], summary: "The home screen: my open tasks (overdue, today, this week), my open deals closing within 14 days or overdue, recent activity", querystring: homeQuery, response: { 200: R.homeBody } } },
    async (req) => {
      const now = crm.clock.now();
      let dayStart: Date | undefined;
      if (req.query.day_start !== undefined) {
        dayStart = new Date(req.query.day_start);
        if (Number.isNaN(dayStart.getTime()) || Math.abs(dayStart.getTime() - now.getTime()) > 36 * 60 * 60 * 1000)
          throw validationError('day_start: must be an ISO date-time within a day and a half of now (the start of your today)', [{ field: 'day_start', message: 'must be the start of your today' }]);
      }
      const me = meOf(req);
      if (req.query.scope === 'mine') return home.home(workspaceOf(req), { me, now, dayStart });
      return { ...(await home.home(workspaceOf(req), { me: null, now, dayStart })), me };
    },
  );

  api.get(
    '/api/members',
    { config: { access: 'read' }, schema: { tags: ['home'], summary: "The workspace's members by name (id, name, e-mail), for picking an owner; owner fields hold these ids", response: { 200: R.memberDirectory } } },
    async (req) => ({ data: (await crm.access.members(workspaceOf(req))).map((m) => ({ id: m.id, name: m.name, email: m.email })) }),
  );
};
