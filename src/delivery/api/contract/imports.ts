/** Imports: the report of an import, background import jobs, and company matches for an import's preview. */
import { z } from 'zod';
import { entityName } from './common.js';

/** What an import file holds: one object's records, or deals' stage history (stage_history.csv). */
const importFileKind = z.union([entityName, z.literal('stage_history')]);

export const importReport = z.strictObject({
  files: z.array(
    z.strictObject({
      file: z.string(),
      entity: importFileKind,
      rows: z.number().int(),
      inserted: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      skipped: z.number().int(),
      errors: z.array(z.strictObject({ file: z.string(), line: z.number().int(), id: z.string().optional(), field: z.string().optional(), message: z.string() })),
      more_errors: z.number().int(),
      rolled_back: z.boolean(),
      duplicates: z.number().int(),
      seconds: z.number(),
      companies_linked: z.number().int().optional().describe('with a company column (names or domains): rows linked to existing companies'),
      companies_created: z.number().int().optional().describe('with a company column: companies created for names or domains not found'),
    }),
  ),
  not_imported: z.array(z.string()),
  ok: z.boolean(),
});

export const importJob = z
  .strictObject({
    id: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']).describe('succeeded: every file imported; failed: see report (row errors) or error'),
    created_by: z.string().nullable().describe('who uploaded it (null: the system or AUTH=off)'),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    skip_invalid: z.boolean(),
    files: z.array(
      z.strictObject({
        file: z.string(),
        entity: importFileKind,
        phase: z.enum(['waiting', 'validating', 'writing', 'done']).describe('validating: parsing, checking and staging rows; writing: the final transaction that makes them visible'),
        bytes_total: z.number().int(),
        bytes_done: z.number().int(),
        rows_done: z.number().int(),
      }),
    ),
    report: importReport.nullable().describe('once the job ran: the same report the import gives (ok, per-file counts, row errors with file and line)'),
    error: z.string().nullable().describe('why the job failed without a report (an unexpected error, the server stopping)'),
  })
  .meta({ id: 'ImportJob' });

export const importJobAccepted = z.strictObject({ job: importJob });
export const importJobList = z.strictObject({ data: z.array(importJob) });

/** Each company name or domain of an import's company column, with the company it would link to (null: created). */
export const companyMatches = z.strictObject({ data: z.array(z.strictObject({ value: z.string(), company: z.strictObject({ id: z.string(), name: z.string() }).nullable() })) });
