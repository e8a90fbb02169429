/** A deal's win probability with its interval and the factors behind it; nothing at all when scoring is unavailable. */
import { useQuery } from '@tanstack/react-query';
import { dealClosing, dealScore } from '../../api/endpoints';
import { formatDate, formatPercent, formatPercentRange, scoreNote } from '../../ui/format';

export function DealScore({ id, stage }: { id: string; stage: string }) {
  const q = useQuery({ queryKey: ['deal-score', id, stage], queryFn: () => dealScore(id), retry: false });
  const closed = stage.startsWith('closed');
  // A closed deal: what the CRM gave it just before the close (the outcome log), not what the model makes of it today.
  const closing = useQuery({ queryKey: ['deal-closing', id, stage], queryFn: () => dealClosing(id), retry: false, enabled: closed });
  if (closed && closing.isPending) return null;
  if (!q.data && !closed) return null;
  const s = q.data;
  const factors = (s?.factors ?? []).filter((f) => Math.abs(f.effect) >= 0.02).slice(0, 6);
  const factorList = factors.length > 0 && (
    <ul className="factors">
      {factors.map((f) => (
        <li key={f.key} className={f.effect > 0 ? 'up' : 'down'}>
          <span aria-label={f.effect > 0 ? 'raises' : 'lowers'}>{f.effect > 0 ? '▲' : '▼'}</span> {f.feature}
        </li>
      ))}
    </ul>
  );
  // A closed deal's outcome is known: it leads, and what the model makes of the deal today ("open for 731 days",
  // "365 days past the expected close") is kept behind a fold rather than shown as its chance to win.
  if (closed) {
    const won = stage === 'closed_won';
    const before = closing.data && closing.data.outcome === (won ? 'won' : 'lost') ? closing.data : null;
    return (
      <section className="panel score-panel closed" aria-label="Win probability">
        <h3>Outcome</h3>
        <div className={`score-big outcome-${stage}`}>{won ? 'Won' : 'Lost'}</div>
        <p className="muted small" data-testid="probability-at-close">
          {before?.probability != null
            ? `${formatPercent(before.probability)} win probability just before it was ${won ? 'won' : 'lost'}, ${formatDate(before.at)}`
            : before
              ? `${won ? 'Won' : 'Lost'} ${formatDate(before.at)}; no win probability was recorded then.`
              : 'No win probability was recorded before it closed (closed before it was in HoloLoom, or imported closed).'}
        </p>
        {s && (
          <details className="score-today">
            <summary>What the model makes of it today</summary>
            <p className="muted small" data-testid="model-today">
              {formatPercent(s.probability)} today · {s.strategy}
              {s.modelVersion ? ` v${s.modelVersion}` : ''} — a closed deal's chance is settled; this is only how the model reads it now.
            </p>
            {factorList}
          </details>
        )}
      </section>
    );
  }
  if (!s) return null;
  const [lo, hi] = s.interval;
  return (
    <section className="panel score-panel" aria-label="Win probability">
      <h3>Win probability</h3>
      <div className="score-big">{formatPercent(s.probability)}</div>
      <div className="score-bar" role="img" aria-label={`between ${formatPercent(lo)} and ${formatPercent(hi)}`}>
        <span className="score-range" style={{ left: `${lo * 100}%`, width: `${Math.max(1, (hi - lo) * 100)}%` }} />
        <span className="score-point" style={{ left: `${s.probability * 100}%` }} />
      </div>
      <p className="muted small">
        likely {formatPercentRange(lo, hi)} · {s.strategy}
        {s.modelVersion ? ` v${s.modelVersion}` : ''}
      </p>
      {factorList}
      {s.notes.length > 0 && <p className="muted small">{s.notes.map(scoreNote).join(' ')}</p>}
    </section>
  );
}
