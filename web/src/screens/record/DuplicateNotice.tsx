/**
 * A contact's or company's likely duplicates, said on its page (GET /api/{plural}/{id}/duplicates) with the
 * reasons; "Review merge" opens the merge preview of that pair right here (`?review=<other id>`, a link that can
 * be shared), and merging lands on the record kept.
 */
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { ENTITIES, recordTitle, type EntityName, type ListPlural } from '../../api/entities';
import { recordDuplicates } from '../../api/endpoints';
import { useRecordNames } from '../../api/hooks';
import type { CrmRecord } from '../../api/types';
import { DuplicateCandidates } from '../../ui/DuplicateCandidates';
import { useCan } from '../auth/session';
import { MergePanel, type MergePlural } from '../duplicates/MergePanel';

export const REVIEW_PARAM = 'review';

export function DuplicateNotice({ plural, entity, record }: { plural: ListPlural; entity: EntityName; record: CrmRecord }) {
  const def = ENTITIES[entity];
  const mergeable = def.duplicateRules.length > 0 && plural !== 'deals';
  const can = useCan();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const review = search.get(REVIEW_PARAM);
  const dups = useQuery({ queryKey: ['record-duplicates', plural, record.id], queryFn: () => recordDuplicates(plural, record.id), enabled: mergeable, staleTime: 60_000 });
  // A shared link may name a record the check no longer lists: its name comes from the record itself.
  const reviewNames = useRecordNames(entity, review && !dups.data?.some((d) => d.id === review) ? [review] : []);
  if (!mergeable) return null;
  const candidates = dups.data ?? [];
  const setReview = (id: string | null) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set(REVIEW_PARAM, id);
        else next.delete(REVIEW_PARAM);
        return next;
      },
      { replace: true },
    );
  const other = review ? candidates.find((c) => c.id === review) ?? { id: review, name: reviewNames.get(review) ?? review, reasons: [] } : null;
  if (candidates.length === 0 && !other) return null;
  return (
    <>
      {candidates.length > 0 && (
        <DuplicateCandidates
          className="record-dup-warning"
          heading={candidates.length === 1 ? `This may be the same ${def.label.toLowerCase()} as:` : `${candidates.length} records may be this one:`}
          candidates={candidates}
          action={(c) =>
            can.write && (
              <button type="button" className="button small-button" aria-expanded={review === c.id} onClick={() => setReview(review === c.id ? null : c.id)}>
                {review === c.id ? 'Close the preview' : 'Review merge'}
              </button>
            )
          }
        />
      )}
      {other && can.write && (
        <MergePanel
          key={other.id}
          plural={plural as MergePlural}
          pair={{ a: record.id, b: other.id, a_name: recordTitle(def, record), b_name: other.name, reasons: other.reasons }}
          onDone={(survivor) => void navigate(`/${plural}/${encodeURIComponent(survivor)}`, { replace: true })}
        />
      )}
    </>
  );
}
