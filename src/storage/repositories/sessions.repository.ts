/** Browser sessions, stored by the SHA-256 of their cookie's secret (migration 0007). */
import type { Db } from '../database.js';
import type { SessionRepository, StoredSession } from '../index.js';

export class KyselySessionRepository implements SessionRepository {
  constructor(private readonly db: Db) {}

  async insert(s: StoredSession) {
    await this.db.insertInto('sessions').values(s).execute();
  }

  async get(idHash: string) {
    return await this.db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  }

  async touch(idHash: string, lastSeenAt: string, expiresAt: string) {
    await this.db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
  }

  async delete(idHash: string) {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async deleteForUser(userId: string, keepIdHash?: string) {
    let qb = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepIdHash) qb = qb.where('id_hash', '!=', keepIdHash);
    const res = await qb.executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async deleteExpired(now: string) {
    const res = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
