/** Home's "gone quiet" card: my open deals with no activity or stage move for longer than the workspace's threshold. */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { flaggedDeals } from '../../api/endpoints';
import { formatDate, formatMoney, stageLabel } from '../../ui/format';
import { closeKeys } from '../pipeline/close';

export function IdleDeals({ mine }: { mine: boolean }) {
  const params = { flag: 'idle', limit: 8, ...(mine ? { owner: 'me' } : {}) };
  const idle = useQuery({ queryKey: [...closeKeys.flagged, 'home', params], queryFn: () => flaggedDeals(params) });
  if (!idle.data) return null;
  const { data, counts, idle_days } = idle.data;
  return (
    <section className="dash-card home-card" aria-labelledby="home-idle-title">
      <h2 id="home-idle-title">
        {mine ? 'My deals gone quiet' : 'Deals gone quiet'} {counts.idle > 0 && <span className="count">{counts.idle}</span>}
      </h2>
      {data.length === 0 ? (
        <div className="home-empty">
          <strong>No open deal has gone quiet.</strong>
          <span className="muted small">Deals without an activity or a stage move for {idle_days} days show here.</span>
        </div>
      ) : (
        <ul className="home-deals">
          {data.map((d) => (
            <li key={d.id} className="home-deal" data-deal-id={d.id}>
              <Link to={`/deals/${encodeURIComponent(d.id)}`}>{typeof d.name === 'string' ? d.name : d.id}</Link>
              <span className="muted small">
                <span className={`badge badge-${String(d.stage)}`}>{stageLabel(String(d.stage))}</span>
              </span>
              <span className="home-deal-amount">{typeof d.amount === 'number' ? formatMoney(d.amount, true, d.currency) : '—'}</span>
              <span className="due overdue">{d.last_touch_at ? `quiet since ${formatDate(d.last_touch_at)}` : 'never touched'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
