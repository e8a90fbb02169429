/**
 * Ingestion: a file (an e-mail, a PDF, a card, an invitation…) becomes activities, contacts and links. The file's
 * format is read by the ingesters (src/intelligence/ingest, handed in as a registry: this layer knows only their
 * protocol); everything written goes through the record service, so the write pipeline's validation, audit
 * events, search documents and change feed (semantic memory) apply as for any other writer.
 *
 * Reading happens before any write (a PDF's pages, a mail's attachments), then one transaction writes the file
 * and its attachments: a file is ingested whole or not at all. Originals are kept in the database by sha256; the
 * same bytes, or a message with a Message-ID seen before, answer with the first result.
 */
import { createHash } from 'node:crypto';
import { toTimestamp, type Clock } from '../core/clock.js';
import { ENTITIES, type CrmRecord } from '../core/entities.js';
import { conflict, CrmError, notFound, validationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { companyNameKey, domainKey, emailKey, personNameKey, phoneKey } from '../core/normalize.js';
import type { IngestLink, IngestReviewLinks, Storage, StoredIngestFile, StoredIngestReview } from '../storage/index.js';
import type {
  DetectSample,
  ExtractContext,
  ExtractedItem,
  ExtractedPerson,
  Extraction,
  IngestFacts,
  IngestFileResult,
  Ingester,
  IngesterRegistry,
  IngestKind,
  IngestLimits,
} from '../intelligence/ingest/types.js';
import type { ChangeFeed } from './change-feed.js';
import { draftRecord, DuplicatesService } from './duplicates.service.js';
import { workspaceVocabulary } from './ingest-sync-vocabulary.js';
import { isClosedStage } from './pipeline.js';
import { RecordService } from './records.service.js';

/** What the service needs of the ingestion layer: detection, reading and fact extraction. */
export interface IngestToolkit {
  registry: IngesterRegistry;
  limits: IngestLimits;
  detectSample(name: string, bytes: Uint8Array): DetectSample;
  extractFacts(text: string, ref: Date): IngestFacts;
  mergeFacts(a: IngestFacts, b: IngestFacts): IngestFacts;
  emptyFacts(): IngestFacts;
  /** Whether an error is a file's own fault (unsupported, corrupt, too large): reported naming the file, as a 4xx. */
  isFileError(e: unknown): e is Error & { code: string };
  /** Reads a file with its ingester within `timeoutMs` (isolated readers in a worker thread: isolation.ts). */
  read(ingester: Ingester, bytes: Uint8Array, ctx: ExtractContext, timeoutMs: number): Promise<Extraction>;
}

/** A record the files are known to be about (dropped on its page): linked for sure, whatever the text says. */
export interface IngestHint {
  entity: 'contact' | 'company' | 'deal';
  id: string;
}

export interface IngestOptions {
  actor?: string | null;
  hint?: IngestHint;
}

/** The workspace setting holding the confidence under which links are held for review (0–1). */
export const REVIEW_THRESHOLD_SETTING = 'ingest.review.threshold';
export const DEFAULT_REVIEW_THRESHOLD = 0.6;

/** What a member decides on a review: the suggested links, other ones, or none. */
export type ReviewDecision = { accept: true } | { change: { contactId?: string | null; companyId?: string | null; dealId?: string | null } } | { reject: true };

/** A review as the API shows it. */
export interface IngestReview {
  id: string;
  fileId: string;
  fileName: string;
  kind: string;
  activityId: string;
  /** The activity's subject, for the list. */
  subject: string | null;
  confidence: number;
  /** The links the service would have guessed, each with its confidence. */
  suggestion: { contactId: string | null; companyId: string | null; dealId: string | null; confidences: { contact: number | null; company: number | null; deal: number | null } };
  status: StoredIngestReview['status'];
  /** The links applied once resolved. */
  resolution: IngestReviewLinks | null;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

/** A file read and ready to write, with the attachments it carried. */
interface Prepared {
  name: string;
  bytes: Uint8Array;
  sha256: string;
  kind: IngestKind;
  extraction: Extraction;
  children: Prepared[];
  /** Set when these bytes were ingested before: nothing is written, the first result is answered. */
  existing?: StoredIngestFile;
}

/** Links of one item, each with its confidence. */
interface ItemLinks {
  contacts: Map<string, number>;
  companies: Map<string, number>;
  deals: Map<string, number>;
  /** The contact the activity is about (the sender, the first attendee or card). */
  primaryContact: string | null;
}

/** Mail providers whose domain says nothing about the company. */
const FREE_MAIL = new Set(['gmail.com', 'googlemail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'live.com', 'msn.com', 'icloud.com', 'me.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'web.de', 'mail.com', 'yandex.com', 'zoho.com']);

/** How sure each kind of link is. */
const CONFIDENCE = { email: 1, emailInText: 0.9, phone: 0.9, name: 0.8, domain: 0.9, companyName: 0.85, mention: 0.6, dealMentioned: 0.9, dealOfContact: 0.75, dealGuessed: 0.5 } as const;

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const BODY_MAX = 100_000;
const SUBJECT_MAX = 1_000;

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export class IngestService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly changes: ChangeFeed,
    private readonly toolkit: IngestToolkit,
  ) {}

  /**
   * Ingests one file (and, for e-mail, its attachments). Returns the file's result first, then one per attachment.
   * Throws a CrmError `validation` naming the file when it cannot be read (unsupported, corrupt, too large).
   */
  async ingest(ws: string, name: string, bytes: Uint8Array, opts: IngestOptions = {}): Promise<IngestFileResult[]> {
    const now = toTimestamp(this.clock.now());
    let prepared: Prepared;
    try {
      prepared = await this.prepare(ws, name, bytes, { limits: this.toolkit.limits, now, fileName: name, vocabulary: () => workspaceVocabulary(this.storage, ws) }, 0);
    } catch (e) {
      if (this.toolkit.isFileError(e)) {
        const message = `${name}: ${e.message}`;
        throw e.code === 'unsupported' ? new CrmError('unsupported_type', message, [{ field: 'file', message }]) : validationError(message, [{ field: 'file', message }]);
      }
      throw e;
    }
    if (prepared.existing) return [{ ...(JSON.parse(prepared.existing.result) as IngestFileResult), file: name, duplicate: true }];
    // A message seen before (same Message-ID, other bytes: a copy from another mailbox) answers with the first result.
    const only = prepared.extraction.items.length === 1 ? prepared.extraction.items[0]!.messageId : undefined;
    if (only) {
      const seen = await this.storage.ingest.fileByMessageId(ws, only);
      if (seen) return [{ ...(JSON.parse(seen.result) as IngestFileResult), file: name, duplicate: true }];
    }
    const hint = opts.hint ? await this.hintLinks(ws, opts.hint) : null;
    const threshold = await this.reviewThreshold(ws);
    try {
      return await this.storage.transaction(async (tx) => {
        const writer = new IngestWriter(tx, ws, now, this.changes, this.clock, this.toolkit, opts.actor ?? null, { hint, threshold });
        return writer.write(prepared, null, null);
      });
    } catch (e) {
      // Two uploads of the same new file at once: the second finds the first's row and answers with its result.
      const again = await this.storage.ingest.fileBySha(ws, prepared.sha256);
      if (again) return [{ ...(JSON.parse(again.result) as IngestFileResult), file: name, duplicate: true }];
      // What the file says that the record rules refuse is that file's problem: say which file.
      if (e instanceof CrmError && e.code === 'validation') throw validationError(`${name}: ${e.message}`, e.details);
      throw e;
    }
  }

  /** The confidence under which an item's links wait for review instead of being applied. */
  async reviewThreshold(ws: string): Promise<number> {
    const v = await this.storage.settings.get(ws, REVIEW_THRESHOLD_SETTING);
    return typeof v === 'number' && v >= 0 && v <= 1 ? v : DEFAULT_REVIEW_THRESHOLD;
  }

  async setReviewThreshold(ws: string, threshold: number): Promise<number> {
    if (!(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)) throw validationError('reviewThreshold must be a number from 0 to 1', [{ field: 'reviewThreshold', message: 'from 0 to 1' }]);
    await this.storage.settings.set(ws, REVIEW_THRESHOLD_SETTING, threshold, toTimestamp(this.clock.now()));
    return threshold;
  }

  /** The review inbox: pending items first asked for by default, newest first. */
  async reviews(ws: string, opts: { status?: StoredIngestReview['status']; limit?: number } = {}): Promise<IngestReview[]> {
    const rows = await this.storage.ingest.reviews(ws, { status: opts.status, limit: Math.min(Math.max(opts.limit ?? 100, 1), 500) });
    const subjects = new Map((await this.storage.records.getMany(ws, ENTITIES.activity, rows.map((r) => r.activity_id))).map((a) => [a.id, a.subject as string | null]));
    return rows.map((r) => reviewOf(r, subjects.get(r.activity_id) ?? null));
  }

  /**
   * Resolves a pending review: accept applies the suggested links; change applies the given ones (a new contact
   * brings its company unless one is given); reject leaves the activity as it is. The item's activity and its
   * tasks are updated through the record service in one transaction with the review's status.
   */
  async resolveReview(ws: string, id: string, decision: ReviewDecision, actor: string | null): Promise<IngestReview> {
    const now = toTimestamp(this.clock.now());
    return this.storage.transaction(async (tx) => {
      const review = await tx.ingest.review(ws, id);
      if (!review) throw notFound('review', id);
      if (review.status !== 'pending') throw conflict(`review ${id} was already resolved (${review.status})`);
      const records = new RecordService(tx, this.clock, this.changes);
      const suggestion = JSON.parse(review.suggestion) as IngestReview['suggestion'] & { activityIds?: string[] };
      const activity = await records.get(ws, 'activity', review.activity_id);
      const current: IngestReviewLinks = { contactId: (activity.contact_id as string | null) ?? null, companyId: (activity.company_id as string | null) ?? null, dealId: (activity.deal_id as string | null) ?? null };
      let links: IngestReviewLinks;
      let status: Exclude<StoredIngestReview['status'], 'pending'>;
      if ('accept' in decision) {
        links = { contactId: suggestion.contactId ?? current.contactId, companyId: suggestion.companyId ?? current.companyId, dealId: suggestion.dealId ?? current.dealId };
        status = 'accepted';
      } else if ('change' in decision) {
        const c = decision.change;
        const contactCompany = c.contactId ? (((await records.get(ws, 'contact', c.contactId)).company_id as string | null) ?? null) : undefined;
        links = {
          contactId: c.contactId !== undefined ? c.contactId : current.contactId,
          companyId: c.companyId !== undefined ? c.companyId : contactCompany !== undefined ? contactCompany : current.companyId,
          dealId: c.dealId !== undefined ? c.dealId : current.dealId,
        };
        if (c.dealId) await records.get(ws, 'deal', c.dealId);
        if (c.companyId) await records.get(ws, 'company', c.companyId);
        status = 'changed';
      } else {
        links = current;
        status = 'rejected';
      }
      if (status !== 'rejected') {
        for (const activityId of suggestion.activityIds ?? [review.activity_id]) {
          await records.update(ws, 'activity', activityId, { contact_id: links.contactId, company_id: links.companyId, deal_id: links.dealId }, { source: 'api', actor });
        }
      }
      const resolved = await tx.ingest.resolveReview(ws, id, { status, resolution: JSON.stringify(links), resolved_at: now, resolved_by: actor });
      if (!resolved) throw conflict(`review ${id} was already resolved`);
      return reviewOf({ ...review, status, resolution: JSON.stringify(links), resolved_at: now, resolved_by: actor }, (activity.subject as string | null) ?? null);
    });
  }

  /** The links a hint stands for: the record itself and what it belongs to (a deal's contact and company). */
  private async hintLinks(ws: string, hint: IngestHint): Promise<HintLinks> {
    const records = new RecordService(this.storage, this.clock, this.changes);
    let record: CrmRecord;
    try {
      record = await records.get(ws, hint.entity, hint.id);
    } catch (e) {
      if (e instanceof CrmError && e.code === 'not_found') throw validationError(`the ${hint.entity} ${hint.id} to link the files to does not exist`, [{ field: hint.entity, message: 'not found' }]);
      throw e;
    }
    if (hint.entity === 'contact') return { contactId: record.id, companyId: (record.company_id as string | null) ?? null, dealId: null, entity: 'contact' };
    if (hint.entity === 'company') return { contactId: null, companyId: record.id, dealId: null, entity: 'company' };
    return { contactId: (record.contact_id as string | null) ?? null, companyId: (record.company_id as string | null) ?? null, dealId: record.id, entity: 'deal' };
  }

  /** The original bytes of the file an activity was made from. */
  async original(ws: string, activityId: string): Promise<{ fileName: string; kind: string; sha256: string; bytes: Uint8Array }> {
    const file = await this.storage.ingest.fileOfActivity(ws, activityId);
    const original = file && (await this.storage.ingest.original(ws, file.sha256));
    if (!file || !original) throw notFound('original of activity', activityId);
    return { fileName: file.file_name, kind: file.kind, sha256: file.sha256, bytes: original.content };
  }

  /** Reads a file and (recursively) its attachments; writes nothing. */
  private async prepare(ws: string, name: string, bytes: Uint8Array, ctx: ExtractContext, depth: number): Promise<Prepared> {
    const { limits } = this.toolkit;
    if (bytes.byteLength > limits.maxFileBytes) throw fileError(`the file is larger than ${limits.maxFileBytes} bytes`, 'too_large');
    if (bytes.byteLength === 0) throw fileError('the file is empty', 'corrupt');
    const sha256 = sha256Hex(bytes);
    const existing = await this.storage.ingest.fileBySha(ws, sha256);
    if (existing) return { name, bytes, sha256, kind: existing.kind as IngestKind, extraction: { items: [], warnings: [] }, children: [], existing };
    const ingester = this.toolkit.registry.detect(this.toolkit.detectSample(name, bytes));
    if (!ingester) throw fileError(`unsupported file type (supported: ${this.toolkit.registry.kinds().join(', ')})`, 'unsupported');
    let extraction: Extraction;
    try {
      extraction = await this.toolkit.read(ingester, bytes, ctx, ingester.timeoutMs ?? limits.readTimeoutMs);
    } catch (e) {
      // Whatever a reader throws on a file is that file's fault (a library's parse error), never the server's.
      if (this.toolkit.isFileError(e)) throw e;
      throw fileError(`not a readable ${ingester.kind} file (${(e as Error).message})`, 'corrupt');
    }
    const children: Prepared[] = [];
    for (const item of extraction.items) {
      for (const a of item.attachments) {
        if (depth + 1 > limits.maxDepth) {
          extraction.warnings.push(`${a.name}: attachments nested deeper than ${limits.maxDepth} levels are kept out`);
          continue;
        }
        try {
          children.push(await this.prepare(ws, `${name}/${a.name}`, a.bytes, { ...ctx, parentDate: item.activity?.occurredAt, fileName: a.name }, depth + 1));
        } catch (e) {
          if (!this.toolkit.isFileError(e)) throw e;
          extraction.warnings.push(`attachment ${a.name}: ${e.message}`);
        }
      }
    }
    return { name, bytes, sha256, kind: ingester.kind, extraction, children };
  }
}

