/** CSV upload (`POST /api/import`, multipart) and download (`GET /api/export/contacts.csv`). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ENTITIES, ENTITY_ORDER, entityByPlural, type EntityName } from '../../core/entities.js';
import { CrmError, validationError } from '../../core/errors.js';
import type { Crm } from '../../crm/index.js';
import * as R from './contract.js';
import { actorOf, workspaceOf } from './workspace.js';

/** Which object an uploaded file holds: its form field name or file name (`contacts`, `contacts.csv`). */
function entityOfUpload(fieldname: string, filename: string): EntityName | undefined {
  for (const candidate of [fieldname, filename.replace(/\.csv$/i, '')]) {
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

export const importExportRoutes = (crm: Crm): FastifyPluginAsync => async (app) => {
  app.post(
    '/api/import',
    {
      schema: {
        tags: ['import'],
        summary: 'Import CSV files (multipart; one part per file named companies, contacts, deals or activities). ?skip_invalid=true imports the valid rows of a file that has errors.',
        response: { 200: R.importReport.describe('every file imported'), 422: R.importReport.describe('a file had errors: nothing of it was written (unless skip_invalid), and the errors are listed') },
      },
    },
    async (req, reply) => {
      const ws = workspaceOf(req);
      if (!req.isMultipart()) throw validationError('send the CSV files as multipart/form-data');
      const skipInvalid = (req.query as Record<string, string | undefined>).skip_invalid === 'true';
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-import-'));
      try {
        const files: { entity: EntityName; file: string; name: string }[] = [];
        for await (const part of req.files()) {
          const wrongType = uploadTypeProblem(part.filename, part.mimetype);
          if (wrongType) {
            part.file.resume();
            throw new CrmError('unsupported_type', wrongType);
          }
          const entity = entityOfUpload(part.fieldname, part.filename);
          if (!entity) {
            part.file.resume();
            throw validationError(`cannot tell which object "${part.filename}" holds; name the file or field companies, contacts, deals or activities`);
          }
          if (files.some((f) => f.entity === entity)) throw validationError(`two files for ${ENTITIES[entity].plural}`);
          const file = path.join(dir, `${ENTITIES[entity].plural}.csv`);
          await pipeline(part.file, fs.createWriteStream(file));
          if (part.file.truncated) throw new CrmError('validation', `${part.filename} is larger than the upload limit`);
          files.push({ entity, file, name: part.filename });
        }
        if (files.length === 0) throw validationError('no CSV file in the upload');
        const report = await crm.importer.importFiles(ws, files, { skipInvalid, source: 'api', actor: actorOf(req) });
        return reply.code(report.ok ? 200 : 422).send(report);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  app.get<{ Params: { file: string } }>('/api/export/:file', {
      schema: {
        tags: ['import'],
        summary: 'Download one object as CSV, e.g. /api/export/contacts.csv',
        response: { 200: { description: 'the CSV file', content: { 'text/csv': { schema: z.string() } } } },
      },
    }, async (req, reply) => {
    const ws = workspaceOf(req);
    const entity = entityByPlural(req.params.file.replace(/\.csv$/i, ''));
    if (!entity) throw new CrmError('not_found', `no export named ${req.params.file}; use companies.csv, contacts.csv, deals.csv or activities.csv`);
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${entity.plural}.csv"`);
    reply.hijack();
    reply.raw.writeHead(200, reply.getHeaders() as Record<string, string>);
    await crm.exporter.exportTo(ws, entity.name, reply.raw);
    reply.raw.end();
  });
};
