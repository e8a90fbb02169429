/**
 * The deal page's suggested action (issue 19): what to do this week, why, and how likely the policy is to choose
 * each action (bars; actions over the budget show 0); one click makes it a task or logs it as done.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
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
  return (
    <section className="panel deal-action-card" aria-label="Suggested action" data-testid="deal-action-card">
      <h3>Suggested this week</h3>
      <p className="deal-action-main">
        <strong>{labelOf(s.action)}</strong> <span className="muted small">· {s.policy}{s.modelVersion ? ` v${s.modelVersion}` : ''} · budget left {s.budgetLeft}</span>
      </p>
      <ul className="deal-action-reasons">
        {s.reasons.slice(0, 4).map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <ul className="deal-action-probs" aria-label="Action probabilities">
        {bars.map(([key, p]) => (
          <li key={key} style={{ display: 'flex', gap: '0.5em', alignItems: 'center', minWidth: 0 }}>
            <span style={{ width: '7em', flex: 'none', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{labelOf(key)}</span>
            <span aria-hidden="true" style={{ flex: 1, minWidth: 0, background: 'var(--border, #ddd)', height: '0.5em', borderRadius: 4 }}>
              <span style={{ display: 'block', width: `${Math.round(p * 100)}%`, height: '100%', background: 'var(--accent, #3b6fd8)', borderRadius: 4 }} />
            </span>
            <span className="small" style={{ width: '3.5em', textAlign: 'right', flex: 'none' }}>{formatPercent(p)}</span>
          </li>
        ))}
      </ul>
      {canWrite && s.action !== 'wait' && !done && (
        <div className="button-row" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5em' }}>
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
