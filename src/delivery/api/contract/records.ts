/**
 * Answers about records of any declared object: lists, one record, creation with likely duplicates, duplicates,
 * merges, timelines, a contact's data export and erasure. A record's own schema comes from its declaration
 * (core/record-schema.ts), so these take it as an argument; the web app reads them with `CrmRecord`.
 */
import { z } from 'zod';
import { ENTITIES } from '../../../core/entities.js';
import { RECORD_EVENT_KINDS } from '../../../core/events.js';
import { recordSchemas } from '../../../core/record-schema.js';
import { recordEvent } from './access.js';
import { dataList, entityName, envelope } from './common.js';
import { briefScore, outcome } from './scoring.js';

/**
 * A page of a list: `next_cursor` fetches the next one; `total` counts the matches up to 1,000 (`total_capped`:
 * there are more), every match with `total=exact`, none with `total=false`.
 */
export const listPage = <R extends z.ZodType>(record: R) =>
  z.strictObject({
    data: z.array(record),
    next_cursor: z.string().nullable(),
    total: z.number().int().optional().describe('matches, counted up to 1,000 unless total=exact; absent with total=false'),
    total_capped: z.literal(true).optional().describe('present when more records match than total says: the count stopped at 1,000 (show "1,000+"); total=exact counts every match'),
  });
export const recordEnvelope = <R extends z.ZodType>(record: R) => envelope(record);
/** A list row of a scored object: `include=score` adds its score (null: it could not be scored). */
export const scoredRow = <R extends z.ZodType>(record: R) => z.looseObject({ score: briefScore.nullable().optional().describe('with include=score') }).and(record);

export const duplicateCandidate = z.strictObject({ id: z.string(), name: z.string(), reasons: z.array(z.string()) });
export const duplicatePair = z.strictObject({ a: z.string(), b: z.string(), a_name: z.string(), b_name: z.string(), reasons: z.array(z.string()) });
export const duplicateCandidates = dataList(duplicateCandidate);
export const duplicatePairs = dataList(duplicatePair);
export const createResult = <R extends z.ZodType>(record: R) =>
  z.strictObject({ data: record, duplicates: z.array(duplicateCandidate).describe('likely duplicates of the new record, with reasons') });

/** Where one field's kept value comes from (crm/merge.service.ts FieldPlan). */
export const mergeFieldPlan = z.strictObject({
  field: z.string(),
  label: z.string(),
  rule: z.enum(['kept', 'filled', 'chosen', 'newest', 'earliest', 'concatenated', 'united']),
  candidates: z.array(z.strictObject({ from: z.string(), from_name: z.string(), value: z.unknown(), label: z.string().optional().describe('what a reference points to, by name') })),
  conflict: z.boolean().describe('the records disagree: choose with choices'),
  choice: z.string().nullable().describe('the record whose value is kept; null when every value is kept (concatenated, united)'),
  value: z.unknown(),
});
const mergeFilled = z.record(z.string(), z.strictObject({ value: z.unknown(), from: z.string() })).describe('fields whose value the survivor did not have, and where it came from');
export const mergeResult = <R extends z.ZodType>(record: R) =>
  envelope(
    z.strictObject({
      survivor: record,
      merged: z.array(z.string()),
      filled: mergeFilled,
      moved: z.record(z.string(), z.number().int()).describe('related records moved to the survivor, by object'),
      fields: z.array(mergeFieldPlan).describe('where each kept value came from'),
    }),
  );
export const mergePreview = <R extends z.ZodType>(record: R) =>
  envelope(
    z.strictObject({
      survivor: record,
      filled: mergeFilled,
      fields: z.array(mergeFieldPlan).describe('each field some record has a value for: the candidates by record name, the default choice and the value kept'),
      records: z.array(z.strictObject({ id: z.string(), name: z.string() })).describe('the records, survivor first, with their names'),
    }),
  );

/** A change of the record (or of its deals) on its timeline: always a declared object's, with its field changes. */
const timelineEvent = recordEvent.extend({
  type: z.literal('event'),
  entity: entityName,
  kind: z.enum(RECORD_EVENT_KINDS),
  data: z.looseObject({ changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])).optional().describe('field → [old value, new value]') }),
});
export const timelinePage = <R extends z.ZodType>(activity: R) =>
  z.strictObject({
    items: z.array(z.discriminatedUnion('type', [z.strictObject({ type: z.literal('activity'), at: z.string(), activity }), timelineEvent])),
    next_before: z.string().nullable().describe('pass as before= for the next page'),
  });

export const erasureReport = z.strictObject({
  contact: z.string(),
  activities_redacted: z.number().int(),
  deals_unlinked: z.number().int(),
  events_redacted: z.number().int(),
  outcomes_deleted: z.number().int(),
  memory_entries_dropped: z.number().int(),
});
export const erasureEnvelope = envelope(erasureReport);

/** Everything held about a contact (data-subject access). */
export const contactExport = z.strictObject({
  exported_at: z.string(),
  workspace: z.string(),
  contact: recordSchemas(ENTITIES.contact).output,
  company: recordSchemas(ENTITIES.company).outputOrNull,
  deals: z.array(recordSchemas(ENTITIES.deal).output),
  activities: z.array(recordSchemas(ENTITIES.activity).output),
  history: z.array(recordEvent),
  outcomes: z.array(outcome),
});
