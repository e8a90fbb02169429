/** An account's own security history: sign-ins, failures, sign-outs, password changes (migration 0009). */
import type { Db } from '../database.js';
import type { AccountEvent, AccountEventKind, AccountHistoryRepository } from '../index.js';

export class KyselyAccountHistoryRepository implements AccountHistoryRepository {
  constructor(private readonly db: Db) {}

  async append(e: Omit<AccountEvent, 'seq'>) {
    await this.db.insertInto('account_events').values({ ...e, data: JSON.stringify(e.data) }).execute();
  }

  async list(userId: string, q: { limit: number; beforeSeq?: number; kinds?: readonly AccountEventKind[] }) {
    let qb = this.db.selectFrom('account_events').selectAll().where('user_id', '=', userId);
    if (q.beforeSeq !== undefined) qb = qb.where('seq', '<', q.beforeSeq);
    if (q.kinds?.length) qb = qb.where('kind', 'in', [...q.kinds]);
    const rows = await qb.orderBy('seq', 'desc').limit(q.limit).execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq), data: JSON.parse(r.data as string) }) as AccountEvent);
  }

  async count(userId: string, kind: AccountEventKind, after: string, upTo?: string) {
    let qb = this.db.selectFrom('account_events').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).where('kind', '=', kind).where('at', '>', after);
    if (upTo) qb = qb.where('at', '<=', upTo);
    return Number((await qb.executeTakeFirstOrThrow()).n);
  }

  async lastAt(userId: string, kind: AccountEventKind, before: string) {
    const row = await this.db
      .selectFrom('account_events')
      .select((eb) => eb.fn.max('at').as('at'))
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .where('at', '<', before)
      .executeTakeFirst();
    return row?.at ?? undefined;
  }
}
