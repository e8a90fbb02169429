/**
 * The learned scores' models: per target (deals, leads) the strategies with their held-out evaluation, the default
 * and a rollout override, whether a retrain is due and a "Train now" button; and the A/B experiments between
 * strategies (start, open results, stop). Loaded in its own chunk.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { modelsStatus, setRollout, trainModels } from '../../api/endpoints';
import type { FunnelEvidence, ModelInfo, ModelsStatus, ReliabilityBin, ScoreTarget, StrategyEvaluation, TrainResult } from '../../api/types';
import { formatDateTime, formatNumber } from '../../ui/format';
import { QueryState } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { useCan } from '../auth/session';
import { ExperimentsPanel } from './ExperimentsPanel';
import { ScoreQuality } from './ScoreQuality';

export const TARGET_LABELS: Record<ScoreTarget, string> = { deal: 'Deals · win probability', lead: 'Leads · lead score' };
export const MODELS_KEY = ['models'] as const;

/** Strategies the server has shown: its models' and defaults', and the hand-set baseline that is always there. */
export function knownStrategies(status: ModelsStatus | undefined, trained?: TrainResult | null): string[] {
  const names = new Set<string>(['weighted']);
  for (const t of status?.targets ?? []) {
    names.add(t.default);
    for (const m of t.models) names.add(m.strategy);
  }
  for (const v of status?.versions ?? []) names.add(v.strategy.split('/').pop()!);
  for (const e of trained?.evaluations ?? []) for (const s of e.strategies) names.add(s.strategy);
  return [...names];
}

/** After a training or a rollout every score may differ: drop the cached ones. */
export function invalidateScores(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: MODELS_KEY });
  void qc.invalidateQueries({ queryKey: ['deal-score'] });
  void qc.invalidateQueries({ queryKey: ['lead-score'] });
  void qc.invalidateQueries({ queryKey: ['list'] });
}

const metric = (v: number | null | undefined, digits = 3) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—');

/** Predicted against observed per probability bin: a small reliability diagram, the diagonal is perfect calibration. */
function Reliability({ bins }: { bins: ReliabilityBin[] }) {
  const used = bins.filter((b) => b.count > 0);
  if (used.length === 0) return <span className="muted">—</span>;
  const size = 36;
  return (
    <svg className="reliability" width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img" aria-label={`reliability: ${used.map((b) => `${Math.round(b.meanPredicted * 100)}% predicted, ${Math.round(b.observedRate * 100)}% observed`).join('; ')}`}>
      <rect x="0.5" y="0.5" width={size - 1} height={size - 1} fill="none" stroke="var(--line)" />
      <line x1="0" y1={size} x2={size} y2="0" stroke="var(--line-strong)" strokeDasharray="2 2" />
      <polyline fill="none" stroke="var(--accent)" strokeWidth="1.5" points={used.map((b) => `${(b.meanPredicted * size).toFixed(1)},${((1 - b.observedRate) * size).toFixed(1)}`).join(' ')} />
    </svg>
  );
}

interface Row {
  strategy: string;
  version: number | null;
  trainedAt: string | null;
  evaluation: StrategyEvaluation | null;
}

/** What an open record's funnel position adds to the default strategy's scores, in log-odds per position. */
function FunnelNote({ evidence, strategy }: { evidence: FunnelEvidence; strategy: string }) {
  const what = evidence.field === 'stage' ? "An open deal's stage" : "An open lead's status";
  return (
    <p className="muted small" data-testid="funnel-evidence">
      {what} moves its {strategy} score (log-odds, estimated from the open records themselves, as resolved records carry no history of it to measure on):{' '}
      {Object.entries(evidence.shifts)
        .map(([position, shift]) => `${position} ${shift >= 0 ? '+' : '−'}${Math.abs(shift).toFixed(2)}`)
        .join(' · ')}
    </p>
  );
}

function rowsOf(models: ModelInfo[], target: ScoreTarget, baseline: StrategyEvaluation | null, trained: TrainResult | null): Row[] {
  const rows: Row[] = models.map((m) => ({ strategy: m.strategy, version: m.version, trainedAt: m.trained_at, evaluation: m.evaluation ?? null }));
  // The hand-set baseline is never stored as a model: the last training's figures for it come with the status, and
  // a training in this session has them too.
  const evaluated = trained?.evaluations.find((e) => e.target === target)?.strategies ?? [];
  for (const s of evaluated) if (!rows.some((r) => r.strategy === s.strategy)) rows.push({ strategy: s.strategy, version: null, trainedAt: null, evaluation: s });
  if (!rows.some((r) => r.strategy === 'weighted')) rows.push({ strategy: 'weighted', version: null, trainedAt: null, evaluation: baseline });
  return rows;
}

