/**
 * The deal board: a column per stage with count and amount totals, the biggest deals as cards; drag a card to
 * another column to change its stage (PATCH), shown at once and rolled back if the server refuses.
 *
 * Filters (in the query string): owner, product, and industry — the deals' company's, which the deals list cannot
 * filter on, so the board fetches the industry's company ids and asks for `company_id[in]=…`, in chunks of
 * COMPANY_IDS_PER_CALL so that a big industry does not make an over-long URL (totals add up across chunks, cards
 * merge by amount).
 *
 * "Next actions" shows each open card's suggested action this week and why (deal strategy's default policy, not
 * recorded: the deal's page records the suggestion it shows).
 */
import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { DEAL_STAGES } from '../../api/entities';
import { companyIdsInIndustry, forecast, listRecords, naturalQuery, pipelineCurrencies, type Forecast } from '../../api/endpoints';
import { dealPreviews, strategyKeys } from '../../api/strategy';
import type { Params } from '../../api/http';
import { keys, useRecordNames } from '../../api/hooks';
import type { CrmRecord, ListPage } from '../../api/types';
import { defaultCurrency, formatMoney, formatNumber, stageLabel } from '../../ui/format';
import { moneyList, moveBetween, openByCurrency, sumByCurrency, type BoardSums } from './currency-sums';
import { ErrorState } from '../../ui/States';
import { closeKeys, useDealMover } from './close';
import { DealCardBody } from './DealCard';
import { StageColumn } from './StageColumn';
import { memberLabel, useMembers } from '../../api/follow-up';
import { useCan } from '../auth/session';
import { RecordForm } from '../../ui/RecordForm';
import { useToast } from '../../ui/Toasts';

const CARDS_PER_STAGE = 25;
const SHOW_NEXT_KEY = 'crm.board.next-actions';
const COMPANY_IDS_PER_CALL = 200;

function chunk<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Forecast totals over disjoint sets of deals, added up (the header shows the totals only). */
function sumForecasts(parts: Forecast[]): Pick<Forecast, 'total' | 'basis'> {
  const total = parts.reduce((t, f) => ({ count: t.count + f.total.count, amount: t.amount + f.total.amount, weighted: t.weighted + f.total.weighted }), { count: 0, amount: 0, weighted: 0 });
  return { total, basis: parts[0]?.basis ?? 'stage' };
}

