/** A deal on the board: draggable from anywhere on the card to another stage (pointer, or keyboard: Space, arrows, Space), a link to the deal, overdue/idle badges and, when asked for, the suggested next action. */
import { useDraggable } from '@dnd-kit/core';
import { Link } from 'react-router';
import type { DealPreview } from '../../api/strategy';
import type { CrmRecord } from '../../api/types';
import { formatDate, formatMoney } from '../../ui/format';
import { useCan } from '../auth/session';
import { DealFlags } from './close';

export function DealCardBody({ deal, company, next }: { deal: CrmRecord; company?: string; next?: DealPreview }) {
  return (
    <>
      {/* Not a drag handle of its own: a press on the name starts a drag too once the pointer moves; a click opens the deal. */}
      <Link to={`/deals/${encodeURIComponent(deal.id)}`} className="deal-name" draggable={false} tabIndex={-1} title={String(deal.name)}>
        {String(deal.name)}
      </Link>
      {/* The company on a line of its own and the amount beside the close date: at 1366 px a column is ~180 px
          wide, and company and amount on one line left "Pioneer Se…". */}
      {company && <div className="deal-company">{company}</div>}
      <div className="deal-meta">
        <span className="muted">{typeof deal.expected_close === 'string' ? `closes ${formatDate(deal.expected_close)}` : ''}</span>
        <strong>{typeof deal.amount === 'number' ? formatMoney(deal.amount, true, deal.currency) : '—'}</strong>
      </div>
      <DealFlags deal={deal} />
      {next && (
        <div className="deal-next" title={next.reason}>
          <span className="deal-next-action">Next: {next.label}</span>
          {next.reason && <span className="deal-next-reason">{next.reason}</span>}
        </div>
      )}
    </>
  );
}

export function DealCard({ deal, company, next }: { deal: CrmRecord; company?: string; next?: DealPreview }) {
  // A read-only role sees the board but cannot move cards.
  const can = useCan();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: deal.id, data: { deal }, disabled: !can.write });
  return (
    <div
      ref={setNodeRef}
      className={`deal-card ${isDragging ? 'dragging' : ''}`}
      data-deal-id={deal.id}
      {...listeners}
      {...attributes}
      aria-roledescription="draggable deal"
      aria-label={`${String(deal.name)}, ${typeof deal.amount === 'number' ? formatMoney(deal.amount, false, deal.currency) : 'no amount'}`}
    >
      <DealCardBody deal={deal} company={company} next={next} />
    </div>
  );
}
