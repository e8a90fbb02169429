/** Ingested files, their originals (content-addressed by sha256) and what they created or linked (migration 0018). */
import type { Db } from '../database.js';
import type { IngestLink, IngestRepository, IngestReviewStatus, StoredIngestFile, StoredIngestReview } from '../index.js';

export class KyselyIngestRepository implements IngestRepository {
  constructor(private readonly db: Db) {}

  async putOriginal(ws: string, o: { sha256: string; content: Uint8Array; created_at: string }) {
    await this.db
      .insertInto('ingest_originals')
      .values({ workspace_id: ws, sha256: o.sha256, size: o.content.byteLength, content: Buffer.from(o.content.buffer, o.content.byteOffset, o.content.byteLength), created_at: o.created_at })
      .onConflict((c) => c.columns(['workspace_id', 'sha256']).doNothing())
      .execute();
  }

  async original(ws: string, sha256: string) {
    const row = await this.db.selectFrom('ingest_originals').select(['sha256', 'size', 'content']).where('workspace_id', '=', ws).where('sha256', '=', sha256).executeTakeFirst();
    return row && { sha256: row.sha256, size: Number(row.size), content: new Uint8Array(row.content) };
  }

  async insertFile(file: StoredIngestFile) {
    await this.db.insertInto('ingest_files').values(file).execute();
  }

  async fileBySha(ws: string, sha256: string) {
    return await this.db.selectFrom('ingest_files').selectAll().where('workspace_id', '=', ws).where('sha256', '=', sha256).executeTakeFirst();
  }

  async fileByMessageId(ws: string, messageId: string) {
    return await this.db
      .selectFrom('ingest_messages as m')
      .innerJoin('ingest_files as f', (j) => j.onRef('f.id', '=', 'm.file_id').onRef('f.workspace_id', '=', 'm.workspace_id'))
      .selectAll('f')
      .where('m.workspace_id', '=', ws)
      .where('m.message_id', '=', messageId)
      .executeTakeFirst();
  }

  async addMessages(ws: string, rows: readonly { message_id: string; file_id: string }[]) {
    if (rows.length === 0) return;
    await this.db
      .insertInto('ingest_messages')
      .values(rows.map((r) => ({ workspace_id: ws, ...r })))
      .onConflict((c) => c.columns(['workspace_id', 'message_id']).doNothing())
      .execute();
  }

  async addLinks(ws: string, links: readonly IngestLink[]) {
    if (links.length === 0) return;
    await this.db.insertInto('ingest_links').values(links.map((l) => ({ workspace_id: ws, ...l }))).execute();
  }

  async fileOfActivity(ws: string, activityId: string) {
    return await this.db
      .selectFrom('ingest_links as l')
      .innerJoin('ingest_files as f', (j) => j.onRef('f.id', '=', 'l.file_id').onRef('f.workspace_id', '=', 'l.workspace_id'))
      .selectAll('f')
      .where('l.workspace_id', '=', ws)
      .where('l.entity', '=', 'activity')
      .where('l.record_id', '=', activityId)
      .where('l.role', '=', 'created')
      .executeTakeFirst();
  }

  async setResult(ws: string, fileId: string, result: string) {
    await this.db.updateTable('ingest_files').set({ result }).where('workspace_id', '=', ws).where('id', '=', fileId).execute();
  }

  async addReview(review: StoredIngestReview) {
    await this.db.insertInto('ingest_reviews').values(review).execute();
  }

  async reviews(ws: string, opts: { status?: IngestReviewStatus; limit: number }) {
    let q = this.db.selectFrom('ingest_reviews').selectAll().where('workspace_id', '=', ws);
    if (opts.status) q = q.where('status', '=', opts.status);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
    return rows.map((r) => ({ ...r, confidence: Number(r.confidence) }));
  }

  async review(ws: string, id: string) {
    const row = await this.db.selectFrom('ingest_reviews').selectAll().where('workspace_id', '=', ws).where('id', '=', id).executeTakeFirst();
    return row && { ...row, confidence: Number(row.confidence) };
  }

  async resolveReview(ws: string, id: string, r: { status: Exclude<IngestReviewStatus, 'pending'>; resolution: string; resolved_at: string; resolved_by: string | null }) {
    const res = await this.db.updateTable('ingest_reviews').set(r).where('workspace_id', '=', ws).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}
