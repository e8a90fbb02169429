/** Overdue and idle badges of a deal (rows from `include=flags` or /api/deals/flagged; the server decides). */
import type { DealFlag } from '../api/endpoints';
import type { CrmRecord } from '../api/types';
import { formatDate } from './format';

/** Overdue and idle badges of a deal (from `include=flags` or /api/deals/flagged). */
export function DealFlags({ deal, idleDays }: { deal: CrmRecord; idleDays?: number }) {
  const flags = (Array.isArray(deal.flags) ? deal.flags : []) as DealFlag[];
  if (flags.length === 0) return null;
  return (
    <span className="deal-flags">
      {flags.includes('overdue') && (
        <span className="flag flag-overdue" title={`Expected to close ${formatDate(String(deal.expected_close))}, which has passed`}>
          Overdue
        </span>
      )}
      {flags.includes('idle') && (
        <span className="flag flag-idle" title={`No activity or stage move since ${typeof deal.last_touch_at === 'string' ? formatDate(deal.last_touch_at) : 'long ago'}${idleDays ? ` (more than ${idleDays} days)` : ''}`}>
          Idle
        </span>
      )}
    </span>
  );
}

