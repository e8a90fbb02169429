/** Pipeline value by stage, won and lost deals per month, and activity volume — the numbers a sales lead checks daily. */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import BarChartH from '../../ui/BarChart';
import { pipelineCurrencies } from '../../api/endpoints';
import { formatMoney, formatNumber, formatPercent, stageLabel } from '../../ui/format';
import { moneyList, openByCurrency, sumByCurrency } from '../pipeline/currency-sums';
import { ErrorState, Loading, QueryState } from '../../ui/States';
import { AttentionCard, ForecastCard, useForecast } from './ForecastCards';
import { activityByMonth, activityByType, lastMonths, monthRange, outcomesByMonth } from './dashboard-data';

function Card({ title, children, wide = false }: { title: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <section className={`dash-card ${wide ? 'wide' : ''}`} aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** A chart with nothing to draw says so instead of drawing empty axes. */
function ChartEmpty({ children }: { children: React.ReactNode }) {
  return <p className="muted chart-empty">{children}</p>;
}

const axis = { tick: { fontSize: 11 }, stroke: 'var(--muted)' };

export default function DashboardScreen() {
  const months = useMemo(() => lastMonths(12), []);
  const outcomes = useQuery({ queryKey: ['dash', 'outcomes', months[0]!.key], queryFn: () => outcomesByMonth(months) });
  const activity = useQuery({ queryKey: ['dash', 'activity', months[0]!.key], queryFn: () => activityByMonth(months) });
  const types = useQuery({ queryKey: ['dash', 'types', months[0]!.key], queryFn: () => activityByType(months[0]!.start) });

  // The stage totals, per currency as the board reads them (currency-sums.ts): with deals in several currencies each
  // money KPI says each currency's figure ("$1.2M + €40K"), never one sum of them; counts add up across currencies.
  const sums = useQuery({ queryKey: ['dash', 'currencies'], queryFn: () => pipelineCurrencies() });
  const board = useMemo(() => (sums.data ? sumByCurrency([sums.data]) : undefined), [sums.data]);
  const stages = board?.stages;
  const mixed = (board?.currencies.length ?? 0) > 1;
  // The pipeline is the open deals only (closed stages are not summed into it).
  const open = stages?.filter((s) => s.open) ?? [];
  const perCurrency = useQuery({ queryKey: ['dash', 'currencies', 'forecast'], queryFn: () => pipelineCurrencies({ forecast: 'true' }), enabled: mixed });
  // The chart of one currency's stages: bars of dollars and euros side by side would compare what cannot be compared.
  const home = mixed ? sums.data!.workspace_currency : undefined;
  const chartStages = (home && sums.data!.currencies.find((c) => c.currency === home)?.stages.filter((x) => x.open)) || open;
  // Asked once the currencies are known: the card's query (every open deal, or the home currency's), not a second one.
  const weighted = useForecast(home, !sums.isPending);
  const won = stages?.find((s) => s.stage === 'closed_won');
  const lost = stages?.find((s) => s.stage === 'closed_lost');
  const winRate = won && lost && won.count + lost.count > 0 ? won.count / (won.count + lost.count) : null;

  return (
    <section className="screen dashboard-screen" aria-labelledby="dash-title">
      <header className="screen-header">
        <h1 id="dash-title">Dashboard</h1>
        <span className="muted small">
          last 12 months · {monthRange(months)}
        </span>
      </header>
      {sums.isError ? (
        <ErrorState error={sums.error} onRetry={() => void sums.refetch()} />
      ) : (
        <div className="kpis">
          <div className="kpi">
            <span>Open pipeline</span>
            <strong data-testid="kpi-open" className={mixed ? 'several' : undefined}>{board ? moneyList(openByCurrency(board), board.currencies) : '…'}</strong>
          </div>
          <div className="kpi">
            <span>Weighted forecast</span>
            <strong data-testid="kpi-forecast" className={mixed ? 'several' : undefined}>
              {mixed
                ? perCurrency.data
                  ? moneyList(Object.fromEntries(perCurrency.data.currencies.map((c) => [c.currency, c.weighted ?? 0])), board!.currencies)
                  : '…'
                : weighted.data
                  ? formatMoney(weighted.data.total.weighted, true)
                  : '…'}
            </strong>
          </div>
          <div className="kpi">
            <span>Open deals</span>
            <strong>{stages ? formatNumber(open.reduce((s, x) => s + x.count, 0)) : '…'}</strong>
          </div>
          <div className="kpi">
            <span>Won, all time</span>
            <strong data-testid="kpi-won" className={mixed ? 'several' : undefined}>{won && board ? moneyList(won.amounts, board.currencies) : '…'}</strong>
          </div>
          <div className="kpi">
            <span>Win rate</span>
            {/* Loaded with no closed deal: a dash and why, not "…" that reads as still loading. */}
            <strong title={stages && winRate === null ? 'No deal won or lost yet' : undefined}>{!stages ? '…' : winRate === null ? '—' : formatPercent(winRate)}</strong>
            {stages && winRate === null && <span className="kpi-note">no deal closed yet</span>}
          </div>
        </div>
      )}
      <div className="dash-grid">
        <ForecastCard currency={home} ready={!sums.isPending} />
        <AttentionCard />
        <Card title={home ? `Open pipeline value by stage · ${home} deals` : 'Open pipeline value by stage'}>
          {!stages ? (
            <Loading />
          ) : chartStages.every((s) => s.count === 0) ? (
            <ChartEmpty>
              No open deals. <Link to="/pipeline">Open the pipeline</Link> to add one, or <Link to="/import">import</Link> your deals.
            </ChartEmpty>
          ) : (
            <BarChartH data={chartStages.map((s) => ({ label: `${stageLabel(s.stage)} (${formatNumber(s.count)})`, value: s.amount }))} format={(v) => formatMoney(v, true, home)} />
          )}
        </Card>
        <Card title="Activity by type">
          <QueryState query={types} isEmpty={(data) => data.every((d) => !d.value)} empty={<ChartEmpty>No calls, e-mails, meetings or notes logged in the last 12 months. Log one from any record's timeline.</ChartEmpty>}>
            {(data) => <BarChartH data={data} format={formatNumber} integer />}
          </QueryState>
        </Card>
        <Card title="Deals won and lost per month" wide>
          <QueryState query={outcomes} isEmpty={(data) => data.every((m) => !m.won && !m.lost)} empty={<ChartEmpty>No deal won or lost in the last 12 months. Mark a deal Won or Lost on its page or on the board.</ChartEmpty>}>
            {(data) => (
              <div className="chart" style={{ height: 240 }}>
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
                    <CartesianGrid vertical={false} stroke="var(--line)" />
                    <XAxis dataKey="month" {...axis} />
                    <YAxis allowDecimals={false} {...axis} width={36} />
                    <Tooltip cursor={{ fill: 'var(--hover)' }} />
                    <Legend wrapperStyle={{ fontSize: 12 }} />
                    <Bar dataKey="won" name="Won" fill="var(--won)" isAnimationActive={false} />
                    <Bar dataKey="lost" name="Lost" fill="var(--lost)" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            )}
          </QueryState>
        </Card>
        <Card title="Activity volume per month" wide>
          <QueryState query={activity} isEmpty={(data) => data.every((m) => !m.count)} empty={<ChartEmpty>No activity in the last 12 months.</ChartEmpty>}>
            {(data) => (
              <div className="chart" style={{ height: 220 }}>
                <ResponsiveContainer width="100%" height="100%">
                  <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
                    <CartesianGrid vertical={false} stroke="var(--line)" />
                    <XAxis dataKey="month" {...axis} />
                    <YAxis allowDecimals={false} {...axis} width={44} />
                    <Tooltip />
                    <Line type="monotone" dataKey="count" name="Activities" stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} />
                  </LineChart>
                </ResponsiveContainer>
              </div>
            )}
          </QueryState>
        </Card>
      </div>
    </section>
  );
}
