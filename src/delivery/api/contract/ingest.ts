/** Ingestion (issue 20): what each uploaded file became. */
import { z } from 'zod';

const iso = z.string().describe('ISO 8601');

export const ingestFacts = z.strictObject({
  amounts: z.array(z.number()).describe('money amounts mentioned, as numbers'),
  dates: z.array(iso).describe('dates (YYYY-MM-DD) and times mentioned'),
  meetingStart: iso.nullable().describe("an invitation's start"),
  tasks: z.array(z.strictObject({ title: z.string(), due: iso.nullable() })).describe('action items, due relative to the item\'s own date'),
  signals: z.array(z.string()).describe('price_objection, missing_decision_maker, competition, positive_momentum, positive_sentiment, negative_sentiment'),
  emails: z.array(z.string()),
  phones: z.array(z.string()).describe('E.164'),
});

export const ingestFileResult = z.strictObject({
  file: z.string().describe('the uploaded name; an attachment: "mail.eml/attachment.pdf"'),
  kind: z.string().describe('what the content turned out to be: email, mbox, pdf, docx, xlsx, pptx, csv, html, text, vcard, calendar, transcript, chat…'),
  sha256: z.string(),
  activityIds: z.array(z.string()),
  createdContacts: z.array(z.string()),
  linked: z.strictObject({ contacts: z.array(z.string()), companies: z.array(z.string()), deals: z.array(z.string()) }),
  confidence: z.number().min(0).max(1),
  warnings: z.array(z.string()),
  facts: ingestFacts,
  duplicate: z.boolean().optional().describe('true: ingested before (same bytes or Message-ID); this is the first result'),
  reviewIds: z.array(z.string()).optional().describe("reviews opened for items whose links were below the workspace's threshold (GET /api/ingest/review)"),
});

export const ingestResponse = z.strictObject({
  files: z.array(ingestFileResult),
  errors: z.array(z.strictObject({ file: z.string(), message: z.string() })).describe('files of a multi-file upload that could not be read (the others were ingested)'),
});

const nullableId = z.string().max(128).nullable();

export const ingestReviewLinks = z.strictObject({ contactId: nullableId, companyId: nullableId, dealId: nullableId });

export const ingestReview = z.strictObject({
  id: z.string(),
  fileId: z.string(),
  fileName: z.string(),
  kind: z.string(),
  activityId: z.string().describe('the activity written without the unsure links'),
  subject: z.string().nullable(),
  confidence: z.number().min(0).max(1).describe('the least sure of the suggested links'),
  suggestion: z.strictObject({
    contactId: nullableId,
    companyId: nullableId,
    dealId: nullableId,
    confidences: z.strictObject({ contact: z.number().nullable(), company: z.number().nullable(), deal: z.number().nullable() }),
  }).describe('what the service would have linked, each with its confidence'),
  status: z.enum(['pending', 'accepted', 'changed', 'rejected']),
  resolution: ingestReviewLinks.nullable().describe('the links applied once resolved'),
  createdAt: iso,
  resolvedAt: iso.nullable(),
  resolvedBy: z.string().nullable(),
});

export const ingestReviewList = z.strictObject({
  threshold: z.number().min(0).max(1).describe("the workspace's review threshold: links less sure than this wait here"),
  items: z.array(ingestReview),
});

export const ingestReviewQuery = z.strictObject({
  status: z.enum(['pending', 'accepted', 'changed', 'rejected']).optional().describe('default: pending'),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const ingestReviewDecision = z.union([
  z.strictObject({ accept: z.literal(true) }),
  z.strictObject({ change: z.strictObject({ contactId: nullableId.optional(), companyId: nullableId.optional(), dealId: nullableId.optional() }).refine((c) => Object.keys(c).length > 0, 'name at least one of contactId, companyId, dealId') }),
  z.strictObject({ reject: z.literal(true) }),
]).describe('{"accept": true} | {"change": {contactId?, companyId?, dealId?}} | {"reject": true}');

export const ingestSettings = z.strictObject({ reviewThreshold: z.number().min(0).max(1).describe('links less sure than this (0–1) go to the review inbox; default 0.6') });

export const ingestQuery = z.strictObject({
  contactId: z.string().max(128).optional(),
  companyId: z.string().max(128).optional(),
  dealId: z.string().max(128).optional(),
}).describe('a record the files are about (dropped on its page): linked for sure; at most one');

export const mailboxSetting = z.strictObject({
  url: z.string().min(1).max(2000).describe('imap://user@host[:port]/MAILBOX or imaps://…; no password in it'),
  passwordEnv: z.string().min(1).max(100).describe("the server's environment variable holding the password (never stored)"),
  everyMinutes: z.number().int().min(1).max(1440),
});

export const mailboxList = z.strictObject({
  mailboxes: z.array(mailboxSetting.extend({ lastUid: z.number().nullable().describe('the last message synced, null before the first sync') })),
});
