/** Deal pipeline rules: ordered stages, closing and reopening. */
import { validationError } from '../core/errors.js';
import { CLOSED_STAGES, DEAL_STAGES, type CrmRecord, type DealStage } from '../core/entities.js';

export const OPEN_STAGES: readonly DealStage[] = DEAL_STAGES.filter((s) => !CLOSED_STAGES.includes(s));

export const isClosedStage = (stage: unknown): boolean => CLOSED_STAGES.includes(stage as DealStage);

/**
 * Keeps `closed_at` consistent with the stage: set when a deal closes (the caller's value wins), cleared when
 * it reopens. `closedAtGiven` means the caller set closed_at explicitly in this write.
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
  if (closingNow || next.closed_at == null) next.closed_at = now;
}

export function stageChangeOf(current: CrmRecord, next: CrmRecord): { from_stage: string; to_stage: string } | null {
  return current.stage === next.stage ? null : { from_stage: current.stage as string, to_stage: next.stage as string };
}
