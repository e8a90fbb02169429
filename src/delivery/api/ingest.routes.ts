/**
 * Ingestion: `POST /api/ingest` (multipart, one or many files under any field names) turns files into activities,
 * contacts and links; `GET /api/activities/{id}/original` downloads the file an activity was made from.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { CrmError, validationError } from '../../core/errors.js';
import type { Crm } from '../../crm/index.js';
import type { ReviewDecision } from '../../crm/ingest.service.js';
import { MailboxSyncService } from '../../crm/ingest-sync.js';
import { parseImapUrl, readMailbox } from '../../intelligence/ingest/imap.js';
import { createIngestService, DEFAULT_INGEST_LIMITS, ReaderPool, type IngesterRegistry, type IngestFileResult, type IngestLimits } from '../../intelligence/ingest/index.js';
import * as R from './contract.js';
import { actorOf, workspaceOf } from './workspace.js';

/** Files one request may carry, and their bytes together (each is read into memory before any is ingested). */
const MAX_FILES = 50;
const MAX_UPLOAD_BYTES = 4 * DEFAULT_INGEST_LIMITS.maxFileBytes;

const HINT_ENTITY = { contactId: 'contact', companyId: 'company', dealId: 'deal' } as const;

/** The media type an original is served with, by what it was read as. */
const MEDIA_TYPES: Record<string, string> = {
  email: 'message/rfc822', mbox: 'application/mbox', pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  csv: 'text/csv', html: 'text/html', text: 'text/plain', vcard: 'text/vcard', calendar: 'text/calendar', transcript: 'text/plain', chat: 'application/json',
};

export interface IngestRouteOptions {
  registry?: IngesterRegistry;
  limits?: IngestLimits;
}

