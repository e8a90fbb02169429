/** Likely duplicate contacts or companies with the reasons; preview a merge (which fields get filled) and then merge. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ENTITIES, fieldsOf } from '../../api/entities';
import { duplicatePairs, mergePreview, mergeRecords } from '../../api/endpoints';
import type { DuplicatePair } from '../../api/types';
import { FieldValue } from '../../ui/FieldValue';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { useCan } from '../auth/session';
import { useToast } from '../../ui/Toasts';

type Plural = 'contacts' | 'companies';

function MergePanel({ plural, pair, onDone }: { plural: Plural; pair: DuplicatePair; onDone: () => void }) {
  const [survivor, setSurvivor] = useState(pair.a);
  const merged = survivor === pair.a ? pair.b : pair.a;
  const entity = ENTITIES[plural === 'contacts' ? 'contact' : 'company'];
  const qc = useQueryClient();
  const toast = useToast();
  const preview = useQuery({ queryKey: ['merge-preview', plural, survivor, merged], queryFn: () => mergePreview(plural, survivor, [merged]) });
  const merge = useMutation({
    mutationFn: () => mergeRecords(plural, survivor, [merged]),
    onSuccess: (r) => {
      toast.show(`Merged into ${r.survivor.id}${Object.keys(r.moved).length ? ` · moved ${Object.entries(r.moved).map(([k, n]) => `${n} ${k}`).join(', ')}` : ''}`, 'success');
      void qc.invalidateQueries();
      onDone();
    },
    onError: toast.error,
  });
  const fields = fieldsOf(entity).filter((f) => f.name !== 'updated_at');
  return (
    <section className="panel merge-panel" aria-label="Merge preview">
      <fieldset className="survivor-pick">
        <legend>Keep which record?</legend>
        {[
          [pair.a, pair.a_name],
          [pair.b, pair.b_name],
        ].map(([id, name]) => (
          <label key={id} className="check-row">
            <input type="radio" name="survivor" checked={survivor === id} onChange={() => setSurvivor(id!)} />
            {name} <span className="muted">({id})</span>
          </label>
        ))}
      </fieldset>
      {preview.isPending ? (
        <Loading label="Previewing…" />
      ) : preview.isError ? (
        <ErrorState error={preview.error} />
      ) : (
        <>
          <p className="muted small">
            {Object.keys(preview.data.filled).length > 0 && `${Object.keys(preview.data.filled).length} empty fields are filled from ${merged} (marked below). `}
            The activities, deals and people of {merged} move to the record kept, and {merged} is removed.
          </p>
          <dl className="fields compact">
            {fields.map((f) => (
              <div key={f.name} className={`field-row ${preview.data.filled[f.name] ? 'filled' : ''}`}>
                <dt>{f.label}</dt>
                <dd>
                  <FieldValue field={f} value={preview.data.survivor[f.name]} />
                  {preview.data.filled[f.name] && <span className="badge badge-new">filled</span>}
                </dd>
              </div>
            ))}
          </dl>
          <button type="button" className="button primary" disabled={merge.isPending} onClick={() => merge.mutate()}>
            {merge.isPending ? 'Merging…' : `Merge into ${survivor === pair.a ? pair.a_name : pair.b_name}`}
          </button>
        </>
      )}
    </section>
  );
}

export function DuplicatesScreen() {
  const [search, setSearch] = useSearchParams();
  const plural: Plural = search.get('object') === 'companies' ? 'companies' : 'contacts';
  const [open, setOpen] = useState<string | null>(null);
  const pairs = useQuery({ queryKey: ['duplicates', plural], queryFn: () => duplicatePairs(plural) });
  const can = useCan();
  return (
    <section className="screen duplicates-screen" aria-labelledby="dup-title">
      <header className="screen-header">
        <h1 id="dup-title">
          Duplicates {pairs.data && <span className="count">{pairs.data.length}</span>}
        </h1>
        <div className="segmented" role="radiogroup" aria-label="Object">
          {(['contacts', 'companies'] as const).map((p) => (
            <label key={p} className={plural === p ? 'on' : ''}>
              <input type="radio" name="dup-object" checked={plural === p} onChange={() => setSearch({ object: p }, { replace: true })} />
              {p}
            </label>
          ))}
        </div>
      </header>
      {pairs.isPending ? (
        <Loading label="Looking for duplicates…" />
      ) : pairs.isError ? (
        <ErrorState error={pairs.error} onRetry={() => void pairs.refetch()} />
      ) : pairs.data.length === 0 ? (
        <Empty title={`No likely duplicate ${plural}.`}>Same email, phone or domain, or near-identical names, would show here.</Empty>
      ) : (
        <ul className="dup-list">
          {pairs.data.map((p) => {
            const key = `${p.a}|${p.b}`;
            return (
              <li key={key} className="dup-pair">
                <div className="dup-head">
                  <Link to={`/${plural}/${encodeURIComponent(p.a)}`}>{p.a_name}</Link>
                  <span className="muted">and</span>
                  <Link to={`/${plural}/${encodeURIComponent(p.b)}`}>{p.b_name}</Link>
                  <span className="reasons-inline">{p.reasons.join(' · ')}</span>
                  {can.write && (
                    <button type="button" className="button" aria-expanded={open === key} onClick={() => setOpen(open === key ? null : key)}>
                      {open === key ? 'Close' : 'Review merge'}
                    </button>
                  )}
                </div>
                {open === key && <MergePanel plural={plural} pair={p} onDone={() => setOpen(null)} />}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
