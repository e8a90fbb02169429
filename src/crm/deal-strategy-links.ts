/**
 * The declared activity field `recommendation_id` (issue 19): the recommendation an activity acted on — a deal's
 * (deal strategy, migration 0020) or a contact's (next-best action, 0017). Checked inside the writing transaction
 * (a change-feed listener): an id unknown in the workspace is a 400 naming the field and nothing is written; a
 * deal's recommendation must be acted on for that deal. Acting marks a deal recommendation acted on at the
 * activity's own `occurred_at` (the deal's clock), which is what spends its effort budget. Imports and merges keep
 * what they carry unchecked (a file's recommendation ids are another workspace's).
 */
import { ENTITIES } from '../core/entities.js';
import { validationError } from '../core/errors.js';
import type { Storage } from '../storage/index.js';
import type { RecordChange } from './change-feed.js';

export async function checkRecommendationLinks(tx: Storage, change: RecordChange): Promise<void> {
  if (change.entity !== 'activity' || change.op !== 'upsert' || !change.writes) return;
  const ws = change.workspaceId;
  for (const [i, write] of change.writes.entries()) {
    const set = write.fields.recommendation_id;
    if (!set || typeof set[1] !== 'string' || write.source === 'import' || write.source === 'merge') continue;
    const id = set[1];
    const kind = await tx.dealStrategy.recommendationExists(ws, id);
    if (!kind) {
      const message = `recommendation_id: there is no recommendation ${id} in this workspace`;
      throw validationError(message, [{ field: 'recommendation_id', message: 'unknown recommendation' }]);
    }
    if (kind !== 'deal') continue;
    const [activity, rec] = await Promise.all([tx.records.get(ws, ENTITIES.activity, change.ids[i]!), tx.dealStrategy.get(ws, id)]);
    if (!activity || !rec) continue;
    if (typeof activity.deal_id === 'string' && activity.deal_id !== rec.deal_id) {
      const message = `recommendation_id: recommendation ${id} is for deal ${rec.deal_id}, this activity is on deal ${activity.deal_id}`;
      throw validationError(message, [{ field: 'recommendation_id', message: 'recommendation of another deal' }]);
    }
    await tx.dealStrategy.markActed(ws, id, typeof activity.occurred_at === 'string' ? activity.occurred_at : write.at, activity.id);
  }
}
