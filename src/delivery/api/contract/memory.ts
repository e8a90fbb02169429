/** Semantic memory and queries: similar records, semantic search, natural-language queries, the record graph. */
import { z } from 'zod';
import { entityName, nullableString } from './common.js';

export const similarBody = z.strictObject({ results: z.array(z.strictObject({ id: z.string(), score: z.number(), reasons: z.array(z.string()) })) });

export const searchBody = z.strictObject({
  results: z.array(z.strictObject({ id: z.string(), score: z.number(), vector_score: z.number().nullable(), text_score: z.number().nullable() })),
  interpretation: z.strictObject({ topic: z.string(), industry: nullableString, role: nullableString, explanation: z.string() }),
});

export const queryBody = z.strictObject({
  intent: z.enum(['filter', 'top', 'aggregate', 'semantic', 'similar', 'record']),
  entity: entityName,
  record: z
    .strictObject({ entity: entityName, id: z.string(), name: z.string(), by: z.enum(['name', 'domain', 'email']) })
    .optional()
    .describe('the query named one record on its own (a name, domain or e-mail): open it'),
  interpretation: z.strictObject({
    matches: z
      .array(z.strictObject({ phrase: z.string(), meaning: z.string(), how: z.string(), score: z.number().nullable() }))
      .describe('phrases the lexicon does not list and how each was matched (WordNet, or by meaning with its cosine)'),
    filters: z.array(z.strictObject({ field: z.string(), op: z.string(), value: z.unknown(), label: z.string() })),
    sort: z.strictObject({ field: z.string(), direction: z.enum(['asc', 'desc']) }).nullable(),
    limit: z.number().int().nullable(),
    aggregate: z.strictObject({ fn: z.string(), field: nullableString, groupBy: nullableString }).nullable(),
    semantic: z.strictObject({ topic: z.string(), fallback: z.boolean() }).nullable(),
    similar: z.strictObject({ seed: z.string(), id: nullableString, name: nullableString }).nullable(),
    unparsed: z.array(z.string()),
    notes: z.array(z.string()),
    explanation: z.string(),
  }),
  total: z.number().int(),
  results: z.array(z.looseObject({ id: z.string(), score: z.number(), reasons: z.array(z.string()).optional() }).describe('the record\'s fields, its relevance score and why it matched')),
  value: z.number().nullable().optional(),
  groups: z.array(z.strictObject({ key: z.unknown(), label: z.string(), value: z.number().nullable(), count: z.number().int() })).optional(),
});

export const graphBody = z.strictObject({
  root: z.string(),
  nodes: z.array(z.strictObject({ id: z.string(), entity: entityName, label: z.string(), depth: z.number().int() })),
  edges: z.array(z.strictObject({ from: z.string(), to: z.string(), type: z.string() })),
  truncated: z.boolean(),
});
