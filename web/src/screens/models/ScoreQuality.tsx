/**
 * Score quality users can see for one target: how the default model's probabilities held up on newer outcomes
 * (reliability per probability bin: predicted beside observed, with counts) and, where stage history is
 * recorded, per stage the win rate it gives deals found there beside the share of them won (the footing open deals
 * are scored on) and the stage's conversion (every deal that reached it, once). Says which
 * stage evidence scores use: the learned history or the funnel estimate for workspaces without history.
 */
import type { ModelsStatus } from '../../api/types';
import { formatNumber } from '../../ui/format';

type TargetStatus = ModelsStatus['targets'][number];

const pct = (p: number) => `${Math.round(p * 100)}%`;

const EVIDENCE_WORDS: Record<NonNullable<TargetStatus['stage_evidence']>, string> = {
  history: 'Stages learned from the recorded stage history.',
  'funnel estimate': "No stage history recorded: an open record's stage is added to learned scores by an estimate from the open records themselves.",
  none: 'No stage history recorded, and no stage estimate could be trusted: scores do not use the stage.',
};

export function ScoreQuality({ target }: { target: TargetStatus }) {
  const { quality, stage_evidence: evidence } = target;
  if (!quality && !evidence) return null;
  const bins = quality?.reliability.filter((b) => b.count > 0) ?? [];
  return (
    <div className="score-quality" data-testid={`score-quality-${target.target}`}>
      {evidence && (
        <p className="muted small" data-testid="stage-evidence" data-evidence={evidence}>
          {EVIDENCE_WORDS[evidence]}
        </p>
      )}
      {quality && bins.length > 0 && (
        <table className="results-table stack-table stack-grid" aria-label={`Reliability of ${quality.strategy}`}>
          <caption className="muted small">Reliability of {quality.strategy} on newer outcomes: the probabilities it gave beside how often those records ended well</caption>
          <thead>
            <tr>
              <th>Probability given</th>
              <th className="num">Mean given</th>
              <th className="num">Observed</th>
              <th className="num">Records</th>
            </tr>
          </thead>
          <tbody>
            {bins.map((b) => (
              <tr key={b.lo} data-bin={b.lo}>
                <td>
                  {pct(b.lo)}–{pct(b.hi)}
                </td>
                <td data-label="Mean given" className="num">{pct(b.meanPredicted)}</td>
                <td data-label="Observed" className="num">{pct(b.observedRate)}</td>
                <td data-label="Records" className="num">{formatNumber(b.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {quality && quality.stages.length > 0 && (
        <table className="results-table stack-table stack-grid" aria-label={`Win rate per stage, ${quality.strategy} vs observed`}>
          <caption className="muted small">
            Win rate per stage on newer closed deals. <strong>In the stage at a moment</strong> (as open deals are scored: wherever they stand now): what {quality.strategy} gave
            the deals found there beside the share of them won. <strong>Stage conversion</strong>: the share won of every deal that reached the stage, each once — higher at early
            stages, because a deal found in an early stage at a moment is more often one that stays there and is lost.
          </caption>
          <thead>
            <tr>
              <th>Stage</th>
              <th className="num">Model</th>
              <th className="num">Won</th>
              <th className="num">Deals there</th>
              <th className="num">Stage conversion</th>
              <th className="num">Deals reached</th>
            </tr>
          </thead>
          <tbody>
            {quality.stages.map((s) => (
              <tr key={s.stage} data-stage={s.stage}>
                <td>{s.stage}</td>
                <td data-label="Model" className="num">{s.records > 0 ? pct(s.predicted) : '—'}</td>
                <td data-label="Won" className="num">{s.records > 0 ? pct(s.observed) : '—'}</td>
                <td data-label="Deals there" className="num">{formatNumber(s.records)}</td>
                <td data-label="Stage conversion" className="num">{s.conversion === undefined ? '—' : pct(s.conversion)}</td>
                <td data-label="Deals reached" className="num">{s.reached === undefined ? '—' : formatNumber(s.reached)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
