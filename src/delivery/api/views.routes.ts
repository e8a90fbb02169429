/**
 * Saved views of the list screens: a name and the list's query string (filters, sort, columns), shared by everyone
 * in the workspace. Stored in the workspace settings, one array per object under `views.{object}`.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound, validationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Crm } from '../../crm/index.js';
import type { Storage } from '../../storage/index.js';
import * as R from './contract.js';
import { workspaceOf } from './workspace.js';

export const VIEW_OBJECTS = ['companies', 'contacts', 'deals'] as const;
export type ViewObject = (typeof VIEW_OBJECTS)[number];
/** More views than this per object is a mistake (a script in a loop), not a team's habit. */
export const MAX_VIEWS_PER_OBJECT = 200;

export interface SavedView {
  id: string;
  name: string;
  object: ViewObject;
  query: string;
  created_at: string;
}

const viewsKey = (object: ViewObject) => `views.${object}`;

const objectSchema = z.enum(VIEW_OBJECTS);
const viewBody = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('shown in the Views menu; saving under a name the object already has replaces that view'),
  object: objectSchema,
  query: z.string().max(2000).describe('the list\'s query string, e.g. "stage=proposal&sort=-amount&cols=name,amount,score" (a leading ? is dropped)'),
});

async function read(storage: Storage, ws: string, object: ViewObject): Promise<SavedView[]> {
  const value = await storage.settings.get(ws, viewsKey(object));
  return Array.isArray(value) ? (value as SavedView[]) : [];
}

export const viewRoutes = (crm: Crm): FastifyPluginAsync => async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/views',
    {
      schema: {
        tags: ['views'],
        summary: 'Saved views of the list screens, by name; ?object= one of companies, contacts, deals (all when left out)',
        querystring: z.object({ object: objectSchema.optional() }),
        response: { 200: z.strictObject({ data: z.array(R.savedView) }) },
      },
    },
    async (req) => {
      const ws = workspaceOf(req);
      const objects = req.query.object ? [req.query.object] : VIEW_OBJECTS;
      const data: SavedView[] = [];
      for (const object of objects) data.push(...(await read(crm.storage, ws, object)));
      data.sort((a, b) => a.object.localeCompare(b.object) || a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
      return { data };
    },
  );

  api.post('/api/views', { schema: { tags: ['views'], summary: 'Save a view: {name, object, query} → 201 {data}', body: viewBody, response: { 201: z.strictObject({ data: R.savedView }) } } }, async (req, reply) => {
    const ws = workspaceOf(req);
    const { name, object } = req.body;
    const query = req.body.query.replace(/^\?/, '');
    const now = crm.clock.now().toISOString();
    const view = await crm.storage.transaction(async (tx) => {
      const views = await read(tx, ws, object);
      const same = views.findIndex((v) => v.name.toLowerCase() === name.toLowerCase());
      if (same < 0 && views.length >= MAX_VIEWS_PER_OBJECT) {
        throw validationError(`${object} already have ${MAX_VIEWS_PER_OBJECT} saved views; delete one first`, [{ field: 'name', message: 'too many views' }]);
      }
      const saved: SavedView = same >= 0 ? { ...views[same]!, name, query } : { id: newId('vw'), name, object, query, created_at: now };
      const next = same >= 0 ? views.map((v, i) => (i === same ? saved : v)) : [...views, saved];
      await tx.settings.set(ws, viewsKey(object), next, now);
      return saved;
    });
    return reply.code(201).send({ data: view });
  });

  api.delete(
    '/api/views/:id',
    { schema: { tags: ['views'], summary: 'Delete a saved view', params: z.object({ id: z.string().min(1).max(128) }), response: { 204: R.noContent } } },
    async (req, reply) => {
      const ws = workspaceOf(req);
      const { id } = req.params;
      const now = crm.clock.now().toISOString();
      const found = await crm.storage.transaction(async (tx) => {
        for (const object of VIEW_OBJECTS) {
          const views = await read(tx, ws, object);
          if (!views.some((v) => v.id === id)) continue;
          await tx.settings.set(ws, viewsKey(object), views.filter((v) => v.id !== id), now);
          return true;
        }
        return false;
      });
      if (!found) throw notFound('view', id);
      return reply.code(204).send(null);
    },
  );
};
