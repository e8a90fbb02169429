/**
 * The deal page's suggested action (issue 19): what to do this week, why, and how likely the policy is to choose
 * each action (bars; actions over the budget show 0); one click makes it a task or logs it as done.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type CSSProperties } from 'react';
import { dealNextAction, dealStrategySettings, logSuggestion, strategyKeys } from '../api/strategy';
import { formatPercent } from './format';

export function DealActionCard({ dealId, canWrite }: { dealId: string; canWrite: boolean }) {
  const qc = useQueryClient();
  // Each GET records a recommendation: ask once per visit, not on every focus.
  const q = useQuery({ queryKey: strategyKeys.nextAction(dealId), queryFn: () => dealNextAction(dealId), staleTime: Infinity, refetchOnWindowFocus: false, retry: false });
  const settings = useQuery({ queryKey: strategyKeys.settings, queryFn: dealStrategySettings, staleTime: 60_000 });
  const [done, setDone] = useState<string | null>(null);
  const labelOf = (key: string) => settings.data?.actions.find((a) => a.key === key)?.label ?? key;
  const log = useMutation({
    mutationFn: (as: 'task' | 'done') => logSuggestion(dealId, q.data!, labelOf(q.data!.action), as),
    onSuccess: (_r, as) => {
      setDone(as === 'task' ? 'Task created.' : 'Logged as done.');
      void qc.invalidateQueries({ queryKey: ['timeline'] });
      void qc.invalidateQueries({ queryKey: strategyKeys.nextAction(dealId) });
    },
  });
  if (!q.data) return null;
  const s = q.data;
  const bars = Object.entries(s.actionProbabilities).sort((a, b) => b[1] - a[1]);
  const longest = Math.max(4, ...bars.map(([key]) => labelOf(key).length));
  return (
    <section className="panel deal-action-card" aria-label="Suggested action" data-testid="deal-action-card">
      <h3>Suggested this week</h3>
      <p className="deal-action-main">
        {/* The policy's name ("ppo v3") is for whoever trains it: on hover, not in the line a seller reads. */}
        <strong>{labelOf(s.action)}</strong>{' '}
        <span className="muted small" title={`policy ${s.policy}${s.modelVersion ? ` v${s.modelVersion}` : ''}`}>
          · effort budget left: {s.budgetLeft}
        </span>
      </p>
      <ul className="deal-action-reasons">
        {s.reasons.slice(0, 4).map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {/* Labels are never cut ("Discount (−15 %)", "Escalate to an executive sponsor"): the label column is as wide
          as the longest label up to half the card, and a longer one wraps (styles.css, .deal-action-probs). */}
      <ul className="deal-action-probs" aria-label="Action probabilities" style={{ '--label-ch': `${longest}ch` } as CSSProperties}>
        {bars.map(([key, p]) => (
          <li key={key}>
            <span className="deal-action-label">{labelOf(key)}</span>
            <span className="deal-action-bar" aria-hidden="true">
              <span style={{ width: `${Math.round(p * 100)}%` }} />
            </span>
            <span className="deal-action-pct small">{formatPercent(p)}</span>
          </li>
        ))}
      </ul>
      {canWrite && s.action !== 'wait' && !done && (
        <div className="button-row">
          <button type="button" className="button" disabled={log.isPending} onClick={() => log.mutate('task')}>
            Make it a task
          </button>
          <button type="button" className="button" disabled={log.isPending} onClick={() => log.mutate('done')}>
            Log as done
          </button>
        </div>
      )}
      {done && <p className="muted small" role="status">{done}</p>}
      {log.isError && <p className="error small" role="alert">{(log.error as Error).message}</p>}
    </section>
  );
}
