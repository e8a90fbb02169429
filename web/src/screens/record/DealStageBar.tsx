/**
 * The deal page's stage bar: the open stages as steps (click one to move there), Won and Lost buttons, and once
 * closed, the outcome with its date and (lost) the reason and note. Lost asks why; every move can be undone for 5 s.
 */
import { useEffect, useRef } from 'react';
import type { CrmRecord } from '../../api/types';
import { formatDate, stageLabel } from '../../ui/format';
import { LOST, OPEN_DEAL_STAGES, useDealMover } from '../pipeline/close';

export function DealStageBar({ deal, readOnly }: { deal: CrmRecord; readOnly: boolean }) {
  const { move, prefetchReasons, elements } = useDealMover();
  const open = !String(deal.stage).startsWith('closed');
  // An open deal's page may be lost from here: have the reasons ready for the dialog.
  useEffect(() => {
    if (!readOnly && open) prefetchReasons();
  }, [readOnly, open, prefetchReasons]);
  const stage = String(deal.stage);
  const closed = stage.startsWith('closed');
  const reached = OPEN_DEAL_STAGES.indexOf(stage as (typeof OPEN_DEAL_STAGES)[number]);
  // After a move the button that was clicked is disabled (the current step) or gone (Won): focus fell to the page's
  // body and a keyboard user started over at the top. It goes on to the next step (Enter moves on again) or, once
  // closed, to the outcome ("Won · 6 Dec 2026"). Focus that went elsewhere (a dialog, Undo) is left where it is.
  const bar = useRef<HTMLElement>(null);
  const lastStage = useRef(stage);
  useEffect(() => {
    if (lastStage.current === stage) return;
    lastStage.current = stage;
    const a = document.activeElement as HTMLElement | null;
    const lost = !a || a === document.body || (bar.current?.contains(a) && (a as HTMLButtonElement).disabled);
    if (!lost) return;
    const next = bar.current?.querySelector<HTMLButtonElement>('.stage-step.current + .stage-step button:not(:disabled)') ?? bar.current?.querySelector<HTMLElement>('.outcome, .won-button');
    next?.focus();
  }, [stage]);
  return (
    <section ref={bar} className={`deal-stage-bar ${closed ? `is-${stage}` : ''}`} aria-label="Deal stage">
      <ol className="stage-steps">
        {OPEN_DEAL_STAGES.map((s, i) => {
          const current = s === stage;
          return (
            <li key={s} className={`stage-step ${current ? 'current' : ''} ${closed || i < reached ? 'done' : ''}`}>
              <button
                type="button"
                aria-current={current ? 'step' : undefined}
                aria-label={current ? `${stageLabel(s)} (current stage)` : `Move to ${stageLabel(s)}`}
                disabled={readOnly || current}
                onClick={() => void move(deal, s)}
              >
                {stageLabel(s)}
              </button>
            </li>
          );
        })}
      </ol>
      <div className="stage-outcome">
        {closed ? (
          <p className={`outcome outcome-${stage}`} tabIndex={-1}>
            <strong>{stage === LOST ? 'Lost' : 'Won'}</strong>
            {typeof deal.closed_at === 'string' && <span className="muted"> · {formatDate(deal.closed_at)}</span>}
            {stage === LOST && (
              <span className="lost-why">
                {' · '}
                {typeof deal.lost_reason === 'string' && deal.lost_reason ? <span data-testid="lost-reason">{deal.lost_reason}</span> : <span className="muted">no reason given</span>}
                {typeof deal.lost_note === 'string' && deal.lost_note && <span className="muted"> — “{deal.lost_note}”</span>}
              </span>
            )}
          </p>
        ) : null}
        {!readOnly && (
          <span className="outcome-buttons">
            {stage !== 'closed_won' && (
              <button type="button" className="button won-button" onClick={() => void move(deal, 'closed_won')}>
                Won
              </button>
            )}
            {stage !== LOST && (
              <button type="button" className="button lost-button" onClick={() => void move(deal, LOST)}>
                Lost
              </button>
            )}
          </span>
        )}
      </div>
      {elements}
    </section>
  );
}
