/**
 * A contact's next action (issue 18): what to do, the expected response rate with its interval, how sure the
 * model is, why, and the alternatives behind a disclosure. "Make it a task" plans it (the task carries the
 * recommendation so completing it asks for the outcome); "Done" logs it now and asks "Did they respond?".
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { followUpKeys } from '../api/follow-up';
import { ApiError, errorMessage } from '../api/http';
import { keys } from '../api/hooks';
import {
  actionLabel,
  confidenceWords,
  dueFor,
  nbaKeys,
  notEnoughEvidence,
  nothingLearnedYet,
  actOn,
  recordOutcome,
  useOutreachSettings,
  useNextAction,
  useRecommendations,
  type ActionEstimate,
  type NextAction,
  type Recommendation,
  type RecommendationOutcome,
} from '../api/nba';
import { useCan } from '../screens/auth/session';
import { formatDateTime } from './format';
import { useToast } from './Toasts';
import { formatDue } from './when';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const range = ([lo, hi]: [number, number]) => `${pct(lo)}–${pct(hi)}`;

export interface NextActionContact {
  id: string;
  name: string;
}

/** Expected response rate as a bar: the interval as a band, the estimate as a point. */
function RateBar({ estimate }: { estimate: ActionEstimate }) {
  const [lo, hi] = estimate.interval;
  return (
    <div className="score-bar nba-bar" role="img" aria-label={`expected response rate ${pct(estimate.expected)}, likely between ${pct(lo)} and ${pct(hi)}`}>
      <span className="score-range" style={{ left: `${lo * 100}%`, width: `${Math.max(1, (hi - lo) * 100)}%` }} />
      <span className="score-point" style={{ left: `${estimate.expected * 100}%` }} />
    </div>
  );
}

/** "Did they respond?" for a recommendation that was acted on: Responded, No response, or Skip (ask no more). */
export function OutcomeQuestion({ recommendationId, contactId, onAnswered }: { recommendationId: string; contactId?: string | null; onAnswered: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const headingId = useId();
  const save = useMutation({
    mutationFn: (outcome: RecommendationOutcome) => recordOutcome(recommendationId, outcome),
    onSuccess: (_r, outcome) => {
      toast.show(outcome === 'responded' ? 'Outcome saved: they responded' : 'Outcome saved: no response', 'success');
      onAnswered();
    },
    onError: (e) => {
      // 409: an outcome is already there (answered elsewhere, or inferred from a logged reply) — nothing to ask.
      if (e instanceof ApiError && e.status === 409) {
        toast.show('This suggestion already has an outcome', 'info');
        onAnswered();
      } else toast.error(e);
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: contactId ? nbaKeys.recommendations(contactId) : nbaKeys.all });
    },
  });
  return (
    <div className="nba-outcome" role="group" aria-labelledby={headingId}>
      <span id={headingId} className="nba-outcome-question">
        Did they respond?
      </span>
      <button type="button" className="button primary small" disabled={save.isPending} onClick={() => save.mutate('responded')}>
        Responded
      </button>
      <button type="button" className="button small" disabled={save.isPending} onClick={() => save.mutate('no_response')}>
        No response
      </button>
      <button type="button" className="button ghost small" disabled={save.isPending} onClick={onAnswered}>
        Skip
      </button>
    </div>
  );
}

