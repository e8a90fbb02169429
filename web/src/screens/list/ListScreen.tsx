/** Contacts, companies and deals: one screen driven by the object's declaration. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DEFAULT_COLUMNS, ENTITIES, LIST_OBJECTS, SCORE_COLUMN, SCORED_LISTS, columnFieldsOf, type FieldDef, type ListPlural } from '../../api/entities';
import { deleteRecord, getRecord, listRecords } from '../../api/endpoints';
import { patchAndStore, refreshRowExtras, useInfiniteList, useRecordNames } from '../../api/hooks';
import { ColumnChooser } from '../../ui/ColumnChooser';
import { DataTable } from '../../ui/DataTable';
import { RecordForm } from '../../ui/RecordForm';
import { formatNumber, stageLabel } from '../../ui/format';
import { Empty, QueryState } from '../../ui/States';
import { usePhone } from '../../ui/use-phone';
import { useToast } from '../../ui/Toasts';
import { useCan } from '../auth/session';
import { restorePatch, useDealMover, type LostInput } from '../pipeline/close';
import { BulkBar } from './BulkBar';
import { exportCsv } from './csv';
import { FilterBar } from './FilterBar';
import { eachInBatches, useBulkRunner } from './use-bulk';
import { useListParams } from './use-list-params';
import { COLUMNS_PARAM, ViewsMenu, currentViewQuery } from './ViewsMenu';

const storageKey = (plural: string) => `crm.columns.${plural}`;

function useColumns(plural: ListPlural, all: readonly FieldDef[]) {
  const [cols, setCols] = useState<string[]>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey(plural)) ?? 'null') as unknown;
      if (Array.isArray(saved) && saved.every((c) => typeof c === 'string') && saved.length > 0) return saved as string[];
    } catch {
      /* a bad saved value falls back to the defaults */
    }
    return DEFAULT_COLUMNS[plural];
  });
  const save = useCallback(
    (next: string[]) => {
      setCols(next);
      localStorage.setItem(storageKey(plural), JSON.stringify(next));
    },
    [plural],
  );
  const fields = cols.map((c) => all.find((f) => f.name === c)).filter((f): f is FieldDef => !!f);
  return [fields, cols, save] as const;
}

