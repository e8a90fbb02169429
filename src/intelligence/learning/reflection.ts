/**
 * The reflection buffer's writer. Subscribed to the CRM's change feed, it turns single-record writes into
 * outcome entries — a deal won, lost or moved a stage; a lead converted or disqualified — inside the writing
 * transaction, each with the features as they were just before and the score the CRM had given then, so what is
 * learned later is judged against what was known at the time.
 */
import { ENTITIES, type CrmRecord } from '../../core/entities.js';
import type { Crm, RecordChange } from '../../crm/index.js';
import type { OutcomeEvent, OutcomeKind, Storage } from '../../storage/index.js';
import type { ScoringService, TargetName } from '../scoring/index.js';

/** Which lead statuses settle a lead. */
const LEAD_OUTCOMES: Record<string, OutcomeKind> = { customer: 'lead_converted', unqualified: 'lead_disqualified' };

function dealOutcome(to: unknown): OutcomeKind {
  return to === 'closed_won' ? 'deal_won' : to === 'closed_lost' ? 'deal_lost' : 'stage_changed';
}

/** The record as it was before the write: the written record with the changed fields put back. */
function before(record: CrmRecord, fields: Record<string, [unknown, unknown]>): CrmRecord {
  const out: CrmRecord = { ...record };
  for (const [k, [was]] of Object.entries(fields)) out[k] = was;
  return out;
}

export async function outcomesOf(tx: Storage, scoring: ScoringService, change: RecordChange): Promise<OutcomeEvent[]> {
  const write = change.writes?.[0];
  // Moments someone saw happen: not loaded history (imports) nor records folded together (merges).
  if (!write || change.op !== 'upsert' || change.ids.length !== 1 || write.source === 'import' || write.source === 'merge') return [];
  let kind: OutcomeKind | undefined;
  let target: TargetName | undefined;
  let detail: Record<string, unknown> = {};
  if (change.entity === 'deal' && write.fields.stage) {
    const [from, to] = write.fields.stage;
    if (from === null && !(to === 'closed_won' || to === 'closed_lost')) return []; // a new open deal is not an outcome
    kind = dealOutcome(to);
    target = 'deal';
    detail = { from, to };
  } else if (change.entity === 'contact' && write.fields.lead_status) {
    const [from, to] = write.fields.lead_status;
    kind = LEAD_OUTCOMES[String(to)];
    if (!kind) return [];
    target = 'lead';
    detail = { from, to };
  }
  if (!kind || !target) return [];
  const id = change.ids[0]!;
  const record = await tx.records.get(change.workspaceId, ENTITIES[change.entity], id);
  if (!record) return [];
  if (change.entity === 'deal') detail.amount = record.amount ?? null;
  // A model that cannot score must not fail the write it describes: the context then holds the error. (The reads
  // are plain selects; on PostgreSQL a failing one would still abort the transaction.)
  // A record created already settled is its own "before"; otherwise put the changed fields back.
  const was = detail.from === null ? record : before(record, write.fields);
  const context = await scoring.contextOf(tx, change.workspaceId, target, was, write.at).catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
  return [{ kind, entity: change.entity, record_id: id, at: write.at, source: write.source, actor: write.actor, detail, context }];
}

/** Records outcomes of every single-record write from now on; returns the unsubscribe function. */
export function subscribeReflection(crm: Crm, scoring: ScoringService): () => void {
  return crm.changes.subscribe(async (tx, change) => {
    const events = await outcomesOf(tx, scoring, change);
    if (events.length > 0) await tx.outcomes.append(change.workspaceId, events);
  });
}