/** Makes a task of the suggestion or logs it as done (POST /api/recommendations/{id}/act). */
function useActOn(contact: NextActionContact, n: NextAction) {
  const qc = useQueryClient();
  const toast = useToast();
  const catalog = useOutreachSettings().data?.actions;
  // The server makes the task or activity the acting member's, so a task shows among my tasks on Home.
  const act = (body: Parameters<typeof actOn>[1]) => actOn(n.recommendationId, body);
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: keys.timeline('contacts', contact.id) }),
      qc.invalidateQueries({ queryKey: keys.record('contacts', contact.id) }),
      qc.invalidateQueries({ queryKey: followUpKeys.home }),
      qc.invalidateQueries({ queryKey: followUpKeys.undatedTasks }),
      qc.invalidateQueries({ queryKey: nbaKeys.recommendations(contact.id) }),
    ]);
  const makeTask = useMutation({
    mutationFn: () => act({ as: 'task', due_at: dueFor(n.action), subject: `${actionLabel(n.action, catalog)} — ${contact.name}` }),
    onSuccess: async () => {
      toast.show(`Task added, due ${formatDue(dueFor(n.action))}`, 'success');
      await refresh();
    },
    onError: toast.error,
  });
  const logDone = useMutation({
    mutationFn: () => act({ as: 'done', subject: `${actionLabel(n.action, catalog)} (suggested next action)` }),
    onSuccess: async () => {
      toast.show(`Logged: ${actionLabel(n.action, catalog)}`, 'success');
      await refresh();
    },
    onError: toast.error,
  });
  return { makeTask, logDone, catalog };
}