/** The writes of one file, inside its transaction. */
class IngestWriter {
  private readonly records: RecordService;
  private readonly duplicates: DuplicatesService;

  constructor(
    private readonly tx: Storage,
    private readonly ws: string,
    private readonly now: string,
    changes: ChangeFeed,
    clock: Clock,
    private readonly toolkit: IngestToolkit,
    private readonly actor: string | null,
    private readonly review: { hint: HintLinks | null; threshold: number },
  ) {
    this.records = new RecordService(tx, clock, changes);
    this.duplicates = new DuplicatesService(tx);
  }

  /** Writes a prepared file; `parent`: the e-mail's file id and links an attachment inherits. */
  async write(file: Prepared, parentFileId: string | null, parent: { activityId: string; links: ItemLinks } | null): Promise<IngestFileResult[]> {
    if (file.existing) return [{ ...(JSON.parse(file.existing.result) as IngestFileResult), file: file.name, duplicate: true }];
    const fileId = newId('ing');
    await this.tx.ingest.putOriginal(this.ws, { sha256: file.sha256, content: file.bytes, created_at: this.now });
    const result: IngestFileResult = {
      file: file.name,
      kind: file.kind,
      sha256: file.sha256,
      activityIds: [],
      createdContacts: [],
      linked: { contacts: [], companies: [], deals: [] },
      confidence: 0,
      warnings: [...file.extraction.warnings],
      facts: this.toolkit.emptyFacts(),
    };
    const links: IngestLink[] = [];
    const messages: { message_id: string; file_id: string }[] = [];
    const confidences: number[] = [];
    const childParents: { activityId: string; links: ItemLinks }[] = [];
    for (const item of file.extraction.items) {
      if (item.messageId && (messages.some((m) => m.message_id === item.messageId) || (await this.tx.ingest.fileByMessageId(this.ws, item.messageId)))) {
        result.warnings.push(`message ${item.messageId} was ingested before`);
        continue;
      }
      if (item.messageId) messages.push({ message_id: item.messageId, file_id: fileId });
      const written = await this.writeItem(item, fileId, parent, result, links);
      if (written.confidence !== null) confidences.push(written.confidence);
      if (written.activityId) childParents.push({ activityId: written.activityId, links: written.links });
    }
    result.confidence = confidences.length ? Math.min(...confidences) : 0;
    await this.tx.ingest.insertFile({ id: fileId, workspace_id: this.ws, sha256: file.sha256, parent_id: parentFileId, file_name: file.name, kind: file.kind, result: JSON.stringify(result), created_by: this.actor, created_at: this.now });
    await this.tx.ingest.addMessages(this.ws, messages);
    await this.tx.ingest.addLinks(this.ws, links);
    const out = [result];
    // Attachments hang off the e-mail they came with (the first one, for a mailbox's file of many).
    const anchor = childParents[0] ?? parent;
    for (const child of file.children) out.push(...(await this.write(child, fileId, anchor)));
    return out;
  }

