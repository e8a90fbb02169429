/** One stage of the board: totals from /api/pipeline/currencies (each currency on its own), the biggest deals as cards, and a link to the rest. */
import { useDroppable } from '@dnd-kit/core';
import { Link } from 'react-router';
import type { DealPreview } from '../../api/strategy';
import type { CrmRecord } from '../../api/types';
import { formatMoney, formatNumber, stageLabel } from '../../ui/format';
import { DealCard } from './DealCard';
import { moneyList, type StageSums } from './currency-sums';

interface Props {
  stage: string;
  totals: StageSums | undefined;
  /** The board's currencies, the workspace's first: more than one and the amount is one figure per currency. */
  currencies?: readonly string[];
  deals: CrmRecord[] | undefined;
  companyNames: Map<string, string>;
  /** The board's filters as list parameters (`&product=…`), for the link to the rest; null when a list cannot show them. */
  filterQuery: string | null;
  /** Starts a new deal in this stage (open stages, for those who may write). */
  onAdd?: () => void;
  /** The suggested next action per deal id, when the board shows them. */
  nextActions?: ReadonlyMap<string, DealPreview>;
}

export function StageColumn({ stage, totals, currencies = [], deals, companyNames, filterQuery, onAdd, nextActions }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: stage });
  const more = (totals?.count ?? 0) - (deals?.length ?? 0);
  const filtered = filterQuery !== '';
  return (
    <section ref={setNodeRef} className={`stage-column stage-${stage} ${isOver ? 'over' : ''}`} aria-label={`${stageLabel(stage)} stage`} data-stage={stage}>
      <header className="stage-header">
        <h2>
          {stageLabel(stage)}
          {onAdd && (
            <button type="button" className="stage-add" aria-label={`New deal in ${stageLabel(stage)}`} title={`New deal in ${stageLabel(stage)}`} onClick={onAdd}>
              +
            </button>
          )}
        </h2>
        <div className="stage-totals">
          {/* Until the totals arrive, a dash rather than a count of 0 the column may not have. */}
          <span data-testid="stage-count">{totals ? formatNumber(totals.count) : '–'}</span>
          <span className="stage-amount">{totals ? (currencies.length > 1 ? moneyList(totals.amounts, currencies) : formatMoney(totals.amount, true, currencies[0])) : ''}</span>
        </div>
      </header>
      <div className="stage-cards">
        {deals === undefined ? (
          // Placeholders the size of cards, not a "Loading…" line above an "n more" link.
          <div className="stage-loading" role="status" aria-label={`Loading ${stageLabel(stage)} deals`}>
            <span className="card-skeleton" />
            <span className="card-skeleton" />
            <span className="card-skeleton" />
          </div>
        ) : deals.length === 0 ? (
          // Say what puts a deal here, not only that none is: a phone shows one column at a time, often an empty one.
          <div className="stage-empty">
            <p className="muted small">
              {filtered
                ? 'No deal here matches the filters.'
                : stage === 'closed_won'
                  ? 'No deal won yet. Drag a card here, or choose Won on a deal\u2019s page.'
                  : stage === 'closed_lost'
                    ? 'No deal lost yet. Drag a card here, or choose Lost on a deal\u2019s page.'
                    : `No deals in ${stageLabel(stage)}.`}
            </p>
            {onAdd && !filtered && (
              <button type="button" className="button small" onClick={onAdd}>
                + Add a deal
              </button>
            )}
          </div>
        ) : (
          deals.map((d) => <DealCard key={d.id} deal={d} company={companyNames.get(String(d.company_id))} next={nextActions?.get(d.id)} />)
        )}
        {deals !== undefined && more > 0 && filterQuery !== null && (
          <Link className="more-link" to={`/deals?stage=${stage}${filterQuery}&sort=-amount`}>
            {formatNumber(more)} more
          </Link>
        )}
      </div>
    </section>
  );
}
