/**
 * CSV upload (`POST /api/import`, multipart: stored, then imported by a background job that clients poll at
 * `GET /api/import/jobs/{id}`) and download (`GET /api/export/contacts.csv`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ENTITIES, ENTITY_ORDER, entityByPlural } from '../../core/entities.js';
import { CrmError, validationError } from '../../core/errors.js';
import type { Crm } from '../../crm/index.js';
import { ImportJobService } from '../../crm/import-jobs.js';
import { importFileName, STAGE_HISTORY, type ImportFileKind } from '../../crm/import.service.js';
import { matchCompanies } from '../../crm/import-companies.js';
import { ROLES } from '../../core/access.js';
import * as R from './contract.js';
import { actorOf, authOf, workspaceOf } from './workspace.js';

/**
 * Which object an uploaded file holds: its form field name or file name (`contacts`, `contacts.csv`); a part named
 * stage_history (or a file stage_history.csv) is deals' stage history, in either layout the importer reads.
 */
function entityOfUpload(fieldname: string, filename: string): ImportFileKind | undefined {
  for (const candidate of [fieldname, filename.replace(/\.csv$/i, '')]) {
    if (candidate.toLowerCase() === STAGE_HISTORY) return STAGE_HISTORY;
    const e = entityByPlural(candidate.toLowerCase()) ?? ENTITY_ORDER.map((n) => ENTITIES[n]).find((d) => d.name === candidate.toLowerCase());
    if (e) return e.name;
  }
  return undefined;
}

/** Browsers label CSV files variously (Excel on Windows says vnd.ms-excel); anything else is not a CSV. */
const CSV_TYPES = new Set(['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream', 'text/comma-separated-values', '']);

function uploadTypeProblem(filename: string, mimetype: string): string | undefined {
  const ext = path.extname(filename).toLowerCase();
  if (ext !== '' && ext !== '.csv' && ext !== '.txt') return `${filename} is not a CSV file: upload .csv files`;
  if (!CSV_TYPES.has(mimetype.split(';')[0]!.trim().toLowerCase())) return `${filename} was sent as ${mimetype}, not as CSV (text/csv)`;
  return undefined;
}

/** The boundary parameter of a multipart Content-Type (quoted or not), if it has a usable one. */
function multipartBoundary(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))\s*(?:;|$)/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

/**
 * A failure while reading the multipart body (busboy: a truncated body, a boundary that is not in it, a malformed
 * part header) is the client's: 400 with what went wrong. Errors of the file system (no space …) stay server errors.
 */
function uploadError(e: unknown): unknown {
  if (e instanceof CrmError) return e;
  const err = e as { statusCode?: number; syscall?: string; message?: string };
  if (err.syscall || (err.statusCode && err.statusCode !== 500)) return e;
  return validationError(`the upload is not valid multipart/form-data: ${err.message ?? String(e)}`);
}

/** Below admin, a member sees only the import jobs they started. */
function jobOwnerFilter(req: FastifyRequest): string | null | undefined {
  return ROLES.indexOf(authOf(req).role) >= ROLES.indexOf('admin') ? undefined : actorOf(req);
}

