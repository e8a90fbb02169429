/** Loading, empty and error states, the same everywhere — and QueryState, which picks among them for a query. */
import type { ReactNode } from 'react';
import { errorMessage } from '../api/http';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <strong>Could not load this.</strong>
      <div>{errorMessage(error)}</div>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** What QueryState reads of a query (React Query's results have it; a screen may pass a derived one). */
export interface QueryLike<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch?: () => unknown;
}

const noItems = (data: unknown) => Array.isArray(data) && data.length === 0;

/**
 * The loading or error state of a query, or null once it has data: for a screen that returns early
 * (`const state = loadingOrError(q, 'Loading timeline…'); if (state) return state;`).
 */
export function loadingOrError<T>(query: QueryLike<T>, loading?: string, inline = false): ReactNode | null {
  if (query.isError)
    return inline ? <p className="muted">Could not load this: {errorMessage(query.error)}</p> : <ErrorState error={query.error} onRetry={query.refetch ? () => void query.refetch!() : undefined} />;
  if (query.isPending || query.data === undefined) return inline ? <p className="muted">{loading ?? 'Loading…'}</p> : <Loading label={loading} />;
  return null;
}

/**
 * The loading → error (with "Try again") → empty → data sequence every screen and panel shows, in one place:
 * `children` renders the data; `empty` shows instead when `isEmpty(data)` (by default: an empty array).
 * `inline`: a side panel's states as a muted line instead of a box.
 */
export function QueryState<T>({
  query,
  loading,
  empty,
  isEmpty = noItems,
  inline = false,
  children,
}: {
  query: QueryLike<T>;
  loading?: string;
  /** What shows instead of `children` for empty data (a function when it says something of the data). */
  empty?: ReactNode | ((data: T) => ReactNode);
  isEmpty?: (data: T) => boolean;
  inline?: boolean;
  children: (data: T) => ReactNode;
}) {
  const state = loadingOrError(query, loading, inline);
  if (state) return <>{state}</>;
  const data = query.data as T;
  if (empty !== undefined && isEmpty(data)) return <>{typeof empty === 'function' ? empty(data) : empty}</>;
  return <>{children(data)}</>;
}
