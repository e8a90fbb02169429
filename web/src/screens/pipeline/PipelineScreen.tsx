/**
 * The deal board: a column per stage with count and amount totals, the biggest deals as cards; drag a card to
 * another column to change its stage (PATCH), shown at once and rolled back if the server refuses.
 */
import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { DEAL_STAGES } from '../../api/entities';
import { listRecords, naturalQuery, pipeline } from '../../api/endpoints';
import { keys, patchAndStore, useRecordNames } from '../../api/hooks';
import type { CrmRecord, ListPage, PipelineStage } from '../../api/types';
import { formatMoney, stageLabel } from '../../ui/format';
import { ErrorState } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { DealCardBody } from './DealCard';
import { StageColumn } from './StageColumn';

const CARDS_PER_STAGE = 25;

export function PipelineScreen() {
  const [search, setSearch] = useSearchParams();
  const owner = search.get('owner') ?? '';
  const product = search.get('product') ?? '';
  const filters = useMemo(() => ({ ...(owner ? { 'owner[contains]': owner } : {}), ...(product ? { product } : {}) }), [owner, product]);
  const filterQuery = `${owner ? `&owner[contains]=${encodeURIComponent(owner)}` : ''}${product ? `&product=${encodeURIComponent(product)}` : ''}`;
  const qc = useQueryClient();
  const toast = useToast();

  const totals = useQuery({ queryKey: [...keys.pipeline, filters], queryFn: () => pipeline(filters) });
  const columns = useQueries({
    queries: DEAL_STAGES.map((stage) => ({
      queryKey: [...keys.stageCards, stage, filters],
      queryFn: () => listRecords('deals', { ...filters, stage, sort: '-amount', limit: CARDS_PER_STAGE, total: false }),
    })),
  });
  // The product list comes from the data itself: "deals by product" answers with every product and its count.
  const products = useQuery({ queryKey: ['products'], queryFn: () => naturalQuery('number of deals by product', 1), staleTime: 5 * 60_000 });
  const allDeals = columns.flatMap((c) => c.data?.data ?? []);
  const companyNames = useRecordNames('company', allDeals.map((d) => d.company_id as string));
  const [dragging, setDragging] = useState<CrmRecord | null>(null);
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
    const totalsBefore = qc.getQueryData<PipelineStage[]>([...keys.pipeline, filters]);
    const moved: CrmRecord = { ...deal, stage: to };
    qc.setQueryData<ListPage>([...keys.stageCards, from, filters], (old) => old && { ...old, data: old.data.filter((d) => d.id !== deal.id) });
    qc.setQueryData<ListPage>([...keys.stageCards, to, filters], (old) =>
      old && { ...old, data: [...old.data, moved].sort((a, b) => Number(b.amount ?? 0) - Number(a.amount ?? 0)) },
    );
    const amount = Number(deal.amount ?? 0);
    qc.setQueryData<PipelineStage[]>([...keys.pipeline, filters], (old) =>
      old?.map((s) => (s.stage === from ? { ...s, count: s.count - 1, amount: s.amount - amount } : s.stage === to ? { ...s, count: s.count + 1, amount: s.amount + amount } : s)),
    );
    return () => {
      for (const [key, data] of snapshot) qc.setQueryData(key, data);
      qc.setQueryData([...keys.pipeline, filters], totalsBefore);
    };
  };

  const onDragEnd = async (e: DragEndEvent) => {
    setDragging(null);
    const deal = e.active.data.current?.deal as CrmRecord | undefined;
    const to = e.over?.id as string | undefined;
    const from = deal?.stage as string | undefined;
    if (!deal || !to || !from || to === from) return;
    const undo = moveLocally(deal, from, to);
    try {
      await patchAndStore(qc, 'deals', deal.id, { stage: to });
      toast.show(`${String(deal.name)} → ${stageLabel(to)}`, 'success');
    } catch (err) {
      undo();
      toast.error(err);
    } finally {
      void qc.invalidateQueries({ queryKey: keys.pipeline });
      void qc.invalidateQueries({ queryKey: keys.stageCards });
      void qc.invalidateQueries({ queryKey: keys.lists('deals') });
    }
  };

  const open = totals.data?.filter((s) => !s.stage.startsWith('closed')) ?? [];
  const openValue = open.reduce((sum, s) => sum + s.amount, 0);

  return (
    <section className="screen pipeline-screen" aria-labelledby="pipeline-title">
      <header className="screen-header">
        <h1 id="pipeline-title">
          Pipeline
          {totals.data && <span className="count">{formatMoney(openValue, true)} open</span>}
        </h1>
        <div className="header-actions">
          <input aria-label="Filter by owner" placeholder="Owner…" defaultValue={owner} onKeyDown={(e) => e.key === 'Enter' && setFilter('owner', e.currentTarget.value.trim())} onBlur={(e) => setFilter('owner', e.target.value.trim())} />
          <select aria-label="Filter by product" value={product} onChange={(e) => setFilter('product', e.target.value)}>
            <option value="">All products</option>
            {(products.data?.groups ?? []).map((g) => (
              <option key={String(g.key)} value={String(g.key)}>
                {g.label}
              </option>
            ))}
          </select>
        </div>
      </header>
      {totals.isError ? (
        <ErrorState error={totals.error} onRetry={() => void totals.refetch()} />
      ) : (
        <DndContext sensors={sensors} onDragStart={(e: DragStartEvent) => setDragging((e.active.data.current?.deal as CrmRecord) ?? null)} onDragCancel={() => setDragging(null)} onDragEnd={(e) => void onDragEnd(e)}>
          <div className="board">
            {DEAL_STAGES.map((stage, i) => (
              <StageColumn key={stage} stage={stage} totals={totals.data?.find((s) => s.stage === stage)} deals={columns[i]?.data?.data} companyNames={companyNames} filterQuery={filterQuery} />
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
    </section>
  );
}
