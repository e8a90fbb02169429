/**
 * The dashboard's forecast (open amount × win probability, per month of expected close and per stage) and the deals
 * that need attention (overdue close date, idle) — both computed by the server (GET /api/forecast, /api/deals/flagged).
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { flaggedDeals, forecast, type Forecast } from '../../api/endpoints';
import { formatDate, formatMoney, formatNumber, formatPercent, stageLabel } from '../../ui/format';
import { QueryState } from '../../ui/States';
import { closeKeys, DealFlags } from '../pipeline/close';

const monthLabel = (m: string | null) =>
  m === null ? 'No close date' : new Date(`${m}-01T00:00:00Z`).toLocaleString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/**
 * The forecast of every open deal, or of those in `currency` only (a workspace with deals in several currencies);
 * `enabled` false until the caller knows which (it scores every open deal: asked once, not once per guess).
 */
export function useForecast(currency?: string, enabled = true) {
  return useQuery({ queryKey: [...closeKeys.forecast, 'dashboard', currency ?? 'all'], queryFn: () => forecast(currency ? { currency } : {}), enabled });
}

type Row = Forecast['months'][number] & { label: string };

/** Months already over are one "Overdue" row (their deals' expected close has passed); then each month to come. */
function rowsOf(f: Forecast): Row[] {
  const past = f.months.filter((m) => m.past);
  const rows: Row[] = [];
  if (past.length > 0)
    rows.push({
      month: past[0]!.month,
      past: true,
      label: `Overdue (${monthLabel(past[0]!.month)} – ${monthLabel(past[past.length - 1]!.month)})`,
      count: past.reduce((n, m) => n + m.count, 0),
      amount: past.reduce((n, m) => n + m.amount, 0),
      weighted: past.reduce((n, m) => n + m.weighted, 0),
    });
  for (const m of f.months) if (!m.past) rows.push({ ...m, label: monthLabel(m.month) });
  return rows;
}

function ForecastTable({ f }: { f: Forecast }) {
  const rows = rowsOf(f);
  const max = Math.max(1, ...rows.map((m) => m.weighted));
  return (
    <table className="forecast-table">
      <thead>
        <tr>
          <th scope="col">Expected close</th>
          <th scope="col">Deals</th>
          <th scope="col">Open amount</th>
          <th scope="col">Weighted</th>
          <th scope="col" className="forecast-bar-cell" aria-label="Share of the weighted total" />
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.past ? 'past' : (m.month ?? 'none')} className={m.past ? 'past' : ''}>
            <th scope="row">{m.label}</th>
            <td>{formatNumber(m.count)}</td>
            <td>{formatMoney(m.amount, true)}</td>
            <td>{formatMoney(m.weighted, true)}</td>
            <td className="forecast-bar-cell" aria-hidden="true">
              <span className="forecast-bar" style={{ width: `${Math.max(1, Math.round((m.weighted / max) * 100))}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td>{formatNumber(f.total.count)}</td>
          <td>{formatMoney(f.total.amount, true)}</td>
          <td data-testid="forecast-total">{formatMoney(f.total.weighted, true)}</td>
          <td className="forecast-bar-cell" />
        </tr>
      </tfoot>
    </table>
  );
}

/**
 * `currency`: the workspace holds deals in several currencies, so the months are those of this one's deals only (no
 * exchange rates: a month never adds euros to dollars); the KPIs above give each currency's total.
 */
export function ForecastCard({ currency, ready = true }: { currency?: string; ready?: boolean } = {}) {
  const f = useForecast(currency, ready);
  return (
    <section className="dash-card wide forecast-card" aria-label="Weighted forecast">
      <h2>Weighted forecast{currency ? ` · ${currency} deals` : ''}</h2>
      {currency && <p className="muted small" data-testid="forecast-currency-note">Deals in other currencies are not added in here; each currency's total is above.</p>}
      <QueryState query={f} empty={<p className="muted">No open deals yet. Deals in Lead to Negotiation are forecast here by their expected close month, weighted by their chance to win.</p>} isEmpty={(data) => data.total.count === 0}>
        {(data) => (
          <>
            <p className="muted small">
              Open amount × {data.basis === 'score' ? "each deal's win probability (its score)" : "the stage's win probability"}. By stage:{' '}
              {data.stages.map((s, i) => (
                <span key={s.stage}>
                  {i > 0 && ' · '}
                  {stageLabel(s.stage)} {formatPercent(s.probability)} → {formatMoney(s.weighted, true)}
                </span>
              ))}
            </p>
            <ForecastTable f={data} />
          </>
        )}
      </QueryState>
    </section>
  );
}

export function AttentionCard() {
  const q = useQuery({ queryKey: [...closeKeys.flagged, 'dashboard'], queryFn: () => flaggedDeals({ limit: 8 }) });
  return (
    <section className="dash-card attention-card" aria-label="Deals needing attention">
      <h2>Needs attention</h2>
      <QueryState query={q} empty={(data) => <p className="muted">Nothing overdue or idle. Open deals show up here when their expected close passes or nothing happens on them for {data.idle_days} days.</p>} isEmpty={(data) => data.data.length === 0}>
        {(data) => (
          <>
            <p className="small">
              <strong data-testid="overdue-count">{formatNumber(data.counts.overdue)}</strong> overdue · <strong data-testid="idle-count">{formatNumber(data.counts.idle)}</strong> idle
              <span className="muted"> (no activity or stage move for {data.idle_days}+ days)</span>
            </p>
            <ul className="attention-list">
              {data.data.map((d) => (
                <li key={d.id}>
                  <Link to={`/deals/${encodeURIComponent(d.id)}`}>{String(d.name)}</Link>
                  <span className="muted small">
                    {typeof d.amount === 'number' ? formatMoney(d.amount, true, d.currency) : '—'}
                    {typeof d.expected_close === 'string' ? ` · closes ${formatDate(d.expected_close)}` : ''}
                  </span>
                  <DealFlags deal={d} idleDays={data.idle_days} />
                </li>
              ))}
            </ul>
          </>
        )}
      </QueryState>
    </section>
  );
}
