/** Saved views of the list screens (crm/views.service.ts): list, save by name, delete. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Crm } from '../../crm/index.js';
import { VIEW_OBJECTS } from '../../crm/views.service.js';
import * as R from './contract.js';
import { workspaceOf } from './workspace.js';

const objectSchema = z.enum(VIEW_OBJECTS);
const viewBody = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('shown in the Views menu; saving under a name the object already has replaces that view'),
  object: objectSchema,
  query: z.string().max(2000).describe('the list\'s query string, e.g. "stage=proposal&sort=-amount&cols=name,amount,score" (a leading ? is dropped)'),
});

export const viewRoutes = (crm: Crm): FastifyPluginAsync => async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/views',
    {
      schema: {
        tags: ['views'],
        summary: 'Saved views of the list screens, by name; ?object= one of companies, contacts, deals (all when left out)',
        querystring: z.object({ object: objectSchema.optional() }),
        response: { 200: R.savedViewList },
      },
    },
    async (req) => ({ data: await crm.views.list(workspaceOf(req), req.query.object) }),
  );

  api.post(
    '/api/views',
    { schema: { tags: ['views'], summary: 'Save a view: {name, object, query} → 201 {data}', body: viewBody, response: { 201: R.savedViewEnvelope } } },
    async (req, reply) => reply.code(201).send({ data: await crm.views.save(workspaceOf(req), req.body) }),
  );

  api.delete(
    '/api/views/:id',
    { schema: { tags: ['views'], summary: 'Delete a saved view', params: z.object({ id: z.string().min(1).max(128) }), response: { 204: R.noContent } } },
    async (req, reply) => {
      await crm.views.remove(workspaceOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
};
