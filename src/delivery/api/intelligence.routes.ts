/** Semantic memory over HTTP: records like X, and semantic search. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ENTITIES, type EntityName } from '../../core/entities.js';
import type { Crm } from '../../crm/index.js';
import type { RelationGraph } from '../../intelligence/graph/index.js';
import { MAX_QUERY_LIMIT, type NaturalLanguageQueryService } from '../../intelligence/nlq/index.js';
import type { SemanticSearchService } from '../../intelligence/search/index.js';
import { SIMILAR_ENTITIES, type SimilarityService } from '../../intelligence/similarity/similar.service.js';
import * as R from './contract.js';
import { authOf, workspaceOf } from './workspace.js';

const idParams = z.object({ id: z.string().min(1).max(128) });

export interface IntelligenceRouteDeps {
  crm: Crm;
  similarity: SimilarityService;
  search: SemanticSearchService;
  graph: RelationGraph;
  nlq: NaturalLanguageQueryService;
}

export const intelligenceRoutes = ({ crm, similarity, search, graph, nlq }: IntelligenceRouteDeps): FastifyPluginAsync => async (app) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  for (const name of SIMILAR_ENTITIES) {
    const entity = ENTITIES[name];
    api.get(
      `/api/${entity.plural}/:id/similar`,
      {
        schema: {
          tags: [entity.plural],
          summary: `${entity.plural} most like this ${entity.name}, with reasons`,
          params: idParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) }),
          response: { 200: R.similarBody },
        },
      },
      async (req) => {
        const ws = workspaceOf(req);
        return { results: await similarity.similar(ws, name, req.params.id, req.query.limit) };
      },
    );
  }

  api.get(
    '/api/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Semantic search: vector similarity of memory shards blended with full-text relevance',
        querystring: z.object({
          q: z.string().trim().min(1, 'q is required').max(1000),
          entity: R.entityName.default('contact'),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: { 200: R.searchBody },
      },
    },
    async (req) => {
      const ws = workspaceOf(req);
      return search.search(ws, req.query.entity as EntityName, req.query.q, { limit: req.query.limit });
    },
  );

  api.post(
    '/api/query',
    {
      config: { access: 'read' },
      schema: {
        tags: ['search'],
        summary: 'Natural-language query: what was understood (interpretation) and the answer (records, a number or groups)',
        body: z.object({
          // Long pasted text is accepted and cut to the part the parser reads (it says so in the interpretation).
          text: z.string().trim().min(1, 'text is required').max(20_000),
          limit: z.number().int().min(1).max(MAX_QUERY_LIMIT).default(50),
        }),
        response: { 200: R.queryBody },
      },
    },
    async (req) => {
      const ws = workspaceOf(req);
      const { caller } = authOf(req);
      return nlq.query(ws, req.body.text, req.body.limit, caller.via === 'off' ? undefined : { id: caller.user.id, name: caller.user.name, email: caller.user.email });
    },
  );

  api.get(
    '/api/graph/:id',
    {
      schema: {
        tags: ['graph'],
        summary: 'The neighbourhood of any record in the relation graph (works_at, is_with, involves, mentions)',
        params: idParams,
        querystring: z.object({
          depth: z.coerce.number().int().min(1).max(3).default(2),
          limit: z.coerce.number().int().min(1).max(100).default(25).describe('most neighbours of one kind per node'),
        }),
        response: { 200: R.graphBody },
      },
    },
    async (req) => {
      const ws = workspaceOf(req);
      return graph.neighbourhood(ws, req.params.id, req.query.depth, req.query.limit);
    },
  );
};