  private async writeItem(item: ExtractedItem, fileId: string, parent: { activityId: string; links: ItemLinks } | null, result: IngestFileResult, links: IngestLink[]) {
    const activity = item.activity;
    const text = activity ? `${activity.subject}\n${activity.body}` : '';
    const ref = new Date(activity?.occurredAt ?? this.now);
    const facts = this.toolkit.extractFacts(text, ref);
    if (item.meetingStart) facts.meetingStart = item.meetingStart;
    for (const p of item.people) for (const e of p.emails) if (!facts.emails.includes(e)) facts.emails.push(e);
    result.facts = this.toolkit.mergeFacts(result.facts, facts);

    const itemLinks: ItemLinks = { contacts: new Map(), companies: new Map(), deals: new Map(), primaryContact: null };
    const pending: IngestLink[] = [];
    // People: cards, forms and lead lists create or update contacts; mail participants and attendees are only linked.
    for (const p of item.people) {
      const contact = item.createContacts ? await this.upsertContactOrWarn(p, result, pending, fileId) : await this.findContact(p, itemLinks);
      if (!contact) continue;
      add(itemLinks.contacts, contact.id, contact.confidence);
      itemLinks.primaryContact ??= contact.id;
      const companyId = contact.record.company_id as string | null;
      if (companyId) add(itemLinks.companies, companyId, contact.confidence);
    }
    // Companies by the participants' mail domains (someone new at a known company still links the company).
    for (const p of item.people) {
      for (const e of p.emails) {
        const company = await this.companyByDomain(e.split('@')[1] ?? '');
        if (company) add(itemLinks.companies, company.id, CONFIDENCE.domain);
      }
    }
    // Mentions in the text: the workspace's own company and people names, and web domains.
    if (activity) await this.linkMentions(text, itemLinks);
    if (parent) {
      for (const [id, c] of parent.links.contacts) add(itemLinks.contacts, id, c);
      for (const [id, c] of parent.links.companies) add(itemLinks.companies, id, c);
      for (const [id, c] of parent.links.deals) add(itemLinks.deals, id, c);
      itemLinks.primaryContact ??= parent.links.primaryContact;
    }
    const hint = this.review.hint;
    if (hint) {
      // The record the file was dropped on is sure; what it belongs to comes with it.
      if (hint.contactId) add(itemLinks.contacts, hint.contactId, 1);
      if (hint.companyId) add(itemLinks.companies, hint.companyId, 1);
      if (hint.dealId) add(itemLinks.deals, hint.dealId, 1);
      if (hint.contactId && (hint.entity === 'contact' || !itemLinks.primaryContact)) itemLinks.primaryContact = hint.contactId;
    }
    if (!hint?.dealId) await this.linkDeal(text, itemLinks);

    const primaryCompany = itemLinks.primaryContact ? await this.companyOf(itemLinks.primaryContact) : null;
    const guess = {
      contactId: itemLinks.primaryContact,
      companyId: hint?.entity === 'company' || hint?.entity === 'deal' ? hint.companyId ?? primaryCompany ?? best(itemLinks.companies) : primaryCompany ?? best(itemLinks.companies),
      dealId: hint?.dealId ?? best(itemLinks.deals),
    };
    const sureOf = {
      contact: guess.contactId ? (itemLinks.contacts.get(guess.contactId) ?? null) : null,
      company: guess.companyId ? (itemLinks.companies.get(guess.companyId) ?? (guess.companyId === primaryCompany && guess.contactId ? (itemLinks.contacts.get(guess.contactId) ?? null) : null)) : null,
      deal: guess.dealId ? (itemLinks.deals.get(guess.dealId) ?? null) : null,
    };
    // Links less sure than the workspace's threshold are not guessed: the item waits in the review inbox.
    const below = (c: number | null) => c !== null && c < this.review.threshold;
    const held = activity !== null && (below(sureOf.contact) || below(sureOf.company) || below(sureOf.deal));
    const contactId = below(sureOf.contact) ? null : guess.contactId;
    const companyId = below(sureOf.company) ? null : guess.companyId;
    const dealId = below(sureOf.deal) ? null : guess.dealId;
    if (held) {
      for (const [map, id, c] of [[itemLinks.contacts, guess.contactId, sureOf.contact], [itemLinks.companies, guess.companyId, sureOf.company], [itemLinks.deals, guess.dealId, sureOf.deal]] as const) {
        if (id && below(c)) map.delete(id);
      }
      if (below(sureOf.contact)) itemLinks.primaryContact = null;
    }
    let activityId: string | null = null;
    if (activity) {
      let body = activity.body;
      if (body.length > BODY_MAX) {
        body = body.slice(0, BODY_MAX);
        result.warnings.push(`the text was cut at ${BODY_MAX} characters (the original is kept whole)`);
      }
      const created = await this.records.create(
        this.ws,
        'activity',
        {
          type: activity.type,
          subject: activity.subject.slice(0, SUBJECT_MAX),
          body,
          occurred_at: toTimestamp(new Date(activity.occurredAt)),
          duration_minutes: activity.durationMinutes ?? null,
          contact_id: contactId,
          company_id: companyId,
          deal_id: dealId,
        },
        { source: 'import', actor: this.actor },
      );
      activityId = created.record.id;
      result.activityIds.push(activityId);
      links.push({ file_id: fileId, activity_id: activityId, entity: 'activity', record_id: activityId, role: 'created', confidence: 1 });
      if (parent) links.push({ file_id: fileId, activity_id: activityId, entity: 'activity', record_id: parent.activityId, role: 'attachment', confidence: 1 });
      // Action items become tasks on the same records, due when the text says (relative to the item's date).
      for (const task of facts.tasks) {
        if (!task.due) continue;
        const due = task.due.length === 10 ? `${task.due}T09:00:00Z` : toTimestamp(new Date(task.due));
        const t = await this.records.create(
          this.ws,
          'activity',
          { type: 'task', subject: task.title.slice(0, SUBJECT_MAX), body: `From ${result.file}: ${activity.subject}`, occurred_at: toTimestamp(ref), due_at: due, contact_id: contactId, company_id: companyId, deal_id: dealId },
          { source: 'import', actor: this.actor },
        );
        result.activityIds.push(t.record.id);
        links.push({ file_id: fileId, activity_id: t.record.id, entity: 'activity', record_id: t.record.id, role: 'created', confidence: 1 });
      }
    }
    if (held && activityId) {
      const reviewId = newId('rev');
      const confidence = Math.min(...[sureOf.contact, sureOf.company, sureOf.deal].filter((c): c is number => c !== null));
      const suggestion = { ...guess, confidences: sureOf, activityIds: result.activityIds.slice(result.activityIds.indexOf(activityId)) };
      await this.tx.ingest.addReview({ id: reviewId, workspace_id: this.ws, file_id: fileId, activity_id: activityId, file_name: result.file, kind: result.kind, confidence, suggestion: JSON.stringify(suggestion), status: 'pending', resolution: null, created_at: this.now, resolved_at: null, resolved_by: null });
      (result.reviewIds ??= []).push(reviewId);
      for (const [entity, id, c] of [['contact', guess.contactId, sureOf.contact], ['company', guess.companyId, sureOf.company], ['deal', guess.dealId, sureOf.deal]] as const) {
        if (id && below(c)) links.push({ file_id: fileId, activity_id: activityId, entity, record_id: id, role: 'suggested', confidence: c! });
      }
    }
    for (const l of pending) links.push({ ...l, activity_id: activityId });
    const all: [keyof IngestFileResult['linked'], Map<string, number>, string][] = [
      ['contacts', itemLinks.contacts, 'contact'],
      ['companies', itemLinks.companies, 'company'],
      ['deals', itemLinks.deals, 'deal'],
    ];
    const confidences: number[] = [];
    for (const [key, map, entity] of all) {
      for (const [id, confidence] of map) {
        if (!result.linked[key].includes(id)) result.linked[key].push(id);
        confidences.push(confidence);
        if (!pending.some((l) => l.record_id === id)) links.push({ file_id: fileId, activity_id: activityId, entity, record_id: id, role: 'linked', confidence });
      }
    }
    // An item's confidence is that of its best contact link (its weakest link would punish extra mentions).
    const contactConfidence = itemLinks.contacts.size ? Math.max(...itemLinks.contacts.values()) : confidences.length ? Math.max(...confidences) : null;
    return { activityId, links: itemLinks, confidence: contactConfidence };
  }

