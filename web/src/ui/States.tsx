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
 * The loading → error (with "Try again") → empty → data sequence every screen and panel shows, in one place:
 * `children` renders the data; `empty` shows instead when `isEmpty(data)` (by default: an empty array).
 */
export function QueryState<T>({
  query,
  loading,
  empty,
  isEmpty = noItems,
  children,
}: {
  query: QueryLike<T>;
  loading?: string;
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.isError) return <ErrorState error={query.error} onRetry={query.refetch ? () => void query.refetch!() : undefined} />;
  if (query.isPending || query.data === undefined) return <Loading label={loading} />;
  if (empty !== undefined && isEmpty(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
}
