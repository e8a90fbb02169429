/** A row's score in a table: a deal's win probability as a percentage; a lead's 1–99 score with its tier. */
import type { BriefScore } from '../api/types';
import { formatPercent, formatPercentRange } from './format';
import { TierBadge } from './TierBadge';

export function ScoreCell({ score, stage }: { score: unknown; stage?: unknown }) {
  // A closed deal's chance is settled: today's model reading ("57 %" on a won deal) would read as its win probability.
  if (stage === 'closed_won' || stage === 'closed_lost')
    return (
      <span className="score-cell score-closed muted" title={`${stage === 'closed_won' ? 'Won' : 'Lost'}: a closed deal has no win probability (its page shows the one it had before the close)`}>
        —
      </span>
    );
  if (!score || typeof score !== 'object') return <span className="muted">—</span>;
  const s = score as BriefScore;
  const [lo, hi] = s.interval;
  const title = `${formatPercent(s.probability)} (likely ${formatPercentRange(lo, hi)}) · ${s.strategy}`;
  if (typeof s.score === 'number' && s.tier)
    return (
      <span className="score-cell" title={s.confident === false ? `${title} · not enough evidence for the tier` : title}>
        <span className="score-num">{s.score}</span>
        <TierBadge tier={s.tier} confident={s.confident !== false} />
      </span>
    );
  return (
    <span className="score-cell" title={title}>
      <span className="score-num">{formatPercent(s.probability)}</span>
    </span>
  );
}