  /** A row the record rules refuse (an e-mail that is not one) is left out with a warning; the file's other people go in. */
  private async upsertContactOrWarn(p: ExtractedPerson, result: IngestFileResult, pending: IngestLink[], fileId: string) {
    try {
      return await this.upsertContact(p, result, pending, fileId);
    } catch (e) {
      // The record service checks before it writes, so a refusal leaves the transaction usable.
      if (!(e instanceof CrmError) || (e.code !== 'validation' && e.code !== 'conflict')) throw e;
      result.warnings.push(`${p.name ?? p.emails[0] ?? 'a person'} left out: ${e.message}`);
      return null;
    }
  }

  /** A known contact for a participant: by e-mail (secondary ones too), then phone, then an unambiguous name. */
  private async findContact(p: ExtractedPerson, links: ItemLinks): Promise<{ id: string; record: CrmRecord; confidence: number } | null> {
    const contact = ENTITIES.contact;
    for (const e of p.emails) {
      const key = emailKey(e);
      if (!key) continue;
      const hit = (await this.tx.records.findByKey(this.ws, contact, 'email_key', key, 1))[0] ?? (await this.tx.records.findByKeyWord(this.ws, contact, 'other_email_keys', key, 1))[0];
      if (hit) return { id: hit.id, record: hit, confidence: CONFIDENCE.email };
    }
    for (const ph of p.phones) {
      const key = phoneKey(ph);
      const hit = key ? (await this.tx.records.findByKey(this.ws, contact, 'phone_key', key, 2)) : [];
      if (hit.length === 1) return { id: hit[0]!.id, record: hit[0]!, confidence: CONFIDENCE.phone };
    }
    const nameKey = p.name && p.name.trim().includes(' ') ? personNameKey(p.name) : null;
    if (nameKey) {
      const hits = await this.tx.records.findByKey(this.ws, contact, 'name_key', nameKey, 20);
      const atLinkedCompany = hits.filter((h) => h.company_id && links.companies.has(h.company_id as string));
      const pick = hits.length === 1 ? hits[0] : atLinkedCompany.length === 1 ? atLinkedCompany[0] : undefined;
      if (pick) return { id: pick.id, record: pick, confidence: CONFIDENCE.name };
    }
    return null;
  }

