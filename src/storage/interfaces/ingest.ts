/** Ingested files, their originals and links (migration 0018). */

export interface StoredIngestFile {
  id: string;
  workspace_id: string;
  sha256: string;
  /** The e-mail a file was attached to (its ingest file id), else null. */
  parent_id: string | null;
  file_name: string;
  kind: string;
  /** JSON: the result answered for the file (IngestFileResult). */
  result: string;
  created_by: string | null;
  created_at: string;
}

/** 'suggested': a link held for review (below the workspace's threshold), not applied. */
export type IngestLinkRole = 'created' | 'linked' | 'updated' | 'attachment' | 'suggested';

export interface IngestLink {
  file_id: string;
  /** The activity the link belongs to (null: a contact created from a card without its own activity). */
  activity_id: string | null;
  entity: string;
  record_id: string;
  role: IngestLinkRole;
  confidence: number;
}

export interface IngestRepository extends IngestReviewRepository {
  /** Keeps the bytes once (a second put of the same hash does nothing). */
  putOriginal(ws: string, original: { sha256: string; content: Uint8Array; created_at: string }): Promise<void>;
  original(ws: string, sha256: string): Promise<{ sha256: string; size: number; content: Uint8Array } | undefined>;
  insertFile(file: StoredIngestFile): Promise<void>;
  fileBySha(ws: string, sha256: string): Promise<StoredIngestFile | undefined>;
  /** The file that brought the message (Message-ID or calendar UID) in. */
  fileByMessageId(ws: string, messageId: string): Promise<StoredIngestFile | undefined>;
  addMessages(ws: string, rows: readonly { message_id: string; file_id: string }[]): Promise<void>;
  addLinks(ws: string, links: readonly IngestLink[]): Promise<void>;
  /** The file an activity was made from. */
  fileOfActivity(ws: string, activityId: string): Promise<StoredIngestFile | undefined>;
  setResult(ws: string, fileId: string, result: string): Promise<void>;
}

/** Links an item may get: the contact, company and deal an activity is about. */
export interface IngestReviewLinks {
  contactId: string | null;
  companyId: string | null;
  dealId: string | null;
}

export type IngestReviewStatus = 'pending' | 'accepted' | 'changed' | 'rejected';

/** An ingested item waiting for a member to confirm its links (migration 0021). */
export interface StoredIngestReview {
  id: string;
  workspace_id: string;
  file_id: string;
  activity_id: string;
  file_name: string;
  kind: string;
  /** The item's link confidence (below the workspace's threshold). */
  confidence: number;
  /** JSON: IngestReviewLinks with the confidence of each (`{contactId, companyId, dealId, confidences}`). */
  suggestion: string;
  status: IngestReviewStatus;
  /** JSON: the IngestReviewLinks applied, once resolved. */
  resolution: string | null;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface IngestReviewRepository {
  addReview(review: StoredIngestReview): Promise<void>;
  /** Reviews of the workspace, newest first. */
  reviews(ws: string, opts: { status?: IngestReviewStatus; limit: number }): Promise<StoredIngestReview[]>;
  review(ws: string, id: string): Promise<StoredIngestReview | undefined>;
  /** Resolves a pending review; false when it was not pending any more (resolved by someone else meanwhile). */
  resolveReview(ws: string, id: string, r: { status: Exclude<IngestReviewStatus, 'pending'>; resolution: string; resolved_at: string; resolved_by: string | null }): Promise<boolean>;
}
