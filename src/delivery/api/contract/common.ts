/** What every part of the contract shares: the objects' names, roles, the error body, empty answers, health. */
import { z } from 'zod';
import { ROLES } from '../../../core/access.js';
import { ENTITY_ORDER, SCORE_TARGETS } from '../../../core/entities.js';
import { RESPONSE_ERROR_CODES } from '../../../core/errors.js';

export const nullableString = z.string().nullable();
/** One of the declared objects. */
export const entityName = z.enum(ENTITY_ORDER);
/** What a score is for: a deal's win probability or a contact's lead score (core/entities.ts `score`). */
export const scoreTarget = z.enum(SCORE_TARGETS);
export const role = z.enum(ROLES);

/** The body of every 4xx and 5xx answer (errors.ts). */
export const errorBody = z
  .strictObject({
    error: z.enum(RESPONSE_ERROR_CODES).describe('machine-readable code; the set is closed (core/errors.ts)'),
    message: z.string(),
    details: z.array(z.strictObject({ field: z.string().optional(), message: z.string() })).optional().describe('one entry per problem, naming the field when there is one'),
    merged_into: z.string().optional().describe('on a 404 for a record that was merged: the id of the record it was merged into'),
  })
  .meta({ id: 'Error', description: 'An error' });

/** 204: nothing in the body. */
export const noContent = z.null().describe('No content');

/** `{ data: [item, …] }`: a whole list in one answer. */
export const dataList = <T extends z.ZodType>(item: T) => z.strictObject({ data: z.array(item) });
/** `{ data: item }`: one thing. */
export const envelope = <T extends z.ZodType>(item: T) => z.strictObject({ data: item });

export const healthBody = z.strictObject({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['sqlite', 'postgres']),
  message: z.string().optional().describe('why the database is unavailable'),
});
