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
});

export const ingestResponse = z.strictObject({
  files: z.array(ingestFileResult),
  errors: z.array(z.strictObject({ file: z.string(), message: z.string() })).describe('files of a multi-file upload that could not be read (the others were ingested)'),
});
