/**
 * The ingestion protocol. One `Ingester` per file format: it recognises its format from the bytes (magic numbers,
 * structure — never the file name's extension) and extracts what the file says as plain data: activities, people,
 * text for fact extraction, and embedded files (mail attachments) to ingest in turn. Ingesters do no I/O and know
 * nothing of the CRM's records: matching people to contacts, linking, deduplication and writing are the service's
 * (src/crm/ingest.service.ts), so a new format (images, audio, IMAP) only has to implement this interface and be
 * registered.
 */

/** What a file turned out to be. New formats add a member here. */
export type IngestKind =
  | 'email'
  | 'mbox'
  | 'pdf'
  | 'docx'
  | 'xlsx'
  | 'pptx'
  | 'csv'
  | 'html'
  | 'text'
  | 'vcard'
  | 'calendar'
  | 'transcript'
  | 'chat'
  | 'image'
  | 'audio';

/** What an ingester may look at to recognise its format; computed once per file by the registry. */
export interface DetectSample {
  bytes: Uint8Array;
  /** The first 8 KiB decoded as UTF-8 (invalid bytes replaced), BOM removed. */
  head: string;
  /** Whether the whole file is valid UTF-8 without NUL bytes (text formats require it). */
  isText: boolean;
  /** Entry names when the file is a zip archive (docx, xlsx, pptx are), else null. */
  zipEntries: readonly string[] | null;
  /** The uploaded name, for messages only: detection must not depend on it. */
  name: string;
}

/** Limits every ingester keeps (a hostile file gets a clear error, never a hung or exhausted server). */
export interface IngestLimits {
  /** Largest file accepted, in bytes. */
  maxFileBytes: number;
  /** Largest total of uncompressed zip entries (zip bombs). */
  maxUnzippedBytes: number;
  /** PDF pages read at most (the rest is reported in a warning). */
  maxPages: number;
  /** Rows of a spreadsheet or lead list read at most. */
  maxRows: number;
  /** Mail attachments are ingested recursively up to this depth. */
  maxDepth: number;
  /** Messages of one mbox read at most. */
  maxMessages: number;
  /** How long reading one file may take (an ingester's own `timeoutMs` overrides it): past it the reader is stopped. */
  readTimeoutMs: number;
  /** Heap of the worker thread a reader runs in, in MiB: a parser that needs more is stopped and the file refused. */
  readerMemoryMb: number;
  /** Pages of a scanned PDF (no text layer) rendered and read by OCR at most. */
  maxOcrPages: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxFileBytes: 25 * 1024 * 1024,
  maxUnzippedBytes: 100 * 1024 * 1024,
  maxPages: 500,
  maxRows: 10_000,
  maxDepth: 3,
  maxMessages: 5_000,
  readTimeoutMs: 60_000,
  readerMemoryMb: 512,
  maxOcrPages: 20,
};

export interface ExtractContext {
  limits: IngestLimits;
  /** The time of ingestion (ISO 8601): the date of an item that carries none of its own. */
  now: string;
  /** The date of the item this file came with (an attachment's e-mail), for relative dates in its text. */
  parentDate?: string;
  /** The file's name as uploaded, for what only a name says (a recording named after the caller's number). */
  fileName?: string;
  /** The workspace's names, companies and products (speech recognition is biased towards them). */
  vocabulary?: () => Promise<readonly string[]>;
}

/** How a person appears in an item (who wrote, who was addressed, who attended). */
export type PersonRole = 'from' | 'to' | 'cc' | 'attendee' | 'organizer' | 'speaker' | 'author' | 'card' | 'lead';

/** A person as a file names them; every field is optional except the lists. */
export interface ExtractedPerson {
  role: PersonRole;
  /** The full name as written ("Ada Lovelace"). */
  name?: string;
  firstName?: string;
  lastName?: string;
  emails: string[];
  phones: string[];
  title?: string;
  /** The company's name as written. */
  company?: string;
  /** The company's web domain when the file gives one (a website field); e-mail domains are derived by the service. */
  domain?: string;
}

/** The CRM activity an item becomes ('note' stands for documents, transcripts without a call and chat logs). */
export type ExtractedActivityType = 'email' | 'meeting' | 'call' | 'note';

/** One thing a file holds: an e-mail, a meeting, a document, a transcript, a list of leads. */
export interface ExtractedItem {
  /** The activity to record, or null when the item only carries contacts (a vCard, a lead list). */
  activity: {
    type: ExtractedActivityType;
    subject: string;
    /** The readable text (what goes to search and semantic memory). */
    body: string;
    /** When it happened (ISO 8601); the ingestion time when the file does not say. */
    occurredAt: string;
    durationMinutes?: number;
  } | null;
  /** People the item involves (linked to the activity; created when `createContacts`). */
  people: ExtractedPerson[];
  /** Whether unknown people of this item become new contacts (cards, forms, lead lists: yes; mail recipients: no). */
  createContacts: boolean;
  /** Mail's Message-ID, without angle brackets: an e-mail seen before is not ingested twice. */
  messageId?: string;
  /** A meeting's start, when the item is a meeting invitation (ISO 8601). */
  meetingStart?: string;
  /** Files carried by the item (mail attachments), ingested in turn and linked to this item's activity. */
  attachments: { name: string; bytes: Uint8Array }[];
}

