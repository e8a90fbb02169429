/** Failed sign-ins per (account, client address) since the pair's last success (migration 0009). */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { LoginThrottleRepository } from '../index.js';

export class KyselyLoginThrottleRepository implements LoginThrottleRepository {
  constructor(private readonly db: Db) {}

  async get(userId: string, address: string) {
    const row = await this.db.selectFrom('login_throttle').select(['failures', 'last_at']).where('user_id', '=', userId).where('address', '=', address).executeTakeFirst();
    return row ? { failures: Number(row.failures), last_at: row.last_at } : undefined;
  }

  async recordFailure(userId: string, address: string, at: string) {
    // One upsert, so simultaneous failures all count.
    await this.db
      .insertInto('login_throttle')
      .values({ user_id: userId, address, failures: 1, last_at: at })
      .onConflict((oc) => oc.columns(['user_id', 'address']).doUpdateSet({ failures: sql`login_throttle.failures + 1`, last_at: at }))
      .execute();
    return (await this.get(userId, address))?.failures ?? 1;
  }

  async clear(userId: string, address: string) {
    await this.db.deleteFrom('login_throttle').where('user_id', '=', userId).where('address', '=', address).execute();
  }

  async latestFailure(userId: string) {
    const row = await this.db.selectFrom('login_throttle').select((eb) => eb.fn.max('last_at').as('at')).where('user_id', '=', userId).executeTakeFirst();
    return row?.at ?? undefined;
  }
}
