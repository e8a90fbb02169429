/** CRUD, relations, timelines, duplicates and merge for every declared object: one plugin, driven by metadata. */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ENTITIES, ENTITY_ORDER, type CrmRecord, type EntityName } from '../../core/entities.js';
import { recordSchemas } from '../../core/record-schema.js';
import type { Crm } from '../../crm/index.js';
import { parseListParams } from '../../crm/list-params.js';
import { stageSums } from '../../crm/pipeline.js';
import { draftRecord } from '../../crm/duplicates.service.js';
import { childRelations, parentRelations, relationName } from '../../crm/relations.js';
import { withMe } from '../../crm/follow-up.js';
import { CrmError, validationError } from '../../core/errors.js';
import type { ScoringService } from '../../intelligence/scoring/index.js';
import { rankByScore } from '../../intelligence/scoring/rank.js';
import type { Page } from '../../storage/index.js';
import * as R from './contract.js';
import { dealFlagsInclude } from './deals-close.routes.js';
import { meOf, workspaceOf, writeOptions } from './workspace.js';

const idParams = z.object({ id: z.string().min(1).max(128) });
const FILTERS_DOC = 'Filters: field=value, field[op]=value with op in eq, ne, gt, gte, lt, lte, in, nin (comma lists), contains, empty, has (tags)';
/** Filters only (the pipeline's totals have no pages, order or search). */
const filterQuery = z.looseObject({}).describe(FILTERS_DOC);
const listQuery = z
  .looseObject({
    q: z.string().optional().describe('full-text search'),
    sort: z.string().optional().describe('field to sort by; prefix with - for descending. Deals and contacts also sort by `score` (win probability, lead score): the matching records, at most 5,000, are scored and ranked (ties by id), pages by offset'),
    limit: z.string().optional().describe('page size, 1–500 (default 50)'),
    cursor: z.string().optional().describe('next_cursor of the previous page'),
    total: z.string().optional().describe('false: no total; exact: count every match; otherwise matches are counted up to 1,000 and past that total is 1,000 with total_capped: true (a count of tens of thousands of matches reads them all)'),
    include: z.string().optional().describe('score: add each deal\'s win probability or each contact\'s lead score (score, tier) to the rows; flags (deals; alone or as score,flags): add flags (overdue, idle) and last_touch_at'),
  })
  .describe(FILTERS_DOC);
const mergeBody = z.strictObject({
  survivor: z.string().min(1),
  merged: z.array(z.string().min(1)).min(1).max(100),
  choices: z
    .record(z.string().max(64), z.string().min(1).max(128))
    .optional()
    .describe('field → id of the record whose value is kept where the records disagree (default: the survivor\'s; the newest for dates)'),
});
const { listPage, recordEnvelope: one } = R;
/** A page's total as the API says it: `total_capped` only when the count stopped at its cap. */
const totalOf = (page: Page) => ({ total: page.total, ...(page.totalCapped ? { total_capped: true as const } : {}) });

