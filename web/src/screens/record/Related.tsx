/** Records related to this one: its company and contact, and lists of its people, deals and stage moves. */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ENTITIES, listChildrenOf, recordTitle, type EntityName } from '../../api/entities';
import { relatedRecords, stageHistory } from '../../api/endpoints';
import type { CrmRecord } from '../../api/types';
import { formatDate, formatMoney, stageLabel, withoutCompany } from '../../ui/format';
import { QueryState } from '../../ui/States';
import { useCan } from '../auth/session';

function RelatedList({ parent, id, child, parentName }: { parent: string; id: string; child: EntityName; parentName?: string }) {
  const target = ENTITIES[child];
  const can = useCan();
  const q = useQuery({ queryKey: ['related', parent, id, target.plural], queryFn: () => relatedRecords(parent, id, target.plural, { limit: 50, sort: child === 'deal' ? '-created_at' : target.defaultSort }) });
  return (
    <section className="panel" aria-label={`Related ${target.plural}`}>
      <h3>
        {target.plural[0]!.toUpperCase() + target.plural.slice(1)} <span className="count">{q.data?.total ?? ''}</span>
      </h3>
      <QueryState query={q} inline loading="Loading…" empty={<p className="muted">No {target.plural} yet{can.write && child !== 'activity' ? ` — “+ ${target.label}” above adds one.` : '.'}</p>} isEmpty={(data) => data.data.length === 0}>
        {(data) => (
          <ul className="link-list">
            {data.data.map((r: CrmRecord) => (
              <li key={r.id}>
                <Link to={`/${target.plural}/${encodeURIComponent(r.id)}`} title={recordTitle(target, r)}>
                  {child === 'deal' ? withoutCompany(recordTitle(target, r), parentName) : recordTitle(target, r)}
                </Link>
                <span className="muted">
                  {child === 'deal' ? `${stageLabel(String(r.stage))} · ${typeof r.amount === 'number' ? formatMoney(r.amount, false, r.currency) : '—'}` : String(r.title ?? '')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

function StageHistory({ dealId }: { dealId: string }) {
  const q = useQuery({ queryKey: ['stage-history', dealId], queryFn: () => stageHistory(dealId) });
  if (!q.data || q.data.length === 0) return null;
  return (
    <section className="panel" aria-label="Stage history">
      <h3>Stage history</h3>
      <ol className="link-list">
        {q.data.map((c, i) => (
          <li key={i}>
            <span>
              {c.from_stage ? `${stageLabel(c.from_stage)} → ` : ''}
              {stageLabel(c.to_stage)}
            </span>
            <span className="muted">{formatDate(c.at)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function Related({ entity, plural, record }: { entity: EntityName; plural: string; record: CrmRecord }) {
  return (
    <>
      {listChildrenOf(entity).map((child) => (
        <RelatedList key={child} parent={plural} id={record.id} child={child} parentName={entity === 'company' && typeof record.name === 'string' ? record.name : undefined} />
      ))}
      {entity === 'deal' && <StageHistory dealId={record.id} />}
    </>
  );
}