function TargetPanel({ target, status, trained, strategies }: { target: ModelsStatus['targets'][number]; status: ModelsStatus; trained: TrainResult | null; strategies: string[] }) {
  const qc = useQueryClient();
  const toast = useToast();
  const can = useCan();
  const first = target.models[0];
  const best = first?.best ?? 'weighted';
  const rolledOut = target.default !== best ? target.default : '';
  const rollout = useMutation({
    mutationFn: (strategy: string | null) => setRollout(target.target, strategy),
    onSuccess: (now, strategy) => {
      toast.show(strategy ? `${target.target === 'deal' ? 'Deals' : 'Leads'} now score with ${now}` : `${target.target === 'deal' ? 'Deals' : 'Leads'} back to the evaluation's choice (${now})`, 'success');
      invalidateScores(qc);
    },
    onError: toast.error,
  });
  const rows = rowsOf(target.models, target.target, target.baseline ?? null, trained);
  const funnel = rows.find((r) => r.strategy === target.default)?.evaluation?.funnel;
  const warnings = first?.warnings ?? trained?.evaluations.find((e) => e.target === target.target)?.warnings ?? [];
  const outcomes = first ? { won: first.won, lost: first.lost } : null;
  const versions = status.versions.filter((v) => v.strategy.startsWith(`${target.target}/`)).length;
  return (
    <section className="panel model-panel" aria-label={TARGET_LABELS[target.target]} data-target={target.target}>
      <div className="model-panel-head">
        <h2>{TARGET_LABELS[target.target]}</h2>
        <span className="muted small">
          default <strong className="default-strategy">{target.default}</strong>
          {rolledOut ? ' (rolled out)' : first ? ' (best evaluated)' : ' (no learned model yet)'}
          {outcomes && typeof outcomes.won === 'number' ? ` · trained on ${formatNumber(outcomes.won)} won, ${formatNumber(outcomes.lost ?? 0)} lost` : ''}
          {versions > 0 ? ` · ${versions} stored versions` : ''}
        </span>
        <label className="rollout">
          <span className="muted small">Rollout</span>
          <select aria-label={`Rollout for ${target.target}s`} value={rolledOut} disabled={rollout.isPending || !can.admin} title={can.admin ? undefined : 'Only admins roll out models'} onChange={(e) => rollout.mutate(e.target.value || null)}>
            <option value="">Automatic ({best})</option>
            {strategies.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      {warnings.length > 0 && (
        <ul className="model-warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <table className="results-table models-table stack-table stack-grid" aria-label={`${target.target} strategies`}>
        <thead>
          <tr>
            <th>Strategy</th>
            <th>Version</th>
            <th>Trained</th>
            <th className="num" title="Area under the ROC curve on the newest 30% of outcomes: higher ranks better">AUC</th>
            <th className="num" title="Mean squared error of the probability: lower is better">Brier</th>
            <th className="num" title="Lower is better">Log-loss</th>
            <th className="num" title="Expected calibration error: how far predicted rates are from observed ones">Calib. error</th>
            <th>Reliability</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.strategy} data-strategy={r.strategy}>
              <td>
                <strong>{r.strategy}</strong>
                {r.strategy === target.default && <span className="badge badge-default">default</span>}
                {first && r.strategy === best && r.strategy !== target.default && <span className="badge">best</span>}
              </td>
              <td data-label="Version">{r.version === null ? <span className="muted">{r.strategy === 'weighted' ? 'hand-set' : '—'}</span> : `v${r.version}`}</td>
              <td data-label="Trained">{r.trainedAt ? formatDateTime(r.trainedAt) : <span className="muted">—</span>}</td>
              <td data-label="AUC" className="num">{metric(r.evaluation?.auc)}</td>
              <td data-label="Brier" className="num">{metric(r.evaluation?.brier)}</td>
              <td data-label="Log-loss" className="num">{metric(r.evaluation?.logLoss)}</td>
              <td data-label="Calib. error" className="num">{metric(r.evaluation?.ece)}</td>
              <td data-label="Reliability">{r.evaluation ? <Reliability bins={r.evaluation.reliability} /> : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {funnel && <FunnelNote evidence={funnel} strategy={target.default} />}
      <ScoreQuality target={target} />
      {target.models.length === 0 && <p className="muted small">No learned model yet: scores come from the hand-set weighted baseline until a training passes the guard rails.</p>}
    </section>
  );
}

function useElapsed(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    const t0 = Date.now();
    setSeconds(0);
    const t = setInterval(() => setSeconds(Math.floor((Date.now() - t0) / 1000)), 1000);
    return () => clearInterval(t);
  }, [running]);
  return seconds;
}

export default function ModelsScreen() {
  const qc = useQueryClient();
  const toast = useToast();
  const can = useCan();
  const status = useQuery({ queryKey: MODELS_KEY, queryFn: modelsStatus });
  const [trained, setTrained] = useState<TrainResult | null>(null);
  const train = useMutation({
    mutationFn: trainModels,
    onSuccess: (r) => {
      setTrained(r);
      toast.show(`Trained ${r.trained.length} models in ${Math.round(r.seconds)} s`, 'success');
      invalidateScores(qc);
    },
    onError: toast.error,
  });
  const elapsed = useElapsed(train.isPending);
  const strategies = knownStrategies(status.data, trained);
  const retrain = status.data?.retrain;

  return (
    <section className="models-screen" aria-labelledby="models-title">
      <header className="screen-header">
        <div>
          <h2 id="models-title">Models</h2>
          {retrain && (
            <p className={`small retrain ${retrain.due ? 'retrain-due' : 'muted'}`} data-testid="retrain-status">
              {retrain.due ? 'Retrain due: ' : 'Up to date: '}
              {retrain.reason}
              {retrain.newOutcomes > 0 && !retrain.reason.includes(String(retrain.newOutcomes)) ? ` · ${formatNumber(retrain.newOutcomes)} new outcomes` : ''}
            </p>
          )}
        </div>
        <div className="header-actions">
          {train.isPending && (
            <span className="muted small training" role="status">
              <span className="spinner" aria-hidden="true" /> Training every strategy… {elapsed} s
            </span>
          )}
          {can.admin && (
            <button type="button" className="button primary" disabled={train.isPending} onClick={() => train.mutate()} title="Evaluate every strategy on the newest outcomes and train the learned ones on all of them">
              {train.isPending ? 'Training…' : 'Train now'}
            </button>
          )}
        </div>
      </header>
      <QueryState query={status} loading="Loading models…">
        {(data) => (
          <>
            {data.targets.map((t) => (
              <TargetPanel key={t.target} target={t} status={data} trained={trained} strategies={strategies} />
            ))}
            <ExperimentsPanel strategies={strategies} />
          </>
        )}
      </QueryState>
    </section>
  );
}