export const recordRoutes = (crm: Crm, scoring?: ScoringService): FastifyPluginAsync => async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  for (const name of ENTITY_ORDER) {
    const entity = ENTITIES[name];
    const base = `/api/${entity.plural}`;
    const tags = [entity.plural];
    const schemas = recordSchemas(entity);
    const record = schemas.output;
    const scoredRecord = entity.capabilities.score ? R.scoredRow(record) : record;

    api.get(base, { ...(name === 'deal' ? dealFlagsInclude(crm) : {}), schema: { tags, summary: `List ${entity.plural}`, querystring: listQuery, response: { 200: listPage(name === 'deal' ? R.flaggableRow(scoredRecord) : scoredRecord) } } }, async (req) => {
      const ws = workspaceOf(req);
      const include = (req.query as { include?: string }).include;
      if (include !== undefined && include !== 'score') throw validationError(`unknown include "${include}"; use include=score`, [{ field: 'include', message: 'unknown include' }]);
      const target = entity.capabilities.score;
      if (include === 'score' && (!target || !scoring)) throw validationError(`${entity.plural} have no scores`, [{ field: 'include', message: 'no scores for this object' }]);
      // sort=score / -score: ranked by the computed score (rank.ts), for objects that have one.
      const sortBy = (req.query as { sort?: unknown }).sort;
      if (sortBy === 'score' || sortBy === '-score') {
        if (!target || !scoring) throw validationError(`${entity.plural} have no scores to sort by`, [{ field: 'sort', message: 'no scores for this object' }]);
        const query = parseListParams(entity, { ...(req.query as Record<string, unknown>), sort: undefined });
        const ranked = await rankByScore((q) => crm.records.list(ws, entity, q), scoring, ws, target, query, sortBy === '-score' ? 'desc' : 'asc');
        const rows = include === 'score' ? ranked.records : ranked.records.map(({ score: _s, ...r }) => r);
        return { data: rows, next_cursor: ranked.nextCursor, ...(query.withTotal ? { total: ranked.total } : {}) };
      }
      const page = await crm.records.list(ws, entity, parseListParams(entity, withMe(req.query, meOf(req)))); // owner=me: follow-up.ts
      if (include === 'score') {
        const scores = await scoring!.scoreMany(ws, target!, page.records.map((r) => r.id));
        return { data: page.records.map((r) => ({ ...r, score: scores.get(r.id) ?? null })), next_cursor: page.nextCursor, ...totalOf(page) };
      }
      return { data: page.records, next_cursor: page.nextCursor, ...totalOf(page) };
    });

    api.post(base, {
        schema: {
          tags,
          summary: `Create a ${entity.name}`,
          body: schemas.create,
          response: { 201: R.createResult(record) },
        },
      }, async (req, reply) => {
      const ws = workspaceOf(req);
      const { record, duplicates } = await crm.records.create(ws, entity, req.body, writeOptions(req));
      return reply.code(201).header('location', `${base}/${encodeURIComponent(record.id)}`).send({ data: record, duplicates });
    });

    api.get(`${base}/:id`, { schema: { tags, summary: `Get a ${entity.name}`, params: idParams, response: { 200: one(record), 404: R.errorBody } } }, (req, reply) => {
      const ws = workspaceOf(req);
      // Where storage reads synchronously (SQLite), a found record is answered without a promise; otherwise, and
      // for a missing one (404, or merged_into), the asynchronous read below.
      const now = crm.records.getNow(ws, entity, req.params.id);
      if (!now) return getOrMerged(ws, req.params.id, reply);
      void reply.send({ data: now });
      return undefined;
    });

    const getOrMerged = async (ws: string, id: string, reply: FastifyReply): Promise<{ data: CrmRecord } | undefined> => {
      try {
        return { data: await crm.records.get(ws, entity, id) };
      } catch (e) {
        // A merged record's id leads to its survivor: 404 with merged_into, which the web app follows.
        const into = e instanceof CrmError && e.code === 'not_found' && entity.capabilities.merge ? await crm.merge.mergedInto(ws, entity, id) : undefined;
        if (!into) throw e;
        void reply.code(404).send({ error: 'not_found', message: `${entity.name} ${id} was merged into ${into}`, merged_into: into });
        return undefined;
      }
    };

    api.patch(`${base}/:id`, { schema: { tags, summary: `Update a ${entity.name}`, params: idParams, body: schemas.patch, response: { 200: one(record) } } }, async (req) => {
      const ws = workspaceOf(req);
      return { data: await crm.records.update(ws, entity, req.params.id, req.body, writeOptions(req)) };
    });

    api.delete(`${base}/:id`, { schema: { tags, summary: `Delete a ${entity.name}`, params: idParams, response: { 204: R.noContent } } }, async (req, reply) => {
      const ws = workspaceOf(req);
      await crm.records.delete(ws, entity, req.params.id, writeOptions(req));
      return reply.code(204).send(null);
    });

    for (const { child, field } of childRelations(name)) {
      // contacts/:id/deals, companies/:id/contacts, deals/:id/activities …
      api.get(
        `${base}/:id/${child.plural}`,
        { schema: { tags, summary: `${child.plural} of a ${entity.name}`, params: idParams, querystring: listQuery, response: { 200: listPage(recordSchemas(child).output) } } },
        async (req) => {
          const ws = workspaceOf(req);
          await crm.records.get(ws, entity, req.params.id);
          const query = parseListParams(child, { ...req.query, [field.name]: req.params.id });
          const page = await crm.records.list(ws, child, query);
          return { data: page.records, next_cursor: page.nextCursor, ...totalOf(page) };
        },
      );
    }

    for (const { field, parent } of parentRelations(entity)) {
      // contacts/:id/company, deals/:id/contact …
      api.get(`${base}/:id/${relationName(field)}`, { schema: { tags, summary: `The ${parent.name} of a ${entity.name}`, params: idParams, response: { 200: one(recordSchemas(parent).outputOrNull) } } }, async (req) => {
        const ws = workspaceOf(req);
        const record = await crm.records.get(ws, entity, req.params.id);
        const ref = record[field.name];
        return { data: typeof ref === 'string' ? await crm.records.get(ws, parent, ref) : null };
      });
    }

    if (entity.capabilities.timeline) {
      const timelineQuery = z.object({
        limit: z.coerce.number().int().min(1).max(500).default(50),
        before: z.string().optional().describe('next_before of the previous page'),
      });
      const timelineBody = R.timelinePage(recordSchemas(ENTITIES.activity).output);
      api.get(`${base}/:id/timeline`, { schema: { tags, summary: `Timeline of a ${entity.name}, newest first`, params: idParams, querystring: timelineQuery, response: { 200: timelineBody } } }, async (req) => {
        const ws = workspaceOf(req);
        return crm.timeline.timeline(ws, name, req.params.id, req.query.limit, req.query.before);
      });
    }

    if (entity.duplicateRules.length > 0) {
      api.get(`${base}/:id/duplicates`, { schema: { tags, summary: `Likely duplicates of a ${entity.name}, with reasons`, params: idParams, response: { 200: R.duplicateCandidates } } }, async (req) => {
        const ws = workspaceOf(req);
        const record = await crm.records.get(ws, entity, req.params.id);
        return { data: await crm.records.duplicatesOf(ws, entity, record) };
      });
      api.post(`${base}/duplicates/check`, {
        config: { access: 'read' },
        schema: {
          tags,
          summary: `Likely duplicates of a ${entity.name} before it is saved (the same rules as after), with reasons`,
          description: 'The body is the record as written so far (every field optional, "" empty); with `id`, that record itself is left out (an edit). Nothing is written.',
          body: schemas.draft,
          response: { 200: R.duplicateCandidates },
        },
      }, async (req) => {
        const ws = workspaceOf(req);
        return { data: await crm.records.duplicatesOf(ws, entity, draftRecord(entity, req.body)) };
      });
      api.get(`/api/duplicates/${entity.plural}`, { schema: { tags, summary: `All likely duplicate ${entity.name} pairs`, response: { 200: R.duplicatePairs } } }, async (req) => {
        const ws = workspaceOf(req);
        return { data: await crm.records.duplicatePairs(ws, entity) };
      });
    }

    if (entity.capabilities.merge) {
      api.post(`${base}/merge`, {
        schema: {
          tags,
          summary: `Merge ${entity.plural} into a survivor`,
          body: mergeBody,
          response: { 200: R.mergeResult(record) },
        },
      }, async (req) => {
        const ws = workspaceOf(req);
        return { data: await crm.merge.merge(ws, name as EntityName, req.body.survivor, req.body.merged, { ...writeOptions(req), choices: req.body.choices }) };
      });
      api.post(`${base}/merge/preview`, {
        config: { access: 'read' },
        schema: {
          tags,
          summary: `Preview a merge without writing`,
          body: mergeBody,
          response: { 200: R.mergePreview(record) },
        },
      }, async (req) => {
        const ws = workspaceOf(req);
        const { survivor, filled, fields, records } = await crm.merge.preview(ws, name, req.body.survivor, req.body.merged, req.body.choices);
        return { data: { survivor, filled, fields, records } };
      });
    }
  }

  api.get(
    '/api/contacts/:id/export',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Everything held about a contact (data-subject access): record, company, deals, activities, history, outcomes',
        params: idParams,
        response: { 200: R.contactExport },
      },
    },
    async (req) => crm.privacy.exportContact(workspaceOf(req), req.params.id, writeOptions(req)),
  );

  api.post(
    '/api/contacts/:id/erase',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['contacts'],
        summary: "Erase a contact (right to erasure): the record, its activities' subject, body and custom fields, its history's values, outcomes and memory; an audit entry stays",
        params: idParams,
        response: { 200: R.erasureEnvelope },
      },
    },
    async (req) => ({ data: await crm.privacy.eraseContact(workspaceOf(req), req.params.id, writeOptions(req)) }),
  );

  api.get(`/api/deals/:id/stage-history`, { schema: { tags: ['deals'], summary: 'Stage changes of a deal, oldest first', params: idParams, response: { 200: R.stageHistory } } }, async (req) => {
    const ws = workspaceOf(req);
    return { data: await crm.records.stageHistory(ws, req.params.id) };
  });

  api.get('/api/pipeline', { schema: { tags: ['deals'], summary: 'Deal count and amount per stage, and the open pipeline (open stages only)', querystring: filterQuery, response: { 200: R.pipelineBody } } }, async (req) => {
    const ws = workspaceOf(req);
    const { filters } = parseListParams(ENTITIES.deal, req.query);
    const { stages: data, open } = stageSums(await crm.records.aggregate(ws, 'deal', { fn: 'sum', field: 'amount', groupBy: 'stage', filters }));
    return { data, open };
  });
};
