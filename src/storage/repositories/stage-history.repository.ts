/** Every stage change of every deal, append-only (the pipeline's history; learners read it). */
import { chunk } from '../chunk.js';
import type { Db } from '../database.js';
import type { StageChange, StageHistoryRepository } from '../index.js';

const STAGE_CHANGE_COLUMNS = ['seq', 'deal_id', 'from_stage', 'to_stage', 'at', 'source', 'actor'] as const;

export class KyselyStageHistoryRepository implements StageHistoryRepository {
  constructor(private readonly db: Db) {}

  async append(ws: string, changes: readonly StageChange[]) {
    for (const part of chunk(changes, 2000)) {
      if (part.length === 0) continue;
      await this.db
        .insertInto('stage_history')
        .values(part.map((c) => ({ workspace_id: ws, ...c })))
        .execute();
    }
  }

  async forDeals(ws: string, dealIds: readonly string[]) {
    const out: (StageChange & { seq: number })[] = [];
    for (const part of chunk([...new Set(dealIds)], 1000)) {
      const rows = await this.db
        .selectFrom('stage_history')
        .select([...STAGE_CHANGE_COLUMNS])
        .where('workspace_id', '=', ws)
        .where('deal_id', 'in', part)
        .orderBy('at')
        .orderBy('seq')
        .execute();
      out.push(...rows.map((r) => ({ ...r, seq: Number(r.seq) })));
    }
    return out.sort((a, b) => (a.at === b.at ? a.seq - b.seq : a.at < b.at ? -1 : 1));
  }

  async remove(ws: string, seqs: readonly number[]) {
    let removed = 0;
    for (const part of chunk([...new Set(seqs)], 1000)) {
      if (part.length === 0) continue;
      const r = await this.db.deleteFrom('stage_history').where('workspace_id', '=', ws).where('seq', 'in', part).executeTakeFirst();
      removed += Number(r.numDeletedRows);
    }
    return removed;
  }

  async *all(ws: string) {
    let after = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('stage_history')
        .select([...STAGE_CHANGE_COLUMNS])
        .where('workspace_id', '=', ws)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(5000)
        .execute();
      if (rows.length > 0) yield rows.map((r) => ({ ...r, seq: Number(r.seq) }));
      if (rows.length < 5000) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }
}
