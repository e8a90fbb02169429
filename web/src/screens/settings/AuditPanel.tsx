/**
 * The audit log (admins and owners): every record change and every sign-in, token and membership event of the
 * workspace, newest first, filtered by who, what and which kind (kept in the URL), paged back in time.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AUDIT_KINDS, AUDIT_SUBJECTS, auditLog, type AuditEvent } from '../../api/auth';
import { ENTITIES, ENTITY_ORDER, type EntityName } from '../../api/entities';
import { formatDateTime } from '../../ui/format';
import { QueryState } from '../../ui/States';

const ENTITY_OPTIONS = [...ENTITY_ORDER, ...AUDIT_SUBJECTS];
const PAGE = 100;

/** A short reading of what an event carries: the changed fields, the stage move, or its own keys. */
function summary(e: AuditEvent): string {
  const d = e.data ?? {};
  if (d.changes && typeof d.changes === 'object') {
    return Object.entries(d.changes as Record<string, [unknown, unknown]>)
      .slice(0, 4)
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? `${short(v[0])} → ${short(v[1])}` : short(v)}`)
      .join(' · ');
  }
  if ('from_stage' in d || 'to_stage' in d) return `${short(d.from_stage)} → ${short(d.to_stage)}`;
  return Object.entries(d)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${short(v)}`)
    .join(' · ');
}

function short(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

function RecordRef({ e }: { e: AuditEvent }) {
  const entity = ENTITIES[e.entity as EntityName];
  if (!entity?.capabilities.list || e.kind === 'deleted' || e.kind === 'erased') return <code>{e.record_id}</code>;
  return (
    <Link to={`/${entity.plural}/${encodeURIComponent(e.record_id)}`}>
      <code>{e.record_id}</code>
    </Link>
  );
}

export function AuditPanel() {
  const [search, setSearch] = useSearchParams();
  const actor = search.get('actor') ?? '';
  const entity = search.get('entity') ?? '';
  const kind = search.get('kind') ?? '';
  const [actorText, setActorText] = useState(actor);
  const setFilter = (k: string, v: string) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (v) next.set(k, v);
        else next.delete(k);
        return next;
      },
      { replace: true },
    );

  const q = useInfiniteQuery({
    queryKey: ['settings', 'audit', { actor, entity, kind }],
    queryFn: ({ pageParam }) => auditLog({ actor, entity, kind, limit: PAGE, before: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.next_before === null || last.next_before === undefined ? undefined : String(last.next_before)),
  });
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <div className="settings-panel">
      <div className="filter-bar" role="search" aria-label="Audit filters">
        <input
          aria-label="Filter by actor"
          placeholder="Actor e-mail…"
          value={actorText}
          onChange={(e) => setActorText(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && setFilter('actor', actorText.trim())}
          onBlur={() => setFilter('actor', actorText.trim())}
        />
        <select aria-label="Filter by entity" value={entity} onChange={(e) => setFilter('entity', e.target.value)}>
          <option value="">All objects</option>
          {ENTITY_OPTIONS.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
        <select aria-label="Filter by kind" value={kind} onChange={(e) => setFilter('kind', e.target.value)}>
          <option value="">All kinds</option>
          {AUDIT_KINDS.map((x) => (
            <option key={x} value={x}>
              {x.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
        {(actor || entity || kind) && (
          <button
            type="button"
            className="button ghost"
            onClick={() => {
              setActorText('');
              setSearch(new URLSearchParams(), { replace: true });
            }}
          >
            Clear filters
          </button>
        )}
      </div>
      <QueryState query={q} loading="Loading the audit log…" empty={<p className="muted">No events match.</p>} isEmpty={() => rows.length === 0}>
        {() => (
          <>
            <table className="plain-table audit-table" aria-label="Audit log">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Actor</th>
                  <th>Kind</th>
                  <th>Object</th>
                  <th>Record</th>
                  <th>Details</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.seq} data-seq={e.seq} data-kind={e.kind}>
                    <td>
                      <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                    </td>
                    <td className="audit-actor">{e.actor ?? <span className="muted">system</span>}</td>
                    <td>
                      <span className={`badge kind-${e.kind}`}>{e.kind.replace(/_/g, ' ')}</span>
                    </td>
                    <td>{e.entity}</td>
                    <td>
                      <RecordRef e={e} />
                    </td>
                    <td className="audit-data" title={e.data ? JSON.stringify(e.data) : undefined}>
                      {summary(e)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {q.hasNextPage && (
              <button type="button" className="button ghost" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
                {q.isFetchingNextPage ? 'Loading…' : 'Show older'}
              </button>
            )}
          </>
        )}
      </QueryState>
    </div>
  );
}
