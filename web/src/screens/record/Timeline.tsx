/** The record's timeline, newest first: activities and changes (stage moves, edits, merges), paged by time. */
import { useInfiniteQuery } from '@tanstack/react-query';
import { ENTITIES, fieldsOf } from '../../api/entities';
import { timeline } from '../../api/endpoints';
import { keys } from '../../api/hooks';
import type { TimelineItem } from '../../api/types';
import { formatDateTime, stageLabel, textOf } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/States';

const ICONS: Record<string, string> = { email: '✉', call: '☎', meeting: '◷', note: '✎', task: '☐' };

function describeEvent(item: Extract<TimelineItem, { type: 'event' }>): string {
  const entity = ENTITIES[item.entity];
  switch (item.kind) {
    case 'created':
      return `${entity.label} created`;
    case 'deleted':
      return `${entity.label} deleted`;
    case 'merged':
      return `Merged ${entity.plural} into this ${entity.label.toLowerCase()}`;
    case 'stage_changed':
      return `Stage: ${stageLabel(String(item.data.from_stage ?? '—'))} → ${stageLabel(String(item.data.to_stage ?? '—'))}`;
    case 'updated': {
      const changes = Object.entries(item.data.changes ?? {}).filter(([k]) => k !== 'stage' && k !== 'closed_at');
      if (changes.length === 0) return `${entity.label} updated`;
      const fields = fieldsOf(entity);
      return changes
        .slice(0, 3)
        .map(([k, [, to]]) => {
          const f = fields.find((x) => x.name === k);
          return `${f?.label ?? k}: ${textOf(f, to) || '—'}`;
        })
        .join(' · ');
    }
  }
}

export function Timeline({ plural, id }: { plural: string; id: string }) {
  const q = useInfiniteQuery({
    queryKey: keys.timeline(plural, id),
    queryFn: ({ pageParam }) => timeline(plural, id, { limit: 30, before: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_before ?? undefined,
  });
  if (q.isPending) return <Loading label="Loading timeline…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  // Pages split on a timestamp can repeat an item at the boundary.
  const seen = new Set<string>();
  const items = q.data.pages.flatMap((p) => p.items).filter((it) => {
    const key = it.type === 'activity' ? it.activity.id : `e${it.seq}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (items.length === 0) return <p className="muted">Nothing has happened here yet.</p>;
  return (
    <>
      <ol className="timeline" aria-label="Timeline">
        {items.map((it) =>
          it.type === 'activity' ? (
            <li key={it.activity.id} className={`tl-item tl-${String(it.activity.type)}`} data-activity-id={it.activity.id}>
              <span className="tl-icon" aria-hidden="true">
                {ICONS[String(it.activity.type)] ?? '•'}
              </span>
              <div className="tl-body">
                <div className="tl-head">
                  <span className="tl-type">{String(it.activity.type)}</span>
                  <strong>{String(it.activity.subject ?? '') || '(no subject)'}</strong>
                  <time dateTime={it.at}>{formatDateTime(it.at)}</time>
                </div>
                {typeof it.activity.body === 'string' && it.activity.body !== '' && <p className="tl-text">{it.activity.body}</p>}
              </div>
            </li>
          ) : (
            <li key={`e${it.seq}`} className="tl-item tl-event">
              <span className="tl-icon" aria-hidden="true">
                ◦
              </span>
              <div className="tl-body">
                <div className="tl-head">
                  <span>{describeEvent(it)}</span>
                  {it.actor && <span className="tl-actor">by {it.actor}</span>}
                  <time dateTime={it.at}>{formatDateTime(it.at)}</time>
                </div>
              </div>
            </li>
          ),
        )}
      </ol>
      {q.hasNextPage && (
        <button type="button" className="button ghost" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
          {q.isFetchingNextPage ? 'Loading…' : 'Show older'}
        </button>
      )}
    </>
  );
}