function NextActionBody({ contact, n, compact }: { contact: NextActionContact; n: NextAction; compact: boolean }) {
  const can = useCan();
  const qc = useQueryClient();
  const { makeTask, logDone, catalog } = useActOn(contact, n);
  const label = (action: string) => actionLabel(action, catalog);
  const [asking, setAsking] = useState(false);
  const unsure = notEnoughEvidence(n);
  const prior = nothingLearnedYet(n);
  const acted = makeTask.isSuccess || logDone.isSuccess;
  const busy = makeTask.isPending || logDone.isPending;
  const others = n.alternatives.filter((a) => a.action !== n.action);
  return (
    <>
      {/* The policy's name and model version ("thompson · model v0") are for whoever trains it: on hover, as on the
          deal page's suggested action, not a line of their own under the buttons a seller reads. */}
      <p className="nba-action" data-action={n.action} title={`policy ${n.policy} · model v${n.modelVersion}`}>
        {label(n.action)}
      </p>
      {prior ? (
        <p className="nba-rate nba-prior">Nothing learned yet: no outcomes so far, so there is no expected response rate to show. This first suggestion is a guess the model learns from.</p>
      ) : (
        <>
          <p className="nba-rate">
            <strong>{pct(n.expected)}</strong> expected to respond <span className="muted">(likely {range(n.interval)})</span>
          </p>
          <RateBar estimate={n} />
        </>
      )}
      <p className="nba-confidence">
        {unsure && <span className="badge nba-unsure">Not enough evidence yet</span>}
        <span>{confidenceWords(n.probabilityBest)}</span>
        <span className="muted small">
          {pct(n.probabilityBest)} chance it is the best of {n.alternatives.length + 1}
        </span>
      </p>
      {n.reasons.length > 0 && (
        <ul className="nba-reasons" aria-label="Why this action">
          {n.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {!compact && others.length > 0 && (
        <details className="nba-alternatives">
          <summary>Other options ({others.length})</summary>
          <ul>
            {others.map((a) => (
              <li key={a.action}>
                <span>{label(a.action)}</span>
                <span className="muted small">{prior ? 'nothing learned yet' : `${pct(a.expected)} (${range(a.interval)})`}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {can.write && !acted && (
        <div className="nba-buttons">
          <button type="button" className="button primary small" disabled={busy} onClick={() => makeTask.mutate()}>
            {makeTask.isPending ? 'Adding…' : 'Make it a task'}
          </button>
          <button type="button" className="button small" disabled={busy} onClick={() => logDone.mutate(undefined, { onSuccess: () => setAsking(true) })} aria-label={`Done: ${label(n.action)}`}>
            {logDone.isPending ? 'Logging…' : 'Done'}
          </button>
        </div>
      )}
      {asking && <OutcomeQuestion recommendationId={n.recommendationId} contactId={contact.id} onAnswered={() => setAsking(false)} />}
      {acted && !asking && (
        <p className="muted small nba-acted" role="status">
          {makeTask.isSuccess ? 'Planned as a task: its outcome is asked when it is completed.' : 'Logged.'}{' '}
          <button type="button" className="link-button" onClick={() => void qc.resetQueries({ queryKey: nbaKeys.nextAction(contact.id) })}>
            Suggest again
          </button>
        </p>
      )}
      {n.experiment && <p className="muted small nba-model">Part of an experiment: variant {n.experiment.variant + 1}</p>}
    </>
  );
}

const outcomeWords = (r: Recommendation) =>
  r.outcome === 'responded' ? (r.outcome_source === 'inferred' ? 'Responded (from a logged reply)' : 'Responded') : r.outcome === 'no_response' ? 'No response' : 'No outcome yet';

/**
 * Past suggestions someone acted on (a task or a logged activity), newest first, with their outcomes. Every visit
 * logs a suggestion, so those only shown are counted, not listed.
 */
function RecommendationHistory({ contactId }: { contactId: string }) {
  const q = useRecommendations(contactId);
  const catalog = useOutreachSettings().data?.actions;
  if (q.isError) return <p className="muted small">Could not load past suggestions: {errorMessage(q.error)}</p>;
  if (!q.data) return <p className="muted small">Loading past suggestions…</p>;
  const acted = q.data.filter((r) => r.acted_at !== null || r.outcome !== null);
  const onlyShown = q.data.length - acted.length;
  return (
    <>
      {acted.length === 0 ? (
        <p className="muted small">None acted on yet.</p>
      ) : (
        <ul className="nba-history" aria-label="Past suggestions">
          {acted.slice(0, 10).map((r) => (
            <li key={r.id} data-recommendation-id={r.id}>
              <span className="nba-history-action">{actionLabel(r.action, catalog)}</span>
              <time dateTime={r.acted_at ?? r.created_at}>{formatDateTime(r.acted_at ?? r.created_at)}</time>
              <span className={`badge nba-outcome-${r.outcome ?? 'none'}`}>{outcomeWords(r)}</span>
            </li>
          ))}
        </ul>
      )}
      {onlyShown > 0 && <p className="muted small">{onlyShown === 1 ? '1 suggestion' : `${onlyShown} suggestions`} shown without action</p>}
    </>
  );
}

/**
 * The card: on a contact's page (with the alternatives and past suggestions) and, `compact`, on Home under the
 * contact's name. States: loading, an error with the server's words, and a suggestion whose evidence is thin.
 */
export function NextActionCard({ contact, compact = false }: { contact: NextActionContact; compact?: boolean }) {
  const q = useNextAction(contact.id);
  const headingId = useId();
  const [pastOpen, setPastOpen] = useState(false);
  return (
    <section className={`panel nba-card${compact ? ' compact' : ''}`} aria-labelledby={headingId} data-contact-id={contact.id}>
      <h3 id={headingId}>{compact ? <Link to={`/contacts/${encodeURIComponent(contact.id)}`}>{contact.name}</Link> : 'Next action'}</h3>
      {q.isPending ? (
        <p className="muted small" role="status">
          Working out the next action…
        </p>
      ) : q.isError ? (
        <p className="muted small" role="alert">
          No suggestion: {errorMessage(q.error)}{' '}
          <button type="button" className="link-button" onClick={() => void q.refetch()}>
            Try again
          </button>
        </p>
      ) : (
        <NextActionBody key={q.data.recommendationId} contact={contact} n={q.data} compact={compact} />
      )}
      {!compact && (
        // Loaded when opened: most visits never look.
        <details className="nba-past" onToggle={(e) => setPastOpen(e.currentTarget.open)}>
          <summary>Past suggestions</summary>
          {pastOpen && <RecommendationHistory contactId={contact.id} />}
        </details>
      )}
    </section>
  );
}