  /**
   * A person from a card, form or lead list: someone the core's duplicate rules recognise (same e-mail, primary or
   * secondary, same phone, same name at the same company) is updated with what is new — a phone or e-mail becomes
   * the primary one when empty, else a secondary one — and linked; anyone else is created at their company.
   */
  private async upsertContact(p: ExtractedPerson, result: IngestFileResult, pending: IngestLink[], fileId: string): Promise<{ id: string; record: CrmRecord; confidence: number } | null> {
    const contact = ENTITIES.contact;
    const companyId = await this.companyFor(p);
    const draft = {
      first_name: p.firstName ?? null,
      last_name: p.lastName ?? null,
      email: p.emails[0] ?? null,
      phone: p.phones[0] ?? null,
      title: p.title ?? null,
      company_id: companyId,
    };
    if (!draft.first_name && !draft.last_name && !draft.email) return null;
    const candidates = await this.duplicates.candidatesFor(this.ws, contact, draftRecord(contact, draft));
    if (candidates.length > 0) {
      const existing = await this.records.get(this.ws, 'contact', candidates[0]!.id);
      const patch = mergePatch(existing, p, companyId);
      const record = Object.keys(patch).length ? await this.records.update(this.ws, 'contact', existing.id, patch, { source: 'import', actor: this.actor }) : existing;
      pending.push({ file_id: fileId, activity_id: null, entity: 'contact', record_id: existing.id, role: Object.keys(patch).length ? 'updated' : 'linked', confidence: CONFIDENCE.email });
      return { id: existing.id, record, confidence: candidates[0]!.reasons.some((r) => r.includes('email')) ? CONFIDENCE.email : CONFIDENCE.name };
    }
    const created = await this.records.create(
      this.ws,
      'contact',
      { ...draft, other_emails: p.emails.slice(1), other_phones: p.phones.slice(1), lead_source: p.role === 'card' ? 'business card' : p.role === 'lead' ? 'ingested lead' : null },
      { source: 'import', actor: this.actor },
    );
    result.createdContacts.push(created.record.id);
    pending.push({ file_id: fileId, activity_id: null, entity: 'contact', record_id: created.record.id, role: 'created', confidence: 1 });
    return { id: created.record.id, record: created.record, confidence: 1 };
  }

