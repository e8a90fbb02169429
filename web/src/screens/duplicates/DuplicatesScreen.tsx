/**
 * Likely duplicate contacts or companies with the reasons; "Review merge" opens the merge preview (MergePanel),
 * then merge and go to the survivor.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { duplicatePairs } from '../../api/endpoints';
import { Empty, QueryState } from '../../ui/States';
import { useCan } from '../auth/session';
import { MergePanel, type MergePlural } from './MergePanel';

export function DuplicatesScreen() {
  const [search, setSearch] = useSearchParams();
  const plural: MergePlural = search.get('object') === 'companies' ? 'companies' : 'contacts';
  const [open, setOpen] = useState<string | null>(null);
  const pairs = useQuery({ queryKey: ['duplicates', plural], queryFn: () => duplicatePairs(plural) });
  const can = useCan();
  const navigate = useNavigate();
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
      <QueryState query={pairs} loading="Looking for duplicates…" empty={<Empty title={`No likely duplicate ${plural}.`}>Same email, phone or domain, or near-identical names, would show here.</Empty>}>
        {(data) => (
          <ul className="dup-list">
            {data.map((p) => {
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
                  {open === key && (
                    <MergePanel
                      plural={plural}
                      pair={p}
                      onDone={(survivor) => {
                        setOpen(null);
                        void navigate(`/${plural}/${encodeURIComponent(survivor)}`);
                      }}
                    />
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
