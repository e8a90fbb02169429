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

export type IngestLinkRole = 'created' | 'linked' | 'updated' | 'attachment';

export interface IngestLink {
  file_id: string;
  /** The activity the link belongs to (null: a contact created from a card without its own activity). */
  activity_id: string | null;
  entity: string;
  record_id: string;
  role: IngestLinkRole;
  confidence: number;
}

export interface IngestRepository {
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