  /** The company of a new contact: by its web or mail domain, then by name; created when the file names it. */
  private async companyFor(p: ExtractedPerson): Promise<string | null> {
    const domains = [p.domain, ...p.emails.map((e) => e.split('@')[1])].filter((d): d is string => !!d);
    for (const d of domains) {
      const hit = await this.companyByDomain(d);
      if (hit) return hit.id;
    }
    if (!p.company) return null;
    const key = companyNameKey(p.company);
    const byName = key ? (await this.tx.records.findByKey(this.ws, ENTITIES.company, 'name_key', key, 1))[0] : undefined;
    if (byName) return byName.id;
    const domain = domains.find((d) => !FREE_MAIL.has(d.toLowerCase())) ?? null;
    const created = await this.records.create(this.ws, 'company', { name: p.company, domain }, { source: 'import', actor: this.actor });
    return created.record.id;
  }

  private async companyByDomain(domain: string): Promise<CrmRecord | null> {
    if (!domain || FREE_MAIL.has(domain.toLowerCase())) return null;
    const key = domainKey(domain);
    if (!key) return null;
    const company = ENTITIES.company;
    return (await this.tx.records.findByKey(this.ws, company, 'domain_key', key, 1))[0] ?? (await this.tx.records.findByKeyWord(this.ws, company, 'other_domain_keys', key, 1))[0] ?? null;
  }

