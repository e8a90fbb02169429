import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * Closed deals without a close time (issue 16): imports wrote closed deals without applying the stage rules the API
 * applies, so a deal imported as closed_won or closed_lost with an empty closed_at kept it empty. Each gets the time
 * its stage history says it entered its current stage (the import dated that entry), else its last update. The
 * closed stages are listed here as they were when this was written, not read from the live declarations.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await sql`
    UPDATE deals SET closed_at = COALESCE(
      (SELECT MAX(h.at) FROM stage_history h WHERE h.workspace_id = deals.workspace_id AND h.deal_id = deals.id AND h.to_stage = deals.stage),
      deals.updated_at)
    WHERE closed_at IS NULL AND stage IN ('closed_won', 'closed_lost')`.execute(db);
}
