/**
 * "Needs review": ingested items whose links were less sure than the workspace's threshold. Each shows what the
 * service would have linked (by name, with its confidence) and is accepted, changed (pick the contact, company or
 * deal with the record picker) or rejected (left unlinked).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { z } from 'zod';
import type * as Contract from '../../../../src/delivery/api/contract';
import { request } from '../../api/http';
import { useRecordNames } from '../../api/hooks';
import { RecordPicker } from '../../ui/RecordPicker';
import { useToast } from '../../ui/Toasts';

type ReviewList = z.infer<typeof Contract.ingestReviewList>;
type Review = ReviewList['items'][number];
type Decision = z.infer<typeof Contract.ingestReviewDecision>;

export const reviewKey = ['ingest-review'] as const;

const pct = (c: number | null) => (c === null ? '' : ` (${Math.round(c * 100)} %)`);

function ReviewItem({ review, canWrite }: { review: Review; canWrite: boolean }) {
  const qc = useQueryClient();
  const toast = useToast();
  const s = review.suggestion;
  const contacts = useRecordNames('contact', [s.contactId]);
  const companies = useRecordNames('company', [s.companyId]);
  const deals = useRecordNames('deal', [s.dealId]);
  const [changing, setChanging] = useState(false);
  const [change, setChange] = useState<{ contactId: string | null; companyId: string | null; dealId: string | null }>({ contactId: s.contactId, companyId: s.companyId, dealId: s.dealId });
  const decide = useMutation({
    mutationFn: (decision: Decision) => request<Review>(`/api/ingest/review/${encodeURIComponent(review.id)}`, { method: 'POST', json: decision }),
    onSuccess: (r) => {
      toast.show(`${review.fileName}: ${r.status}`, 'success');
      void qc.invalidateQueries({ queryKey: reviewKey });
      void qc.invalidateQueries({ queryKey: ['timeline'] });
    },
    onError: toast.error,
  });
  const name = (map: Map<string, string>, id: string | null) => (id ? (map.get(id) ?? '…') : null);
  const parts = [
    s.contactId && <>contact <Link to={`/contacts/${encodeURIComponent(s.contactId)}`}>{name(contacts, s.contactId)}</Link>{pct(s.confidences.contact)}</>,
    s.companyId && <>company <Link to={`/companies/${encodeURIComponent(s.companyId)}`}>{name(companies, s.companyId)}</Link>{pct(s.confidences.company)}</>,
    s.dealId && <>deal <Link to={`/deals/${encodeURIComponent(s.dealId)}`}>{name(deals, s.dealId)}</Link>{pct(s.confidences.deal)}</>,
  ].filter(Boolean);
  return (
    <li className="review-item" aria-label={`Review ${review.fileName}`}>
      <div>
        <strong>{review.subject ?? review.fileName}</strong> <span className="muted">· {review.fileName} · {review.kind}</span>
      </div>
      <div className="review-suggestion">
        Suggested: {parts.length ? parts.map((p, i) => <span key={i}>{i > 0 ? ', ' : ''}{p}</span>) : 'nothing'}
      </div>
      {canWrite && !changing && (
        <div className="review-actions">
          <button type="button" className="primary" disabled={decide.isPending} onClick={() => decide.mutate({ accept: true })}>Accept</button>
          <button type="button" disabled={decide.isPending} onClick={() => setChanging(true)}>Change…</button>
          <button type="button" disabled={decide.isPending} onClick={() => decide.mutate({ reject: true })}>Reject</button>
        </div>
      )}
      {changing && (
        <form
          className="review-change"
          aria-label={`Change the links of ${review.fileName}`}
          onSubmit={(e) => {
            e.preventDefault();
            decide.mutate({ change });
          }}
        >
          <label>
            <span>Contact</span>
            <RecordPicker entity="contact" label="Contact" value={change.contactId} allowCreate={false} onChange={(id, record) => setChange((c) => ({ ...c, contactId: id, companyId: (record?.company_id as string | null | undefined) ?? c.companyId }))} />
          </label>
          <label>
            <span>Company</span>
            <RecordPicker entity="company" label="Company" value={change.companyId} allowCreate={false} onChange={(id) => setChange((c) => ({ ...c, companyId: id }))} />
          </label>
          <label>
            <span>Deal</span>
            <RecordPicker entity="deal" label="Deal" value={change.dealId} allowCreate={false} onChange={(id) => setChange((c) => ({ ...c, dealId: id }))} />
          </label>
          <div className="review-actions">
            <button type="submit" className="primary" disabled={decide.isPending}>Save links</button>
            <button type="button" onClick={() => setChanging(false)}>Cancel</button>
          </div>
        </form>
      )}
    </li>
  );
}

export function ReviewList({ canWrite }: { canWrite: boolean }) {
  const q = useQuery({ queryKey: reviewKey, queryFn: () => request<ReviewList>('/api/ingest/review') });
  if (!q.data) return null;
  return (
    <section className="ingest-review" aria-labelledby="review-title">
      <h2 id="review-title" className="section-title">
        Needs review {q.data.items.length > 0 && <span className="count">({q.data.items.length})</span>}
      </h2>
      {q.data.items.length === 0 ? (
        <p className="muted">Nothing to review: every link was at least {Math.round(q.data.threshold * 100)} % sure.</p>
      ) : (
        <>
          <p className="muted">These were written without the links below: each was less than {Math.round(q.data.threshold * 100)} % sure.</p>
          <ul className="review-list" aria-label="Items to review">
            {q.data.items.map((r) => (
              <ReviewItem key={r.id} review={r} canWrite={canWrite} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