export const importExportRoutes = (crm: Crm): FastifyPluginAsync => async (app) => {
  const jobs = new ImportJobService(crm.storage, crm.clock, crm.importer);
  await jobs.recover();
  // A server closing stops its running import between batches (the job fails, writing nothing of that file).
  app.addHook('onClose', async () => jobs.stop());

  app.post(
    '/api/import',
    {
      schema: {
        tags: ['import'],
        summary:
          'Import CSV files (multipart; one part per file named companies, contacts, deals, stage_history or activities; stage history is imported after deals) as a background job: answers 202 with the job and its Location; poll GET /api/import/jobs/{id} for progress and the report. ?skip_invalid=true imports the valid rows of a file that has errors.',
        response: { 202: R.importJobAccepted.describe('the files are stored and the import job queued') },
      },
    },
    async (req, reply) => {
      const ws = workspaceOf(req);
      if (!req.isMultipart()) throw validationError('send the CSV files as multipart/form-data');
      if (!multipartBoundary(req.headers['content-type'] ?? '')) throw validationError('the multipart/form-data Content-Type has no boundary (or an invalid one)');
      const skipInvalid = (req.query as Record<string, string | undefined>).skip_invalid === 'true';
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-import-'));
      let owned = false;
      try {
        const files: { entity: ImportFileKind; path: string; name: string }[] = [];
        try {
          for await (const part of req.files()) {
            const wrongType = uploadTypeProblem(part.filename, part.mimetype);
            if (wrongType) {
              part.file.resume();
              throw new CrmError('unsupported_type', wrongType);
            }
            const entity = entityOfUpload(part.fieldname, part.filename);
            if (!entity) {
              part.file.resume();
              throw validationError(`cannot tell which object "${part.filename}" holds; name the file or field companies, contacts, deals, stage_history or activities`);
            }
            if (files.some((f) => f.entity === entity)) throw validationError(`two files for ${entity === STAGE_HISTORY ? STAGE_HISTORY : ENTITIES[entity].plural}`);
            const file = path.join(dir, importFileName(entity));
            await pipeline(part.file, fs.createWriteStream(file));
            if (part.file.truncated) throw new CrmError('validation', `${part.filename} is larger than the upload limit`);
            files.push({ entity, path: file, name: part.filename });
          }
        } catch (e) {
          throw uploadError(e);
        }
        if (files.length === 0) throw validationError('no CSV file in the upload');
        const job = await jobs.submit(ws, files, { skipInvalid, source: 'api', actor: actorOf(req), dir });
        owned = true;
        return reply.code(202).header('location', `/api/import/jobs/${job.id}`).send({ job });
      } finally {
        if (!owned) fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  app.get('/api/import/jobs', {
    schema: {
      tags: ['import'],
      summary: 'Import jobs of the workspace, newest first (admins and owners see every one; members their own)',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: R.importJobList },
    },
  }, async (req) => {
    const { limit } = req.query as { limit: number };
    return { data: await jobs.list(workspaceOf(req), { createdBy: jobOwnerFilter(req), limit }) };
  });

  app.get<{ Params: { id: string } }>('/api/import/jobs/:id', {
    schema: {
      tags: ['import'],
      summary: 'An import job: status (queued, running, succeeded, failed), progress per file, and once done the import report',
      response: { 200: R.importJob },
    },
  }, async (req) => jobs.get(workspaceOf(req), req.params.id, jobOwnerFilter(req)));

  // ── company column (issue 15): what the web import's preview says before uploading ──
  app.post('/api/import/company-matches', {
    schema: {
      tags: ['import'],
      summary: 'Which existing company each company name or domain of a file links to (normalised match); null: the import creates it',
      body: z.strictObject({ values: z.array(z.string().max(300)).max(5000) }),
      response: { 200: R.companyMatches },
    },
  }, async (req) => ({ data: await matchCompanies(crm.storage, workspaceOf(req), (req.body as { values: string[] }).values) }));

  app.get<{ Params: { file: string } }>('/api/export/:file', {
      schema: {
        tags: ['import'],
        summary: 'Download one object as CSV, e.g. /api/export/contacts.csv, or the deals\' stage history: /api/export/stage_history.csv',
        response: { 200: { description: 'the CSV file', content: { 'text/csv': { schema: z.string() } } } },
      },
    }, async (req, reply) => {
    const ws = workspaceOf(req);
    const name = req.params.file.replace(/\.csv$/i, '');
    const entity = name === STAGE_HISTORY ? undefined : entityByPlural(name);
    if (!entity && name !== STAGE_HISTORY) throw new CrmError('not_found', `no export named ${req.params.file}; use companies.csv, contacts.csv, deals.csv, activities.csv or stage_history.csv`);
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${entity ? entity.plural : STAGE_HISTORY}.csv"`);
    reply.hijack();
    reply.raw.writeHead(200, reply.getHeaders() as Record<string, string>);
    if (entity) await crm.exporter.exportTo(ws, entity.name, reply.raw);
    else await crm.exporter.exportHistoryTo(ws, reply.raw);
    reply.raw.end();
  });
};
