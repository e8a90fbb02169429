/**
 * Likely duplicate contacts or companies with the reasons; preview a merge — names, each field where the records
 * disagree with a choice (defaults preselected), what the kept record will hold — then merge and go to the survivor.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ENTITIES, fieldsOf } from '../../api/entities';
import { duplicatePairs } from '../../api/endpoints';
import { mergePlan, mergeWithChoices, type MergeChoices, type MergeFieldPlan } from '../../api/merge';
import type { DuplicatePair, EntityDef } from '../../api/types';
import { FieldValue } from '../../ui/FieldValue';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { useCan } from '../auth/session';
import { useToast } from '../../ui/Toasts';

type Plural = 'contacts' | 'companies';

/** A candidate value as the preview shows it: a reference by the name of what it points to, lists joined. */
function CandidateValue({ entity, plan, value, label }: { entity: EntityDef; plan: MergeFieldPlan; value: unknown; label?: string }) {
  const field = fieldsOf(entity).find((f) => f.name === plan.field);
  if (label) return <>{label}</>;
  if (!field) return <>{String(value)}</>;
  return <FieldValue field={field} value={value} />;
}

const RULE_WORDS: Record<string, string> = {
  filled: 'filled in',
  newest: 'newest kept',
  earliest: 'earliest kept',
  concatenated: 'all kept, one after another',
  united: 'all kept',
};

export function MergePanel({ plural, pair, onDone }: { plural: Plural; pair: DuplicatePair; onDone: (survivor: string) => void }) {
  const [survivor, setSurvivor] = useState(pair.a);
  const [choices, setChoices] = useState<MergeChoices>({});
  const merged = survivor === pair.a ? pair.b : pair.a;
  const entity = ENTITIES[plural === 'contacts' ? 'contact' : 'company'];
  const names: Record<string, string> = { [pair.a]: pair.a_name, [pair.b]: pair.b_name };
  const qc = useQueryClient();
  const toast = useToast();
  const preview = useQuery({
    queryKey: ['merge-preview', plural, survivor, merged, choices],
    queryFn: () => mergePlan(plural, survivor, [merged], choices),
    placeholderData: (prev) => prev,
  });
  const merge = useMutation({
    mutationFn: () => mergeWithChoices(plural, survivor, [merged], choices),
    onSuccess: (r) => {
      toast.show(`Merged into ${names[survivor] || r.survivor.id}${Object.keys(r.moved).length ? ` · moved ${Object.entries(r.moved).map(([k, n]) => `${n} ${k.split('.')[0]}`).join(', ')}` : ''}`, 'success');
      void qc.invalidateQueries();
      onDone(r.survivor.id);
    },
    onError: toast.error,
  });
  const pickSurvivor = (id: string) => {
    setSurvivor(id);
    setChoices({});
  };
  const plans = preview.data?.fields.filter((f) => f.field !== 'updated_at') ?? [];
  const conflicts = plans.filter((p) => p.conflict && p.rule !== 'concatenated');
  const others = plans.filter((p) => !conflicts.includes(p));
  return (
    <section className="panel merge-panel" aria-label="Merge preview">
      <fieldset className="survivor-pick">
        <legend>Keep which record?</legend>
        {[pair.a, pair.b].map((id) => (
          <label key={id} className="check-row">
            <input type="radio" name={`survivor-${pair.a}-${pair.b}`} checked={survivor === id} onChange={() => pickSurvivor(id)} />
            {names[id]} {names[pair.a] === names[pair.b] && <span className="muted">({id === pair.a ? 'first' : 'second'} record)</span>}
          </label>
        ))}
      </fieldset>
      {preview.isPending ? (
        <Loading label="Previewing…" />
      ) : preview.isError ? (
        <ErrorState error={preview.error} />
      ) : (
        <>
          {conflicts.length > 0 ? (
            <div className="merge-conflicts">
              <h3 className="merge-heading">Where they disagree — choose what to keep</h3>
              {conflicts.map((plan) => (
                <fieldset key={plan.field} className="merge-choice">
                  <legend>{plan.label}</legend>
                  {plan.candidates.map((c) => (
                    <label key={c.from} className="check-row">
                      <input
                        type="radio"
                        name={`choice-${plan.field}`}
                        checked={plan.choice === c.from}
                        onChange={() => setChoices({ ...choices, [plan.field]: c.from })}
                      />
                      <span className="merge-value"><CandidateValue entity={entity} plan={plan} value={c.value} label={c.label} /></span>
                      <span className="muted small">from {c.from_name}{c.from === survivor ? ' (kept record)' : ''}</span>
                    </label>
                  ))}
                  {plan.rule === 'newest' && !choices[plan.field] && <p className="muted small">The newest date is preselected.</p>}
                </fieldset>
              ))}
            </div>
          ) : (
            <p className="muted small">No conflicting values: nothing to choose.</p>
          )}
          <h3 className="merge-heading">What the kept record will hold</h3>
          <dl className="fields compact">
            {others.map((plan) => (
              <div key={plan.field} className={`field-row ${plan.rule !== 'kept' ? 'filled' : ''}`}>
                <dt>{plan.label}</dt>
                <dd>
                  {plan.rule === 'concatenated' ? (
                    <span className="merge-notes">{String(plan.value)}</span>
                  ) : (
                    <CandidateValue entity={entity} plan={plan} value={plan.value} label={plan.candidates.find((c) => c.from === plan.choice)?.label} />
                  )}
                  {plan.rule !== 'kept' && (
                    <span className="badge badge-new" title={plan.choice ? `from ${names[plan.choice] ?? plan.choice}` : 'from both records'}>
                      {RULE_WORDS[plan.rule] ?? plan.rule}
                      {plan.rule === 'filled' && plan.choice ? ` from ${names[plan.choice] ?? plan.choice}` : ''}
                    </span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
          <p className="muted small">
            The activities, deals and people of {names[merged]} move to the record kept; {names[merged]} is removed and its link leads to the record kept.
          </p>
          <button type="button" className="button primary" disabled={merge.isPending} onClick={() => merge.mutate()}>
            {merge.isPending ? 'Merging…' : `Merge into ${names[survivor]}`}
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
    </section>
  );
}
