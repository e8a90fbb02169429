/** A contact's lead score: 1–99, the tier, the interval and the reasons in words; nothing when scoring is unavailable. */
import { useQuery } from '@tanstack/react-query';
import { leadScore } from '../../api/endpoints';
import { formatPercent, scoreNote } from '../../ui/format';
import { TierBadge } from '../../ui/TierBadge';

/** "lead source: referral: +" → "lead source: referral" (the arrow says which way). */
const inWords = (reason: string) => reason.replace(/:\s*[+−-]$/, '');

export function LeadScore({ id, status }: { id: string; status: string }) {
  const q = useQuery({ queryKey: ['lead-score', id, status], queryFn: () => leadScore(id), retry: false });
  if (!q.data) return null;
  const s = q.data;
  const [lo, hi] = s.interval;
  return (
    <section className="panel score-panel" aria-label="Lead score">
      <h3>Lead score</h3>
      <div className="score-head">
        <span className="score-big" title={`probability of becoming a customer: ${formatPercent(s.probability)}`}>
          {s.score}
        </span>
        <TierBadge tier={s.tier} confident={s.confident} />
        {!s.confident && <span className="muted small">not enough evidence for the tier</span>}
      </div>
      <div className="score-bar" role="img" aria-label={`between ${formatPercent(lo)} and ${formatPercent(hi)}`}>
        <span className="score-range" style={{ left: `${lo * 100}%`, width: `${Math.max(1, (hi - lo) * 100)}%` }} />
        <span className="score-point" style={{ left: `${s.probability * 100}%` }} />
      </div>
      <p className="muted small">
        likely {Math.max(1, Math.round(lo * 100))}–{Math.min(99, Math.round(hi * 100))} · {s.strategy}
        {s.modelVersion ? ` v${s.modelVersion}` : ''}
        {s.experiment ? ` · experiment variant ${s.experiment.variant + 1}` : ''}
      </p>
      {(s.reasons.positive.length > 0 || s.reasons.negative.length > 0) && (
        <ul className="factors" aria-label="Reasons">
          {s.reasons.positive.map((r) => (
            <li key={`+${r}`} className="up">
              <span aria-label="raises">▲</span> {inWords(r)}
            </li>
          ))}
          {s.reasons.negative.map((r) => (
            <li key={`-${r}`} className="down">
              <span aria-label="lowers">▼</span> {inWords(r)}
            </li>
          ))}
        </ul>
      )}
      {s.notes.length > 0 && <p className="muted small score-notes">{s.notes.map(scoreNote).join(' · ')}</p>}
    </section>
  );
}
