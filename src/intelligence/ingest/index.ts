/** Ingestion: files of many formats → activities, contacts and facts. The protocol is in types.ts. */
import { audioIngester } from './audio.ingester.js';
import { calendarIngester } from './calendar.ingester.js';
import { chatIngester } from './chat.ingester.js';
import { csvIngester } from './csv.ingester.js';
import { docxIngester } from './docx.ingester.js';
import { emailIngester } from './email.ingester.js';
import { htmlIngester } from './html.ingester.js';
import { imageIngester } from './image.ingester.js';
import { mboxIngester } from './mbox.ingester.js';
import { pdfIngester } from './pdf.ingester.js';
import { pptxIngester } from './pptx.ingester.js';
import { textIngester } from './text.ingester.js';
import { transcriptIngester } from './transcript.ingester.js';
import { vcardIngester } from './vcard.ingester.js';
import { xlsxIngester } from './xlsx.ingester.js';
import type { Crm } from '../../crm/index.js';
import { IngestService } from '../../crm/ingest.service.js';
import { extractFacts, mergeFacts } from './facts.js';
import { detectSample } from './sample.js';
import { ReaderPool, readInProcess } from './isolation.js';
import { DEFAULT_INGEST_LIMITS, emptyFacts, IngesterRegistry, IngestFileError, type IngestLimits } from './types.js';

export * from './types.js';
export { detectSample } from './sample.js';
export { extractFacts, mergeFacts } from './facts.js';
export { ReaderPool, readInProcess } from './isolation.js';

/** The document and mail formats; images, audio and others register on top (registry.register). */
export function defaultIngesters(): IngesterRegistry {
  return new IngesterRegistry([
    emailIngester, mboxIngester, pdfIngester, docxIngester, xlsxIngester, pptxIngester, csvIngester,
    htmlIngester, textIngester, vcardIngester, calendarIngester, transcriptIngester, chatIngester,
    imageIngester, audioIngester,
  ]);
}

/**
 * The ingestion service of a CRM with these readers (the default ones unless given). Readers that declare
 * `isolate` run in the worker threads of `pool` (one is made for the service unless shared).
 */
export function createIngestService(crm: Crm, registry: IngesterRegistry = defaultIngesters(), limits: IngestLimits = DEFAULT_INGEST_LIMITS, pool: ReaderPool = new ReaderPool()): IngestService {
  return new IngestService(crm.storage, crm.clock, crm.changes, {
    registry,
    limits,
    detectSample,
    extractFacts,
    mergeFacts,
    emptyFacts,
    isFileError: (e): e is Error & { code: string } => e instanceof IngestFileError || (e instanceof Error && (e as { ingestFileError?: boolean }).ingestFileError === true),
    read: (ingester, bytes, ctx, timeoutMs) =>
      ingester.isolate
        ? pool.read({ ...ingester, isolate: ingester.isolate }, bytes, ctx, { timeoutMs, memoryMb: limits.readerMemoryMb })
        : readInProcess(ingester, bytes, ctx, timeoutMs),
  });
}
