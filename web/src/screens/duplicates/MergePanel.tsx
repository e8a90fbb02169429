/**
 * The merge preview of two records: names, each field where they disagree with a choice (defaults preselected),
 * what the kept record will hold; then the merge. Opened from the Duplicates screen and from a record page's
 * duplicate notice (`?review=<other id>`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ENTITIES, fieldsOf, type MergePlural } from '../../api/entities';
import { mergePlan, mergeWithChoices, type MergeChoices, type MergeFieldPlan } from '../../api/merge';
import type { DuplicatePair, EntityDef } from '../../api/types';
import { FieldValue } from '../../ui/FieldValue';
import { QueryState } from '../../ui/States';
import { useToast } from '../../ui/Toasts';

export type { MergePlural };

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

export function MergePanel({ plural, pair, onDone }: { plural: MergePlural; pair: DuplicatePair; onDone: (survivor: string) => void }) {
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
      <QueryState query={preview} loading="Previewing…">
        {(data) => (
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
                          // The pick shows at once; the preview of its effect follows from the server.
                          checked={(choices[plan.field] ?? plan.choice) === c.from}
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
      </QueryState>
    </section>
  );
}