export const ingestRoutes = (crm: Crm, opts: IngestRouteOptions = {}): FastifyPluginAsync => async (app) => {
  const pool = new ReaderPool();
  const ingest = createIngestService(crm, opts.registry, opts.limits, pool);
  app.addHook('onClose', () => pool.close());

  app.post<{ Querystring: z.infer<typeof R.ingestQuery> }>('/api/ingest', {
    schema: {
      tags: ['ingest'],
      querystring: R.ingestQuery,
      summary: 'Ingest files (multipart; one or many, any field names): e-mails, mailboxes, PDFs, Office files, lead lists, web pages, text, vCards, calendars, transcripts, chat exports — detected by content. Each becomes activities, contacts and links; the same file (or Message-ID) again answers with the first result. A file that cannot be read is a 415 (unsupported) or 400 (corrupt, too large) naming it; in a multi-file upload the others are ingested and it is listed under errors.',
      response: { 200: R.ingestResponse },
    },
  }, async (req) => {
    const ws = workspaceOf(req);
    if (!req.isMultipart()) throw validationError('send the files as multipart/form-data');
    const uploads: { name: string; bytes: Uint8Array }[] = [];
    let received = 0;
    try {
      for await (const part of req.files({ limits: { files: MAX_FILES, fileSize: DEFAULT_INGEST_LIMITS.maxFileBytes } })) {
        const bytes = await part.toBuffer();
        received += bytes.length;
        if (received > MAX_UPLOAD_BYTES) throw validationError(`an upload may carry at most ${MAX_UPLOAD_BYTES} bytes in all; send the files in several uploads`);
        uploads.push({ name: part.filename || part.fieldname, bytes: new Uint8Array(bytes) });
      }
    } catch (e) {
      const err = e as { code?: string; part?: { filename?: string }; message?: string };
      if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw validationError(`a file is larger than ${DEFAULT_INGEST_LIMITS.maxFileBytes} bytes`);
      if (err.code === 'FST_FILES_LIMIT') throw validationError(`at most ${MAX_FILES} files per upload`);
      if (e instanceof CrmError) throw e;
      throw validationError(`the upload is not valid multipart/form-data: ${err.message ?? String(e)}`);
    }
    if (uploads.length === 0) throw validationError('no file in the upload');
    const given = (['contactId', 'companyId', 'dealId'] as const).filter((k) => req.query[k]);
    if (given.length > 1) throw validationError('link the files to one record at most (contactId, companyId or dealId)');
    const hint = given[0] ? { entity: HINT_ENTITY[given[0]], id: req.query[given[0]]! } : undefined;
    const files: IngestFileResult[] = [];
    const errors: { file: string; message: string }[] = [];
    let firstError: unknown;
    for (const u of uploads) {
      try {
        files.push(...(await ingest.ingest(ws, u.name, u.bytes, { actor: actorOf(req), hint })));
      } catch (e) {
        if (!(e instanceof CrmError) || (e.code !== 'validation' && e.code !== 'unsupported_type')) throw e;
        firstError ??= e;
        errors.push({ file: u.name, message: e.message });
      }
    }
    // One file, or none readable: the answer is that file's error (4xx naming it).
    if (files.length === 0) throw firstError;
    return { files, errors };
  });

  app.get<{ Querystring: z.infer<typeof R.ingestReviewQuery> }>('/api/ingest/review', {
    config: { access: 'read' },
    schema: {
      tags: ['ingest'],
      summary: "The review inbox: ingested items whose links were less sure than the workspace's threshold, written without them (pending ones, newest first, unless status says otherwise)",
      querystring: R.ingestReviewQuery,
      response: { 200: R.ingestReviewList },
    },
  }, async (req) => {
    const ws = workspaceOf(req);
    return { threshold: await ingest.reviewThreshold(ws), items: await ingest.reviews(ws, { status: req.query.status ?? 'pending', limit: req.query.limit }) };
  });

  app.post<{ Params: { id: string }; Body: ReviewDecision }>('/api/ingest/review/:id', {
    schema: {
      tags: ['ingest'],
      summary: 'Resolve a review: {"accept": true} applies the suggested links, {"change": {contactId?, companyId?, dealId?}} applies others (a contact brings its company), {"reject": true} leaves the item unlinked. 404 unknown, 409 already resolved',
      params: z.strictObject({ id: z.string().max(128) }),
      body: R.ingestReviewDecision,
      response: { 200: R.ingestReview },
    },
  }, async (req) => ingest.resolveReview(workspaceOf(req), req.params.id, req.body, actorOf(req)));

  app.get('/api/settings/ingest', {
    config: { access: 'read' },
    schema: { tags: ['ingest'], summary: "Ingestion settings: the review threshold", response: { 200: R.ingestSettings } },
  }, async (req) => ({ reviewThreshold: await ingest.reviewThreshold(workspaceOf(req)) }));

  app.put<{ Body: z.infer<typeof R.ingestSettings> }>('/api/settings/ingest', {
    config: { access: 'admin' },
    schema: { tags: ['ingest'], summary: 'Change the review threshold (0–1; 0 applies every link, 1 sends everything not certain to review)', body: R.ingestSettings, response: { 200: R.ingestSettings } },
  }, async (req) => ({ reviewThreshold: await ingest.setReviewThreshold(workspaceOf(req), req.body.reviewThreshold) }));

  const mailboxes = new MailboxSyncService(crm.storage, crm.clock, ingest, readMailbox);
  app.get('/api/settings/mailboxes', {
    config: { access: 'admin' },
    schema: { tags: ['ingest'], summary: 'Mailboxes synced continuously (by `crm serve` when due), with the last UID synced', response: { 200: R.mailboxList } },
  }, async (req) => {
    const ws = workspaceOf(req);
    const list = await mailboxes.mailboxes(ws);
    return {
      mailboxes: await Promise.all(list.map(async (m) => {
        let lastUid: number | null = null;
        try {
          lastUid = (await mailboxes.progress(ws, parseImapUrl(m.url, 'placeholder')))?.lastUid ?? null;
        } catch {
          lastUid = null;
        }
        return { ...m, lastUid };
      })),
    };
  });

  app.post<{ Body: z.infer<typeof R.mailboxSetting> }>('/api/settings/mailboxes', {
    config: { access: 'admin' },
    schema: { tags: ['ingest'], summary: "Sync a mailbox continuously (or change its interval): the password stays in the server's environment variable named", body: R.mailboxSetting, response: { 200: R.mailboxList } },
  }, async (req) => {
    const ws = workspaceOf(req);
    if (/^imaps?:\/\/[^/@]*:[^/@]*@/i.test(req.body.url)) throw validationError('put the password in the environment variable, not in the address', [{ field: 'url', message: 'no password in the address' }]);
    let key: string;
    try {
      key = parseImapUrl(req.body.url, 'placeholder').key;
    } catch (e) {
      throw validationError((e as Error).message, [{ field: 'url', message: (e as Error).message }]);
    }
    await mailboxes.watch(ws, { ...req.body, url: key }, parseImapUrl);
    return { mailboxes: (await mailboxes.mailboxes(ws)).map((m) => ({ ...m, lastUid: null })) };
  });

  app.get<{ Params: { id: string } }>('/api/activities/:id/original', {
    schema: {
      tags: ['ingest'],
      summary: 'The original file an ingested activity was made from (404 when it was not ingested)',
      params: z.strictObject({ id: z.string().max(128) }),
      response: { 200: { description: 'the original file, as uploaded', content: { 'application/octet-stream': { schema: z.string() } } } },
    },
  }, async (req, reply) => {
    const original = await ingest.original(workspaceOf(req), req.params.id);
    const name = original.fileName.split('/').pop()!.replace(/["\\\r\n]/g, '_');
    return reply
      .header('content-type', MEDIA_TYPES[original.kind] ?? 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('x-content-sha256', original.sha256)
      .send(Buffer.from(original.bytes));
  });
};
