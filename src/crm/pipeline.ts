/** Deal pipeline rules: ordered stages, closing and reopening. */
import { validationError } from '../core/errors.js';
import { CLOSED_STAGES, DEAL_STAGES, type CrmRecord, type DealStage } from '../core/entities.js';

export const OPEN_STAGES: readonly DealStage[] = DEAL_STAGES.filter((s) => !CLOSED_STAGES.includes(s));

export const isClosedStage = (stage: unknown): boolean => CLOSED_STAGES.includes(stage as DealStage);

export interface StageSum {
  stage: DealStage;
  count: number;
  amount: number;
  open: boolean;
}

/**
 * Every stage in order with its deals' count and amount, and the open pipeline, from amounts summed by stage (the
 * rows of one or several aggregate queries: a stage in several is added up).
 */
export function stageSums(rows: readonly { group: unknown; count: number; value: unknown }[]): { stages: StageSum[]; open: { count: number; amount: number } } {
  const byStage = new Map<string, { count: number; amount: number }>();
  for (const r of rows) {
    const s = byStage.get(String(r.group)) ?? { count: 0, amount: 0 };
    byStage.set(String(r.group), { count: s.count + r.count, amount: s.amount + Number(r.value ?? 0) });
  }
  const stages = DEAL_STAGES.map((stage) => ({ stage, count: byStage.get(stage)?.count ?? 0, amount: byStage.get(stage)?.amount ?? 0, open: !isClosedStage(stage) }));
  const open = stages.filter((s) => s.open);
  return { stages, open: { count: open.reduce((n, s) => n + s.count, 0), amount: open.reduce((n, s) => n + s.amount, 0) } };
}

/**
 * Keeps `closed_at` consistent with the stage: set when a deal closes (the caller's value wins), kept while it stays
 * closed (an empty value, such as an empty cell of a re-imported file, does not move it), cleared when it reopens.
 * `closedAtGiven` means this write gives closed_at a value.
 */
export function applyStageRules(next: CrmRecord, current: CrmRecord | null, now: string, closedAtGiven: boolean): void {
  if (!isClosedStage(next.stage)) {
    if (closedAtGiven && next.closed_at != null)
      throw validationError(`closed_at: only closed deals have a close date (stage is ${String(next.stage)})`, [
        { field: 'closed_at', message: 'only closed deals have a close date' },
      ]);
    next.closed_at = null;
    return;
  }
  if (closedAtGiven && next.closed_at != null) return;
  const closingNow = current !== null && !isClosedStage(current.stage);
  if (closingNow) next.closed_at = now;
  else if (next.closed_at == null) next.closed_at = current?.closed_at ?? now;
}

export interface LostReasonRules {
  /** This write sets lost_reason to a value; it must then be one of `reasons`. */
  reasonGiven: boolean;
  /** This write sets lost_note to a value. */
  noteGiven: boolean;
  /** The workspace's lost reasons (needed only when a reason is given). */
  reasons?: readonly string[];
}

/**
 * Keeps the lost reason consistent with the stage: only closed_lost deals have one (and a note); moving out of
 * closed_lost clears both. A reason given must be one of the workspace's list (matched in any case, stored as the
 * list spells it); a loss without a reason is accepted (scripts, imports) and the app shows "no reason given".
 */
export function applyLostReasonRules(next: CrmRecord, _current: CrmRecord | null, rules: LostReasonRules): void {
  if (next.stage !== 'closed_lost') {
    if (rules.reasonGiven || rules.noteGiven) {
      const field = rules.reasonGiven ? 'lost_reason' : 'lost_note';
      throw validationError(`${field}: only lost deals have a lost reason (stage is ${String(next.stage)})`, [{ field, message: 'only lost deals (stage closed_lost) have one' }]);
    }
    next.lost_reason = null;
    next.lost_note = null;
    return;
  }
  if (!rules.reasonGiven) return;
  const reasons = rules.reasons ?? [];
  const wanted = String(next.lost_reason).trim().toLowerCase();
  const match = reasons.find((r) => r.toLowerCase() === wanted);
  if (!match)
    throw validationError(`lost_reason: "${String(next.lost_reason)}" is not one of this workspace's lost reasons (${reasons.join(', ')})`, [
      { field: 'lost_reason', message: `not one of: ${reasons.join(', ')}` },
    ]);
  next.lost_reason = match;
}

export function stageChangeOf(current: CrmRecord, next: CrmRecord): { from_stage: string; to_stage: string } | null {
  return current.stage === next.stage ? null : { from_stage: current.stage as string, to_stage: next.stage as string };
}
