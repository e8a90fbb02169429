/**
 * Moving deals between stages, wherever it happens (the deal page's stage bar, the board, the list's bulk action):
 * a move to "Closed lost" first asks why (the workspace's lost reasons plus a note; cancel moves nothing), and every
 * move can be undone for five seconds (the Undo button, or Ctrl/Cmd+Z) — the undo puts back the stage, the close
 * date and the lost reason the deal had.
 */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { OPEN_STAGES } from '../../api/entities';
import { lostReasons } from '../../api/endpoints';
import { errorMessage } from '../../api/http';
import { keys, patchAndStore } from '../../api/hooks';
import type { CrmRecord } from '../../api/types';
import { stageLabel } from '../../ui/format';
import { useToast } from '../../ui/Toasts';

export const UNDO_MS = 5000;
export const LOST = 'closed_lost';

export interface LostInput {
  lost_reason: string;
  lost_note: string | null;
}

export const closeKeys = { lostReasons: ['lost-reasons'] as const, forecast: ['forecast'] as const, flagged: ['flagged-deals'] as const };

export function useLostReasons() {
  return useQuery({ queryKey: closeKeys.lostReasons, queryFn: lostReasons, staleTime: 5 * 60_000 });
}

/** Everything that shows a deal's stage or totals, refreshed after a move. */
export function invalidateDeals(qc: QueryClient, id?: string) {
  for (const key of [keys.pipeline, keys.stageCards, keys.lists('deals'), closeKeys.forecast, closeKeys.flagged, ['dash']]) void qc.invalidateQueries({ queryKey: key });
  // The deal's page reads its timeline, stage history and score apart from the record: a move (or its undo) changes
  // all three — the Stage history panel of a deal moved to Won still said "Lead".
  const ofDeal = id ? [keys.timeline('deals', id), ['stage-history', id], ['deal-score', id]] : [['timeline', 'deals'], ['stage-history'], ['deal-score']];
  for (const key of ofDeal) void qc.invalidateQueries({ queryKey: key });
}

/** The patch that puts a deal back as it was before a move. */
export function restorePatch(before: CrmRecord): Record<string, unknown> {
  const patch: Record<string, unknown> = { stage: before.stage };
  if (String(before.stage).startsWith('closed')) patch.closed_at = before.closed_at ?? null;
  if (before.stage === LOST) Object.assign(patch, { lost_reason: before.lost_reason ?? null, lost_note: before.lost_note ?? null });
  return patch;
}

/** Asks why a deal (or several) was lost: a reason from the workspace's list (required) and a note. */
export function LostReasonDialog({ title, onConfirm, onCancel }: { title: string; onConfirm: (input: LostInput) => void; onCancel: () => void }) {
  const reasons = useLostReasons();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    first.current?.focus();
  }, [reasons.data]);
  const submit = () => {
    setTried(true);
    if (reason) onConfirm({ lost_reason: reason, lost_note: note.trim() || null });
  };
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <form
        className="modal lost-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="lost-title"
        onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onCancel())}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id="lost-title">{title}</h2>
        <fieldset className="lost-reasons" aria-describedby={tried && !reason ? 'lost-reason-error' : undefined}>
          <legend>Why was it lost?</legend>
          {reasons.isPending && <p className="muted small">Loading reasons…</p>}
          {reasons.isError && <p className="form-error">{errorMessage(reasons.error)}</p>}
          {(reasons.data ?? []).map((r, i) => (
            <label key={r} className={`lost-reason ${reason === r ? 'chosen' : ''}`}>
              <input ref={i === 0 ? first : undefined} type="radio" name="lost_reason" value={r} checked={reason === r} onChange={() => setReason(r)} />
              {r}
            </label>
          ))}
          {tried && !reason && (
            <p className="form-error" id="lost-reason-error" role="alert">
              Pick a reason.
            </p>
          )}
        </fieldset>
        <label className="stack-field">
          <span>Note (optional)</span>
          <textarea aria-label="Lost note" rows={3} maxLength={2000} value={note} placeholder="What happened? Who won it?" onChange={(e) => setNote(e.target.value)} />
        </label>
        <div className="modal-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button danger">
            Mark as lost
          </button>
        </div>
      </form>
    </div>
  );
}