export function PipelineScreen() {
  const [search, setSearch] = useSearchParams();
  const owner = search.get('owner') ?? '';
  const product = search.get('product') ?? '';
  const industry = search.get('industry') ?? '';
  // Owners are members (their user id); the select below lists them by name.
  const baseFilters = useMemo(() => ({ ...(owner ? { owner } : {}), ...(product ? { product } : {}) }), [owner, product]);
  const members = useMembers();
  // The cache key of everything on the board: the filters as the person chose them.
  const filters = useMemo(() => ({ ...baseFilters, ...(industry ? { industry } : {}) }), [baseFilters, industry]);
  const industryIds = useQuery({
    queryKey: ['industry-company-ids', industry],
    queryFn: ({ signal }) => companyIdsInIndustry(industry, signal),
    enabled: !!industry,
    staleTime: 60_000,
  });
  // What the API is asked: the filters as they are, or once per chunk of the industry's company ids (none: no deals).
  const calls: Params[] | undefined = useMemo(
    () => (!industry ? [baseFilters] : industryIds.data && chunk(industryIds.data, COMPANY_IDS_PER_CALL).map((ids) => ({ ...baseFilters, 'company_id[in]': ids.join(',') }))),
    [industry, baseFilters, industryIds.data],
  );
  // The "n more" link opens the deals list with the same filters; an industry spread over several calls has no one URL.
  const filterQuery =
    industry && calls?.length !== 1
      ? null
      : `${owner ? `&owner=${encodeURIComponent(owner)}` : ''}${product ? `&product=${encodeURIComponent(product)}` : ''}` +
    (industry && calls?.length === 1 ? `&${encodeURIComponent('company_id[in]')}=${encodeURIComponent(String(calls[0]!['company_id[in]']))}` : '');
  const qc = useQueryClient();
  const mover = useDealMover();
  const can = useCan();
  const toast = useToast();
  // A deal made from the board stays on the board (in the stage it was started from) instead of opening its page.
  const [creating, setCreating] = useState<{ stage?: string } | null>(null);
  const onCreated = (deal: CrmRecord) => {
    void qc.invalidateQueries({ queryKey: keys.stageCards });
    void qc.invalidateQueries({ queryKey: closeKeys.forecast });
    toast.show(`Deal "${String(deal.name ?? 'new deal')}" added`, 'success');
  };

  // Per currency: deals in euros and pounds are never added into one figure (there are no exchange rates).
  const totals = useQuery({
    queryKey: [...keys.pipeline, 'by-currency', filters],
    queryFn: async (): Promise<BoardSums> => sumByCurrency(await Promise.all(calls!.map((c) => pipelineCurrencies(c)))),
    enabled: !!calls,
  });
  const currencies = totals.data?.currencies ?? [];
  const mixed = currencies.length > 1;
  const columns = useQueries({
    queries: DEAL_STAGES.map((stage) => ({
      queryKey: [...keys.stageCards, stage, filters],
      queryFn: async (): Promise<ListPage> => {
        const pages = await Promise.all(calls!.map((c) => listRecords('deals', { ...c, stage, sort: '-amount', limit: CARDS_PER_STAGE, total: false, ...(stage.startsWith('closed') ? {} : { include: 'flags' }) })));
        if (pages.length === 1) return pages[0]!;
        const data = pages.flatMap((p) => p.data).sort((a, b) => Number(b.amount ?? 0) - Number(a.amount ?? 0)).slice(0, CARDS_PER_STAGE);
        return { data, next_cursor: null };
      },
      enabled: !!calls,
    })),
  });
  // The cards come first: the weighted forecast (it scores every open deal), the filters' option lists (two
  // natural-language queries) and the cards' company names are asked for once the columns have their cards. Asked
  // together, those calls held the server (and the browser's six connections) while the columns said "Loading…".
  const cardsSettled = columns.every((c) => !c.isPending) && !!calls;
  const weighted = useQuery({
    queryKey: [...closeKeys.forecast, 'board', filters, mixed],
    queryFn: async (): Promise<Pick<Forecast, 'total' | 'basis'> & { byCurrency?: Record<string, number> }> => {
      if (!mixed) return sumForecasts(await Promise.all(calls!.map((c) => forecast(c))));
      // Several currencies: each one's weighted forecast on its own.
      const parts = await Promise.all(calls!.map((c) => pipelineCurrencies({ ...c, forecast: 'true' })));
      const byCurrency: Record<string, number> = {};
      let count = 0;
      for (const p of parts)
        for (const c of p.currencies) {
          byCurrency[c.currency] = (byCurrency[c.currency] ?? 0) + (c.weighted ?? 0);
          count += c.open.count;
        }
      return { total: { count, amount: 0, weighted: 0 }, basis: 'score', byCurrency };
    },
    enabled: !!calls && cardsSettled && !!totals.data,
  });
  const industries = useQuery({ queryKey: ['industries'], queryFn: () => naturalQuery('number of companies by industry', 1), staleTime: 5 * 60_000, enabled: cardsSettled });
  // The product list comes from the data itself: "deals by product" answers with every product and its count.
  const products = useQuery({ queryKey: ['products'], queryFn: () => naturalQuery('number of deals by product', 1), staleTime: 5 * 60_000, enabled: cardsSettled });
  const allDeals = columns.flatMap((c) => c.data?.data ?? []);
  // Suggested next actions on the cards, when asked for (remembered in this browser): one call per open column.
  const [showNext, setShowNext] = useState(() => localStorage.getItem(SHOW_NEXT_KEY) === '1');
  const toggleNext = () =>
    setShowNext((on) => {
      localStorage.setItem(SHOW_NEXT_KEY, on ? '0' : '1');
      return !on;
    });
  const openIds = DEAL_STAGES.map((stage, i) => (stage.startsWith('closed') ? [] : (columns[i]?.data?.data ?? []).map((d) => d.id)));
  const previews = useQueries({
    queries: openIds.map((ids) => ({
      queryKey: strategyKeys.previews(ids),
      queryFn: ({ signal }: { signal: AbortSignal }) => dealPreviews(ids, signal),
      enabled: showNext && ids.length > 0,
      staleTime: 60_000,
    })),
  });
  const nextActions = useMemo(() => new Map(previews.flatMap((p) => p.data ?? []).map((p) => [p.deal_id, p])), [previews]);
  // One call for the names of every column's companies, not one more per column as each arrives.
  const companyNames = useRecordNames('company', cardsSettled ? allDeals.map((d) => d.company_id as string) : []);
  const [dragging, setDragging] = useState<CrmRecord | null>(null);
  const boardRef = useRef<HTMLDivElement>(null);
  const [inView, setInView] = useState(0);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));

  const setFilter = (k: string, v: string) =>
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      if (v) next.set(k, v);
      else next.delete(k);
      return next;
    }, { replace: true });

  /** Moves a card between the cached columns and totals; returns how to undo it. */
  const moveLocally = (deal: CrmRecord, from: string, to: string) => {
    const snapshot = qc.getQueriesData({ queryKey: keys.stageCards });
    const totalsBefore = qc.getQueryData<BoardSums>([...keys.pipeline, 'by-currency', filters]);
    const moved: CrmRecord = { ...deal, stage: to };
    qc.setQueryData<ListPage>([...keys.stageCards, from, filters], (old) => old && { ...old, data: old.data.filter((d) => d.id !== deal.id) });
    qc.setQueryData<ListPage>([...keys.stageCards, to, filters], (old) =>
      old && { ...old, data: [...old.data, moved].sort((a, b) => Number(b.amount ?? 0) - Number(a.amount ?? 0)) },
    );
    const amount = Number(deal.amount ?? 0);
    const currency = typeof deal.currency === 'string' && deal.currency.trim() ? deal.currency.trim().toUpperCase() : (totalsBefore?.currencies[0] ?? defaultCurrency());
    qc.setQueryData<BoardSums>([...keys.pipeline, 'by-currency', filters], (old) => old && moveBetween(old, from, to, currency, amount));
    return () => {
      for (const [key, data] of snapshot) qc.setQueryData(key, data);
      qc.setQueryData([...keys.pipeline, 'by-currency', filters], totalsBefore);
    };
  };

  const onDragEnd = async (e: DragEndEvent) => {
    setDragging(null);
    const deal = e.active.data.current?.deal as CrmRecord | undefined;
    const to = e.over?.id as string | undefined;
    const from = deal?.stage as string | undefined;
    if (!deal || !to || !from || to === from) return;
    // Shown at once; a drop on "Closed lost" asks why first, and cancelling puts the card back.
    await mover.move(deal, to, { optimistic: () => moveLocally(deal, from, to) });
  };

  // The pipeline is the open deals: closed stages stay on the board as columns but are not summed into it.
  const openValue = totals.data ? moneyList(openByCurrency(totals.data), currencies) : '';

  return (
    <section className="screen pipeline-screen" aria-labelledby="pipeline-title">
      <header className="screen-header">
        <h1 id="pipeline-title">
          Pipeline
          {totals.data && (
            <span className="count" data-testid="board-open" title={mixed ? 'Each currency on its own: amounts in different currencies are not added up' : undefined}>
              {openValue} open
            </span>
          )}
          {weighted.data && (
            <span
              className="count forecast-figure"
              data-testid="board-forecast"
              title={`Weighted forecast: each open deal's amount × its ${weighted.data.basis === 'score' ? 'win probability' : "stage's win probability"}, over ${weighted.data.total.count} open deals`}
            >
              {weighted.data.byCurrency ? moneyList(weighted.data.byCurrency, currencies) : formatMoney(weighted.data.total.weighted, true)} weighted
            </span>
          )}
        </h1>
        <div className="header-actions">
          {can.write && (
            <button type="button" className="button primary" onClick={() => setCreating({})}>
              + New deal
            </button>
          )}
          <button type="button" className="button board-toggle" aria-pressed={showNext} title="Show each open deal's suggested action this week (deal strategy)" onClick={toggleNext}>
            Next actions
          </button>
          <select aria-label="Filter by owner" value={owner} onChange={(e) => setFilter('owner', e.target.value)}>
            <option value="">All owners</option>
            {owner && !(members.data ?? []).some((m) => m.id === owner) && <option value={owner}>{owner}</option>}
            {(members.data ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {memberLabel(m)}
              </option>
            ))}
          </select>
          <select aria-label="Filter by product" value={product} onChange={(e) => setFilter('product', e.target.value)}>
            <option value="">All products</option>
            {product && !(products.data?.groups ?? []).some((g) => String(g.key) === product) && <option value={product}>{product}</option>}
            {(products.data?.groups ?? []).map((g) => (
              <option key={String(g.key)} value={String(g.key)}>
                {g.label}
              </option>
            ))}
          </select>
          <select aria-label="Filter by industry" value={industry} onChange={(e) => setFilter('industry', e.target.value)}>
            <option value="">All industries</option>
            {industry && !(industries.data?.groups ?? []).some((g) => String(g.key) === industry) && <option value={industry}>{industry}</option>}
            {(industries.data?.groups ?? [])
              .filter((g) => g.key !== null && g.key !== '')
              .map((g) => (
                <option key={String(g.key)} value={String(g.key)}>
                  {g.label}
                </option>
              ))}
          </select>
        </div>
      </header>
      {industryIds.isError ? (
        <ErrorState error={industryIds.error} onRetry={() => void industryIds.refetch()} />
      ) : totals.isError ? (
        <ErrorState error={totals.error} onRetry={() => void totals.refetch()} />
      ) : (
        <DndContext sensors={sensors} onDragStart={(e: DragStartEvent) => {
            setDragging((e.active.data.current?.deal as CrmRecord) ?? null);
            mover.prefetchReasons();
          }} onDragCancel={() => setDragging(null)} onDragEnd={(e) => void onDragEnd(e)}>
          {/* On a phone one column fills the screen: the stages as a strip above it, each a tap away, the one in view marked. */}
          <nav className="stage-strip" aria-label="Stages">
            {DEAL_STAGES.map((stage, i) => {
              const count = totals.data?.stages.find((s) => s.stage === stage)?.count;
              return (
                <button
                  key={stage}
                  type="button"
                  aria-current={i === inView ? 'true' : undefined}
                  onClick={() => {
                    setInView(i);
                    boardRef.current?.querySelector<HTMLElement>(`.stage-column[data-stage="${stage}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'nearest', inline: 'start' });
                  }}
                >
                  {stageLabel(stage)} <span className="muted">{count === undefined ? '–' : formatNumber(count)}</span>
                </button>
              );
            })}
          </nav>
          <div
            className="board"
            ref={boardRef}
            onScroll={(e) => {
              const el = e.currentTarget;
              const first = el.firstElementChild as HTMLElement | null;
              if (!first) return;
              setInView(Math.min(DEAL_STAGES.length - 1, Math.round(el.scrollLeft / (first.offsetWidth + 10))));
            }}
          >
            {DEAL_STAGES.map((stage, i) => (
              <StageColumn key={stage} stage={stage} totals={totals.data?.stages.find((s) => s.stage === stage)} currencies={currencies} deals={columns[i]?.data?.data} companyNames={companyNames} filterQuery={filterQuery} onAdd={can.write && !stage.startsWith('closed') ? () => setCreating({ stage }) : undefined} nextActions={showNext ? nextActions : undefined} />
            ))}
          </div>
          <DragOverlay>
            {dragging && (
              <div className="deal-card overlay">
                <DealCardBody deal={dragging} company={companyNames.get(String(dragging.company_id))} />
              </div>
            )}
          </DragOverlay>
        </DndContext>
      )}
      {mover.elements}
      {creating && <RecordForm entity="deal" initial={creating.stage ? { stage: creating.stage } : {}} onClose={() => setCreating(null)} onCreated={onCreated} />}
    </section>
  );
}