  private async companyOf(contactId: string): Promise<string | null> {
    const c = await this.tx.records.get(this.ws, ENTITIES.contact, contactId);
    return (c?.company_id as string | null | undefined) ?? null;
  }

  /** Company names, people's full names and web domains of the workspace that the text mentions. */
  private async linkMentions(text: string, links: ItemLinks) {
    const phrases = capitalisedPhrases(text);
    const companyKeys = [...new Set(phrases.map((p) => companyNameKey(p)).filter((k): k is string => !!k && k.length >= 3))];
    const byName = await this.tx.records.idsByKeys(this.ws, ENTITIES.company, 'name_key', companyKeys);
    for (const ids of byName.values()) if (ids.length === 1) add(links.companies, ids[0]!, CONFIDENCE.mention);
    const domains = [...new Set([...text.matchAll(/\b(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})\b/gi)].map((m) => m[1]!.toLowerCase()).filter((d) => !FREE_MAIL.has(d)))].slice(0, 50);
    for (const d of domains) {
      const hit = await this.companyByDomain(d);
      if (hit) add(links.companies, hit.id, CONFIDENCE.mention);
    }
    if (links.contacts.size > 0) return; // participants say who it is about; names in the body are others
    // A forwarded mail or a document naming someone by address ("From: Ada <ada@x.com>" in the body, "Prepared for ada@x.com").
    for (const email of [...new Set(text.match(EMAIL_IN_TEXT) ?? [])].slice(0, 20)) {
      const found = await this.findContact({ role: 'author', emails: [email.toLowerCase()], phones: [] }, links);
      if (!found) continue;
      add(links.contacts, found.id, CONFIDENCE.emailInText);
      links.primaryContact ??= found.id;
      if (found.record.company_id) add(links.companies, found.record.company_id as string, CONFIDENCE.emailInText);
    }
    if (links.contacts.size > 0) return;
    const personKeys = [...new Set(phrases.filter((p) => p.includes(' ')).map((p) => personNameKey(p)).filter((k): k is string => !!k))];
    const people = await this.tx.records.idsByKeys(this.ws, ENTITIES.contact, 'name_key', personKeys);
    for (const ids of people.values()) {
      if (ids.length !== 1) continue;
      add(links.contacts, ids[0]!, CONFIDENCE.mention);
      links.primaryContact ??= ids[0]!;
      const companyId = await this.companyOf(ids[0]!);
      if (companyId) add(links.companies, companyId, CONFIDENCE.mention);
    }
  }

  /**
   * The deal an item is about, among the linked company's and contact's deals: one whose name or product the text
   * mentions, else the contact's only open deal, else the company's only (or latest) open deal.
   */
  private async linkDeal(text: string, links: ItemLinks) {
    const deal = ENTITIES.deal;
    const pool = new Map<string, CrmRecord>();
    for (const companyId of links.companies.keys()) {
      for (const d of (await this.tx.records.list(this.ws, deal, { filters: [{ field: 'company_id', op: 'eq', value: companyId }], limit: 200 })).records) pool.set(d.id, d);
    }
    for (const contactId of links.contacts.keys()) {
      for (const d of (await this.tx.records.list(this.ws, deal, { filters: [{ field: 'contact_id', op: 'eq', value: contactId }], limit: 200 })).records) pool.set(d.id, d);
    }
    if (pool.size === 0) return;
    const lower = text.toLowerCase();
    const deals = [...pool.values()];
    const named = deals.filter((d) => lower.includes(String(d.name).toLowerCase()));
    const byProduct = deals.filter((d) => typeof d.product === 'string' && d.product.length >= 3 && lower.includes(d.product.toLowerCase()));
    const open = deals.filter((d) => !isClosedStage(d.stage));
    const mentioned = named.length ? named : byProduct;
    const preferOpen = (ds: CrmRecord[]) => (ds.some((d) => !isClosedStage(d.stage)) ? ds.filter((d) => !isClosedStage(d.stage)) : ds);
    if (mentioned.length) {
      const candidates = preferOpen(mentioned);
      const ofContact = candidates.filter((d) => d.contact_id && d.contact_id === links.primaryContact);
      add(links.deals, latest(ofContact.length ? ofContact : candidates).id, CONFIDENCE.dealMentioned);
      return;
    }
    const contactOpen = open.filter((d) => d.contact_id && d.contact_id === links.primaryContact);
    if (contactOpen.length === 1) return void add(links.deals, contactOpen[0]!.id, CONFIDENCE.dealOfContact);
    // Several open deals and nothing in the text to choose: the latest is a guess, below the default review threshold.
    if (contactOpen.length > 1) return void add(links.deals, latest(contactOpen).id, CONFIDENCE.dealGuessed);
    const companyId = (links.primaryContact ? await this.companyOf(links.primaryContact) : null) ?? best(links.companies);
    const companyOpen = open.filter((d) => d.company_id === companyId);
    if (companyOpen.length >= 1) add(links.deals, latest(companyOpen).id, companyOpen.length === 1 ? CONFIDENCE.dealOfContact : CONFIDENCE.dealGuessed);
  }
}