/** A toast with Undo for five seconds (a bar that shrinks shows the time left). */
function UndoToast({ message, onUndo, onDone }: { message: string; onUndo: () => void; onDone: () => void }) {
  useEffect(() => {
    const t = setTimeout(onDone, UNDO_MS);
    const key = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && !target?.closest('input, textarea, [contenteditable]')) {
        e.preventDefault();
        onUndo();
      }
    };
    window.addEventListener('keydown', key);
    return () => {
      clearTimeout(t);
      window.removeEventListener('keydown', key);
    };
  }, [onUndo, onDone]);
  return (
    <div className="undo-toast" role="status" aria-live="polite">
      <span>{message}</span>
      <button type="button" className="button undo-button" onClick={onUndo}>
        Undo
      </button>
      <span className="undo-timer" style={{ animationDuration: `${UNDO_MS}ms` }} aria-hidden="true" />
    </div>
  );
}

export interface MoveOptions {
  /** Shows the move at once; returns how to take it back (the board moves the card between columns). */
  optimistic?: () => () => void;
}

/**
 * `move(deal, to)`: asks for a lost reason when `to` is closed_lost (false when cancelled), saves, and offers undo.
 * `askLost(title)`: only the question (bulk moves). Render `elements` once in the screen.
 */
export function useDealMover() {
  const qc = useQueryClient();
  const toast = useToast();
  const [asking, setAsking] = useState<{ title: string; resolve: (v: LostInput | null) => void } | null>(null);
  const [undo, setUndo] = useState<{ id: number; message: string; run: () => Promise<void> } | null>(null);
  const serial = useRef(0);

  const askLost = useCallback((title: string) => new Promise<LostInput | null>((resolve) => setAsking({ title, resolve })), []);

  const offerUndo = useCallback((message: string, run: () => Promise<void>) => setUndo({ id: ++serial.current, message, run }), []);
  /** Asks for the workspace's lost reasons ahead of a possible loss (a drag starting, the deal page opening), so the
   * "Why was it lost?" dialog opens with them instead of "Loading reasons…". */
  const prefetchReasons = useCallback(() => void qc.prefetchQuery({ queryKey: closeKeys.lostReasons, queryFn: lostReasons, staleTime: 5 * 60_000 }), [qc]);

  const move = useCallback(
    async (deal: CrmRecord, to: string, opts: MoveOptions = {}): Promise<boolean> => {
      if (to === deal.stage) return false;
      const takeBack = opts.optimistic?.();
      let lost: LostInput | null = null;
      if (to === LOST) {
        lost = await askLost(`Mark “${String(deal.name)}” as lost`);
        if (!lost) {
          takeBack?.();
          return false;
        }
      }
      try {
        await patchAndStore(qc, 'deals', deal.id, { stage: to, ...(lost ?? {}) });
        offerUndo(`${String(deal.name)} → ${stageLabel(to)}${lost ? ` (${lost.lost_reason})` : ''}`, async () => {
          await patchAndStore(qc, 'deals', deal.id, restorePatch(deal));
          toast.show(`${String(deal.name)} is back in ${stageLabel(String(deal.stage))}`, 'success');
        });
        return true;
      } catch (err) {
        takeBack?.();
        toast.error(err);
        return false;
      } finally {
        invalidateDeals(qc, deal.id);
      }
    },
    [qc, toast, askLost, offerUndo],
  );

  const elements: ReactNode = (
    <>
      {asking && (
        <LostReasonDialog
          title={asking.title}
          onCancel={() => {
            asking.resolve(null);
            setAsking(null);
          }}
          onConfirm={(v) => {
            asking.resolve(v);
            setAsking(null);
          }}
        />
      )}
      {undo && (
        <UndoToast
          key={undo.id}
          message={undo.message}
          onDone={() => setUndo((u) => (u?.id === undo.id ? null : u))}
          onUndo={() => {
            setUndo(null);
            undo
              .run()
              .catch(toast.error)
              .finally(() => invalidateDeals(qc));
          }}
        />
      )}
    </>
  );
  return { move, askLost, offerUndo, restorePatch, prefetchReasons, elements };
}

export { DealFlags } from '../../ui/DealFlags';

export const OPEN_DEAL_STAGES = OPEN_STAGES;
