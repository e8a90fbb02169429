/** A list's state lives in the URL: q, sort and filters (`stage=proposal`, `amount[gte]=50000`) pass straight to the API. */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/** URL keys that are the screen's own, not API filters (`cols`: a saved view's columns, applied by the screen). */
const UI_KEYS = new Set(['cursor', 'limit', 'cols']);

export interface ListUrlState {
  params: Record<string, string>;
  sort: string | undefined;
  q: string;
  filters: [string, string][];
  set: (key: string, value: string | null) => void;
  toggleSort: (field: string) => void;
}

export function useListParams(defaultSort: string): ListUrlState {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => {
    const out: Record<string, string> = {};
    for (const [k, v] of search.entries()) if (!UI_KEYS.has(k) && v !== '') out[k] = v;
    return out;
  }, [search]);
  const set = useCallback(
    (key: string, value: string | null) =>
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
          return next;
        },
        { replace: true },
      ),
    [setSearch],
  );
  const sort = params.sort ?? defaultSort;
  const toggleSort = useCallback((field: string) => set('sort', sort === field ? `-${field}` : field), [set, sort]);
  const filters = Object.entries(params).filter(([k]) => k !== 'q' && k !== 'sort');
  return { params: { ...params, sort }, sort, q: params.q ?? '', filters, set, toggleSort };
}

/** `amount[gte]` → ['amount', 'gte']; `stage` → ['stage', 'eq']. */
export function splitFilterKey(key: string): [string, string] {
  const m = /^([^[]+)\[([a-z]+)\]$/.exec(key);
  return m ? [m[1]!, m[2]!] : [key, 'eq'];
}