/** A hint's links (IngestOptions.hint): the record dropped on and what it belongs to. */
interface HintLinks extends IngestReviewLinks {
  entity: IngestHint['entity'];
}

function reviewOf(r: StoredIngestReview, subject: string | null): IngestReview {
  const { activityIds: _ids, ...suggestion } = JSON.parse(r.suggestion) as IngestReview['suggestion'] & { activityIds?: string[] };
  return {
    id: r.id,
    fileId: r.file_id,
    fileName: r.file_name,
    kind: r.kind,
    activityId: r.activity_id,
    subject,
    confidence: r.confidence,
    suggestion,
    status: r.status,
    resolution: r.resolution ? (JSON.parse(r.resolution) as IngestReviewLinks) : null,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
  };
}

/** What a card or lead row adds to a known contact: new phones and e-mails (secondary when one is set), empty fields. */
export function mergePatch(existing: CrmRecord, p: ExtractedPerson, companyId: string | null): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const emails = [existing.email, ...((existing.other_emails as string[] | null) ?? [])].map((e) => (typeof e === 'string' ? emailKey(e) : null));
  const newEmails = p.emails.filter((e) => !emails.includes(emailKey(e)));
  if (newEmails.length) {
    if (!existing.email) patch.email = newEmails.shift();
    if (newEmails.length) patch.other_emails = [...((existing.other_emails as string[] | null) ?? []), ...newEmails];
  }
  const phones = [existing.phone, ...((existing.other_phones as string[] | null) ?? [])].map((x) => (typeof x === 'string' ? phoneKey(x) : null));
  const newPhones = p.phones.filter((x) => !phones.includes(phoneKey(x)));
  if (newPhones.length) {
    if (!existing.phone) patch.phone = newPhones.shift();
    if (newPhones.length) patch.other_phones = [...((existing.other_phones as string[] | null) ?? []), ...newPhones];
  }
  if (!existing.title && p.title) patch.title = p.title;
  if (!existing.company_id && companyId) patch.company_id = companyId;
  if (!existing.first_name && p.firstName) patch.first_name = p.firstName;
  if (!existing.last_name && p.lastName) patch.last_name = p.lastName;
  return patch;
}

/** Runs of capitalised words (1–4), the candidates for names of people and companies. */
export function capitalisedPhrases(text: string): string[] {
  const out = new Set<string>();
  const words = text.slice(0, 50_000).split(/[^\p{L}\p{N}&'.-]+/u);
  let run: string[] = [];
  const flush = () => {
    for (let i = 0; i < run.length; i++) for (let n = 1; n <= 4 && i + n <= run.length; n++) out.add(run.slice(i, i + n).join(' '));
    run = [];
  };
  for (const w of words) {
    const clean = w.replace(/'s$/, '').replace(/[.']+$/, '');
    if (/^\p{Lu}/u.test(clean)) run.push(clean);
    else flush();
    if (out.size > 5000) break;
  }
  flush();
  return [...out];
}

function add(map: Map<string, number>, id: string, confidence: number) {
  map.set(id, Math.max(map.get(id) ?? 0, confidence));
}

/** The id with the highest confidence (the first of equals), or null. */
function best(map: Map<string, number>): string | null {
  let pick: string | null = null;
  let top = -1;
  for (const [id, c] of map) if (c > top) [pick, top] = [id, c];
  return pick;
}

const latest = (ds: CrmRecord[]) => ds.reduce((a, b) => (String(b.updated_at ?? '') > String(a.updated_at ?? '') ? b : a));

function fileError(message: string, code: string): Error & { code: string } {
  return Object.assign(new Error(message), { code, ingestFileError: true });
}

export { CrmError };