export interface Extraction {
  items: ExtractedItem[];
  /** Things the reader could not do fully (pages skipped, rows without an e-mail…). */
  warnings: string[];
}

/** Reads one file format. */
export interface Ingester {
  readonly kind: IngestKind;
  /** How long one file may take to read when the service's default (60 s) is too short (speech runs at about real time). */
  readonly timeoutMs?: number;
  /**
   * Where a worker thread finds this ingester: the URL of its module (`import.meta.url`) and the export's name.
   * Readers that parse hostile-prone bytes with a library set it, so they run isolated (time limit, memory cap, no
   * network; a crash or hang loses the worker, not the server). Without it the ingester runs in the server's thread.
   */
  readonly isolate?: { module: string; name: string };
  /**
   * How sure this ingester is that the sample is its format: 0 = not its format; the registry picks the highest.
   * Strong signatures (magic bytes, a zip's required entries, BEGIN:VCARD) answer 0.9–1; loose structure
   * (delimited columns, plain text) answers lower, so a specific reader always beats a generic one.
   */
  detect(sample: DetectSample): number;
  /** Throws IngestFileError (or any Error) for a corrupt file; the service reports it naming the file. */
  extract(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction>;
}

/** A file that cannot be read: unsupported, corrupt, too large. The message is shown with the file's name. */
export class IngestFileError extends Error {
  constructor(
    message: string,
    readonly code: 'unsupported' | 'corrupt' | 'too_large' = 'corrupt',
  ) {
    super(message);
    this.name = 'IngestFileError';
  }
}

/* ── results (the API's and the CLI's contract) ── */

export interface IngestFacts {
  /** Money amounts mentioned, as numbers (12500, not "$12.5k"). */
  amounts: number[];
  /** Dates and times mentioned (ISO 8601; a date without a time as YYYY-MM-DD). */
  dates: string[];
  /** The meeting's start for invitations (ISO 8601), else null. */
  meetingStart: string | null;
  /** Action items with their due date (ISO 8601, relative to the item's own date), or null without one. */
  tasks: { title: string; due: string | null }[];
  /** Signals for the learning layer: 'price_objection', 'missing_decision_maker', 'competition', 'positive_momentum', 'negative_sentiment'… */
  signals: string[];
  emails: string[];
  phones: string[];
}

export interface IngestFileResult {
  /** The file's name as uploaded (an attachment: "mail.eml/contract.pdf"). */
  file: string;
  kind: IngestKind;
  /** sha256 of the original, hex. */
  sha256: string;
  activityIds: string[];
  createdContacts: string[];
  /** Records linked to the created activities or updated from the file (ids). */
  linked: { contacts: string[]; companies: string[]; deals: string[] };
  /** 0–1: how sure the links are (the weakest link of the file's items). */
  confidence: number;
  warnings: string[];
  facts: IngestFacts;
  /** True when this file (same bytes or same Message-ID) was ingested before: the result is the first one's. */
  duplicate?: boolean;
  /** Reviews opened for items whose links were below the workspace's threshold (not applied until resolved). */
  reviewIds?: string[];
}

export const emptyFacts = (): IngestFacts => ({ amounts: [], dates: [], meetingStart: null, tasks: [], signals: [], emails: [], phones: [] });

/* ── registry ── */

/** The ingesters the service knows, picked by detection. */
export class IngesterRegistry {
  private readonly ingesters: Ingester[] = [];

  constructor(ingesters: readonly Ingester[] = []) {
    for (const i of ingesters) this.register(i);
  }

  /** Adds a format (a later registration of the same kind replaces the earlier one). */
  register(ingester: Ingester): this {
    const at = this.ingesters.findIndex((i) => i.kind === ingester.kind);
    if (at >= 0) this.ingesters[at] = ingester;
    else this.ingesters.push(ingester);
    return this;
  }

  kinds(): IngestKind[] {
    return this.ingesters.map((i) => i.kind);
  }

  /** The ingester most sure of the sample, or undefined when none recognises it. */
  detect(sample: DetectSample): Ingester | undefined {
    let best: Ingester | undefined;
    let bestScore = 0;
    for (const i of this.ingesters) {
      const score = i.detect(sample);
      if (score > bestScore) [best, bestScore] = [i, score];
    }
    return best;
  }
}