export function ListScreen({ plural }: { plural: ListPlural }) {
  const entity = ENTITIES[LIST_OBJECTS[plural]];
  const all = useMemo(() => columnFieldsOf(plural), [plural]);
  const state = useListParams(entity.defaultSort);
  const [fields, cols, setCols] = useColumns(plural, all);
  // The score column asks the list for scores; the sort and filters stay the server's own.
  const withScore = SCORED_LISTS.has(plural) && cols.includes(SCORE_COLUMN);
  // Deals also carry their flags (overdue, idle), shown beside the name.
  const include = [withScore ? 'score' : '', plural === 'deals' ? 'flags' : ''].filter(Boolean).join(',');
  const listParams = useMemo(() => (include ? { ...state.params, include } : state.params), [state.params, include]);

  // A view opened from the Views menu (or a shared link) carries its columns as `cols=`: apply them, then keep
  // them where columns live (this browser's choice) and out of the URL.
  const [search, setSearch] = useSearchParams();
  const urlCols = search.get(COLUMNS_PARAM);
  useEffect(() => {
    if (urlCols === null) return;
    const wanted = urlCols.split(',').filter((c) => all.some((f) => f.name === c));
    if (wanted.length > 0) setCols(wanted);
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.delete(COLUMNS_PARAM);
        return next;
      },
      { replace: true },
    );
  }, [urlCols, all, setCols, setSearch]);
  const viewQuery = useMemo(() => currentViewQuery(state.params, cols, entity.defaultSort), [state.params, cols, entity.defaultSort]);
  const list = useInfiniteList(plural, listParams);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  // The server counts up to 1,000 matches with a page (total_capped past that, so a page of a million-row list stays
  // fast); the header then shows "1,000+" and asks for the exact count on its own, which replaces it when it comes.
  const firstPage = list.data?.pages[0];
  // Recount when the list is fetched afresh (a new first page), not with every further page scrolled in: keyed on
  // list.dataUpdatedAt it asked for the exact count again after each page.
  const firstPageVersion = useRef({ page: firstPage, n: 0 });
  if (firstPageVersion.current.page !== firstPage) firstPageVersion.current = { page: firstPage, n: firstPageVersion.current.n + 1 };
  const exact = useQuery({
    queryKey: ['list-total', plural, state.params, firstPageVersion.current.n],
    queryFn: async ({ signal }) => (await listRecords(plural, { ...state.params, sort: undefined, limit: 1, total: 'exact' }, signal)).total,
    enabled: firstPage?.total_capped === true,
    staleTime: 30_000,
  });
  const total = typeof exact.data === 'number' ? exact.data : firstPage?.total;
  const totalCapped = firstPage?.total_capped === true && typeof exact.data !== 'number';
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const can = useCan();

  const refFields = fields.filter((f) => f.type === 'ref' && f.ref);
  const companyNames = useRecordNames('company', refFields.some((f) => f.ref === 'company') ? rows.flatMap((r) => refFields.filter((f) => f.ref === 'company').map((f) => r[f.name] as string)) : []);
  const contactNames = useRecordNames('contact', refFields.some((f) => f.ref === 'contact') ? rows.map((r) => r.contact_id as string) : []);
  const names = useMemo(() => Object.fromEntries(refFields.map((f) => [f.name, f.ref === 'company' ? companyNames : contactNames])), [refFields, companyNames, contactNames]);

  const onSelect = useCallback((ids: string[], on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) (on ? next.add(id) : next.delete(id));
      return next;
    });
  }, []);

  const bulkRunner = useBulkRunner(entity);
  const bulk = async (label: string, each: (id: string) => Promise<unknown>, opts?: { quiet?: boolean }) => {
    const ids = [...selected];
    const done = await bulkRunner.run(label, ids, each, opts);
    setSelected(new Set());
    return done;
  };

  // Deals: a bulk stage move asks for a lost reason (closed_lost) and can be undone for five seconds, like one move.
  const mover = useDealMover();
  const moveSelected = async (stage: string, lost?: LostInput) => {
    const before = new Map(rows.filter((r) => selected.has(r.id)).map((r) => [r.id, r]));
    const moved = await bulk('Moved', (id) => patchAndStore(qc, plural, id, { stage, ...lost }), { quiet: true });
    if (moved.length === 0) return;
    const noun = moved.length === 1 ? '1 deal' : `${moved.length} deals`;
    mover.offerUndo(`Moved ${noun} to ${stageLabel(stage)}${lost ? ` (${lost.lost_reason})` : ''}`, async () => {
      const { done, failures } = await eachInBatches(moved, (id) => patchAndStore(qc, plural, id, restorePatch(before.get(id)!)));
      if (failures.length) toast.show(`${done.length} of ${moved.length} deals put back; ${failures.length} failed: ${[...new Set(failures)][0]}`, 'error');
      else toast.show(`${noun} back in their stages`, 'success');
    });
  };

  /** Adds a tag to a contact: its current tags (read fresh) plus the new one, unless it is already there. */
  const addTag = async (id: string, tag: string) => {
    const current = await getRecord(plural, id);
    const tags = Array.isArray(current.tags) ? (current.tags as string[]) : [];
    if (tags.some((t) => t.toLowerCase() === tag.toLowerCase())) return current;
    return patchAndStore(qc, plural, id, { tags: [...tags, tag] });
  };

  // A refused query (a bad filter value …) says why, in the server's words.
  useEffect(() => {
    if (list.error) toast.error(list.error);
  }, [list.error, toast]);

  const loadMore = useCallback(() => void list.fetchNextPage(), [list]);

  /* ── create (issue 15, part A): "+ New", and `?new=1&new.company_id=…` from the command bar ── */
  const [creating, setCreating] = useState<{ initial?: Record<string, unknown>; queries?: Record<string, string> } | null>(null);
  useEffect(() => {
    if (search.get('new') === null) return;
    const initial: Record<string, unknown> = {};
    const queries: Record<string, string> = {};
    for (const [k, v] of search.entries()) {
      if (k.startsWith('new.')) initial[k.slice(4)] = v;
      if (k.startsWith('find.')) queries[k.slice(5)] = v;
    }
    if (can.write) setCreating({ initial, queries });
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const k of [...next.keys()]) if (k === 'new' || k.startsWith('new.') || k.startsWith('find.')) next.delete(k);
        return next;
      },
      { replace: true },
    );
  }, [search, setSearch, can.write]);

  // On a phone the toolbar stays one row: views, columns and export wait behind "⋯".
  const phone = usePhone();
  const [moreOpen, setMoreOpen] = useState(false);
  const secondary = (
    <>
      <ViewsMenu plural={plural} current={viewQuery} canSave={can.write} />
      <ColumnChooser fields={all} visible={cols} onChange={setCols} />
      <button
        type="button"
        className="button"
        // Nothing to export: an empty file would be all an empty list gives.
        disabled={total === 0}
        title={total === 0 ? `No ${entity.plural} here to export` : undefined}
        onClick={() =>
          exportCsv(entity, state.params, fields.filter((f) => f.name !== SCORE_COLUMN))
            .then((n) => toast.show(`Exported ${formatNumber(n)} rows`, 'success'))
            .catch(toast.error)
        }
      >
        Export CSV
      </button>
    </>
  );

  return (
    <section className="screen list-screen" aria-labelledby="list-title">
      <header className="screen-header">
        <h1 id="list-title">
          {entity.plural[0]!.toUpperCase() + entity.plural.slice(1)}
          {typeof total === 'number' && (
            <span className="count" title={totalCapped ? `More than ${formatNumber(total)} match` : undefined}>
              {formatNumber(total)}
              {totalCapped ? '+' : ''}
            </span>
          )}
        </h1>
        <div className="header-actions">
          {can.write && (
            <button type="button" className="button primary" onClick={() => setCreating({})} aria-keyshortcuts="n">
              + New {entity.label.toLowerCase()}
            </button>
          )}
          {phone && (
            <button type="button" className="button" aria-expanded={moreOpen} aria-controls="list-more" aria-label="More list actions" onClick={() => setMoreOpen((o) => !o)}>
              ⋯
            </button>
          )}
          {!phone && secondary}
        </div>
        {phone && moreOpen && (
          <div className="list-more" id="list-more" role="group" aria-label="List actions">
            {secondary}
          </div>
        )}
      </header>
      <FilterBar entity={entity} state={state} />
      {selected.size > 0 && can.write && (
        <BulkBar
          entity={entity}
          count={selected.size}
          busy={bulkRunner.busy}
          progress={bulkRunner.progress}
          askLost={mover.askLost}
          onClear={() => setSelected(new Set())}
          onDelete={() => void bulk('Deleted', (id) => deleteRecord(plural, id))}
          onStage={(stage, lost) => void moveSelected(stage, lost)}
          onOwner={(owner, label) => void bulk(`Set owner "${label}" on`, (id) => patchAndStore(qc, plural, id, { owner: owner || null }))}
          onTag={(tag) => void bulk(`Tagged "${tag}":`, (id) => addTag(id, tag))}
        />
      )}
      <QueryState
        query={{ isPending: list.isPending, isError: list.isError && rows.length === 0, error: list.error, data: list.data ? rows : undefined, refetch: list.refetch }}
        loading={`Loading ${entity.plural}…`}
        empty={
          state.filters.length || state.q ? (
            <Empty title={`No ${entity.plural} match.`}>Remove a filter or change the search.</Empty>
          ) : (
            // An empty workspace: say how records get in, not that a search found nothing.
            <Empty title={`No ${entity.plural} yet.`}>
              {can.write ? (
                <>
                  <button type="button" className="link-button" onClick={() => setCreating({})}>
                    Add the first {entity.label.toLowerCase()}
                  </button>
                  , <Link to="/import">import a CSV file</Link> or drop e-mails and documents in the <Link to="/inbox">Inbox</Link>.
                </>
              ) : (
                'Nothing has been added yet.'
              )}
            </Empty>
          )
        }
      >
        {() => (
          <DataTable
            entity={entity}
            rows={rows}
            fields={fields}
            sort={state.sort}
            onSort={state.toggleSort}
            names={names}
            selected={selected}
            onSelect={onSelect}
            onOpen={(r) => navigate(`/${plural}/${encodeURIComponent(r.id)}`)}
            onEdit={(r, f, value) =>
              patchAndStore(qc, plural, r.id, { [f.name]: value })
                .then(() => {
                  toast.show(`${f.label} saved`, 'success');
                  // The row keeps its flags meanwhile; the server says whether the edit changed them.
                  if (include.includes('flags')) void refreshRowExtras(qc, plural, r.id, 'flags').catch(() => undefined);
                })
                .catch(toast.error)
            }
            hasMore={!!list.hasNextPage}
            loadMore={loadMore}
            loadingMore={list.isFetchingNextPage}
            total={totalCapped ? -1 /* ARIA: count unknown */ : total}
            readOnly={!can.write}
          />
        )}
      </QueryState>
      {mover.elements}
      {creating && <RecordForm entity={entity.name} initial={creating.initial} pickerQueries={creating.queries} onClose={() => setCreating(null)} />}
    </section>
  );
}
