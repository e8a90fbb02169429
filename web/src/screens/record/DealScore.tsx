/** A deal's win probability with its interval and the factors behind it; nothing at all when scoring is unavailable. */
import { useQuery } from '@tanstack/react-query';
import { dealScore } from '../../api/endpoints';
import { formatPercent } from '../../ui/format';

export function DealScore({ id, stage }: { id: string; stage: string }) {
  const q = useQuery({ queryKey: ['deal-score', id, stage], queryFn: () => dealScore(id), retry: false });
  if (!q.data) return null;
  const s = q.data;
  const [lo, hi] = s.interval;
  const factors = s.factors.filter((f) => Math.abs(f.effect) >= 0.02).slice(0, 6);
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
  if (stage.startsWith('closed')) {
    const won = stage === 'closed_won';
    return (
      <section className="panel score-panel closed" aria-label="Win probability">
        <h3>Outcome</h3>
        <div className={`score-big outcome-${stage}`}>{won ? 'Won' : 'Lost'}</div>
        <p className="muted small" data-testid="model-today">
          The model would give it {formatPercent(s.probability)} today · {s.strategy}
          {s.modelVersion ? ` v${s.modelVersion}` : ''}
        </p>
        {factorList && (
          <details className="score-today">
            <summary>What the model weighs today</summary>
            {factorList}
          </details>
        )}
      </section>
    );
  }
  return (
    <section className="panel score-panel" aria-label="Win probability">
      <h3>Win probability</h3>
      <div className="score-big">{formatPercent(s.probability)}</div>
      <div className="score-bar" role="img" aria-label={`between ${formatPercent(lo)} and ${formatPercent(hi)}`}>
        <span className="score-range" style={{ left: `${lo * 100}%`, width: `${Math.max(1, (hi - lo) * 100)}%` }} />
        <span className="score-point" style={{ left: `${s.probability * 100}%` }} />
      </div>
      <p className="muted small">
        likely {formatPercent(lo)}–{formatPercent(hi)} · {s.strategy}
        {s.modelVersion ? ` v${s.modelVersion}` : ''}
      </p>
      {factorList}
      {s.notes.length > 0 && <p className="muted small">{s.notes.join(' ')}</p>}
    </section>
  );
}
