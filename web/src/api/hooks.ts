/** React Query hooks over the endpoints: cache keys live here so screens invalidate the same things. */
import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { entityOf, recordTitle, type EntityName } from './entities';
import { getRecord, listRecords, patchRecord, recordsByIds } from './endpoints';
import type { Params } from './http';
import type { CrmRecord, ListPage } from './types';

export const keys = {
  list: (plural: string, params: Params) => ['list', plural, params] as const,
  lists: (plural: string) => ['list', plural] as const,
  record: (plural: string, id: string) => ['record', plural, id] as const,
  name: (plural: string, id: string) => ['name', plural, id] as const,
  timeline: (plural: string, id: string) => ['timeline', plural, id] as const,
  pipeline: ['pipeline'] as const,
  stageCards: ['stage-cards'] as const,
};

export const PAGE_SIZE = 100;

/** A list with cursor pagination, for infinite scrolling. */
export function useInfiniteList(plural: string, params: Params) {
  return useInfiniteQuery({
    queryKey: keys.list(plural, params),
    queryFn: ({ pageParam, signal }) => listRecords(plural, { ...params, limit: PAGE_SIZE, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useRecord(plural: string, id: string) {
  return useQuery({ queryKey: keys.record(plural, id), queryFn: () => getRecord(plural, id) });
}

/**
 * What a list row carries beside the record (`include=score`, `include=flags`): not part of a saved record, so an
 * edited row keeps what it had until the list (or `refreshRowExtras`) brings new values.
 */
const ROW_EXTRAS = ['score', 'flags', 'last_touch_at'] as const;
const withExtrasOf = (old: CrmRecord, next: CrmRecord): CrmRecord => {
  const kept = ROW_EXTRAS.filter((k) => k in old && !(k in next));
  return kept.length === 0 ? next : { ...next, ...Object.fromEntries(kept.map((k) => [k, old[k]])) };
};

/** Applies `change` to the row of that id in every cached list page of the object. */
function updateListRows(qc: QueryClient, plural: string, id: string, change: (row: CrmRecord) => CrmRecord) {
  qc.setQueriesData<InfiniteData<ListPage>>({ queryKey: keys.lists(plural) }, (old) =>
    old && 'pages' in old ? { ...old, pages: old.pages.map((p) => ({ ...p, data: p.data.map((r) => (r.id === id ? change(r) : r)) })) } : old,
  );
}

/** Puts a changed record into every cached list page and the record cache, so all views agree at once. */
export function storeRecord(qc: QueryClient, plural: string, record: CrmRecord) {
  qc.setQueryData(keys.record(plural, record.id), record);
  updateListRows(qc, plural, record.id, (row) => withExtrasOf(row, record));
}

export async function patchAndStore(qc: QueryClient, plural: string, id: string, patch: Record<string, unknown>): Promise<CrmRecord> {
  const record = await patchRecord(plural, id, patch);
  storeRecord(qc, plural, record);
  return record;
}

/**
 * Asks the server again for one row's list extras (`include`, e.g. "flags": an edited close date can make a deal
 * overdue or not) and puts them into the cached rows — one row, not the whole list.
 */
export async function refreshRowExtras(qc: QueryClient, plural: string, id: string, include: string) {
  const [fresh] = (await listRecords(plural, { 'id[in]': id, include, limit: 1, total: false })).data;
  if (!fresh) return;
  const extras = Object.fromEntries(ROW_EXTRAS.filter((k) => k in fresh).map((k) => [k, fresh[k]]));
  updateListRows(qc, plural, id, (row) => ({ ...row, ...extras }));
}

/**
 * Display names of referenced records (a contact's company …). Names already known are read from the cache;
 * the rest are fetched in one call and remembered per id.
 */
export function useRecordNames(entityName: EntityName, ids: readonly (string | null | undefined)[]): Map<string, string> {
  const qc = useQueryClient();
  const entity = entityOf(entityName);
  const wanted = useMemo(() => [...new Set(ids.filter((x): x is string => typeof x === 'string' && x !== ''))].sort(), [ids]);
  const missing = wanted.filter((id) => qc.getQueryData(keys.name(entity.plural, id)) === undefined);
  const fetched = useQuery({
    queryKey: ['names', entity.plural, missing.join(',')],
    enabled: missing.length > 0,
    staleTime: Infinity,
    queryFn: async () => {
      const rows = await recordsByIds(entity.plural, missing);
      const found = new Set(rows.map((r) => r.id));
      for (const r of rows) qc.setQueryData(keys.name(entity.plural, r.id), recordTitle(entity, r));
      for (const id of missing) if (!found.has(id)) qc.setQueryData(keys.name(entity.plural, id), id);
      return rows.length;
    },
  });
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const id of wanted) {
      const name = qc.getQueryData<string>(keys.name(entity.plural, id));
      if (name !== undefined) names.set(id, name);
    }
    return names;
    // fetched.dataUpdatedAt: recompute when a batch of names arrives.
  }, [wanted, fetched.dataUpdatedAt, qc, entity.plural]);
}
