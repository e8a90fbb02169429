/** A/B tests of scoring strategies: start one (two strategies on deals or leads), list them, open the results, stop. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { experimentResults, experiments, startExperiment, stopExperiment } from '../../api/endpoints';
import type { Comparison, ScoreTarget } from '../../api/types';
import { formatDateTime, formatNumber, formatPercent } from '../../ui/format';
import { Empty, QueryState, loadingOrError } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { useCan } from '../auth/session';

const EXPERIMENTS_KEY = ['experiments'] as const;

const num = (v: number | null | undefined, digits = 3) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—');
const signed = (v: number, digits: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;

function ComparisonLine({ label, c, percent }: { label: string; c: Comparison | null; percent: boolean }) {
  if (!c) return null;
  const f = (v: number) => (percent ? `${signed(v * 100, 1)} pts` : signed(v, 3));
  return (
    <li>
      {label}: <strong>{f(c.difference)}</strong> <span className="muted">(95% interval {f(c.interval[0])} to {f(c.interval[1])}, p = {c.p < 0.001 ? '< 0.001' : c.p.toFixed(3)})</span>
    </li>
  );
}

function ExperimentDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const q = useQuery({ queryKey: [...EXPERIMENTS_KEY, id], queryFn: () => experimentResults(id) });
  const state = loadingOrError(q, 'Loading results…');
  if (state || !q.data) return state;
  const x = q.data;
  const [a, b] = x.variants;
  return (
    <section className="experiment-detail" aria-label={`Experiment ${x.name}`}>
      <div className="model-panel-head">
        <h3>{x.name}</h3>
        <span className="muted small">
          {x.id} · {x.target}s · {x.status === 'running' ? `running since ${formatDateTime(x.started_at)}` : `stopped ${x.stopped_at ? formatDateTime(x.stopped_at) : ''}`}
        </span>
        <button type="button" className="button ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <table className="results-table stack-table stack-grid" aria-label="Variant results">
        <thead>
          <tr>
            <th>Variant</th>
            <th className="num">Share</th>
            <th className="num">Outcomes</th>
            <th className="num">Won</th>
            <th className="num">Win rate</th>
            <th className="num">Mean predicted</th>
            <th className="num">Brier</th>
            <th className="num">Log-loss</th>
          </tr>
        </thead>
        <tbody>
          {x.variants.map((v, i) => (
            <tr key={v.strategy}>
              <td>
                {i + 1}. <strong>{v.strategy}</strong>
                {i === 0 && <span className="muted small"> control</span>}
              </td>
              <td data-label="Share" className="num">{v.share}</td>
              <td data-label="Outcomes" className="num">{formatNumber(v.outcomes)}</td>
              <td data-label="Won" className="num">{formatNumber(v.won)}</td>
              <td data-label="Win rate" className="num">
                {v.winRate === null ? '—' : formatPercent(v.winRate)}
                {v.winRateInterval && (
                  <span className="muted small">
                    {' '}
                    ({formatPercent(v.winRateInterval[0])}–{formatPercent(v.winRateInterval[1])})
                  </span>
                )}
              </td>
              <td data-label="Mean predicted" className="num">{v.meanPredicted === null ? '—' : formatPercent(v.meanPredicted)}</td>
              <td data-label="Brier" className="num">{num(v.brier)}</td>
              <td data-label="Log-loss" className="num">{num(v.logLoss)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {x.comparison && a && b && (
        <ul className="comparison small" aria-label="Comparison">
          <ComparisonLine label={`Win rate, ${b.strategy} − ${a.strategy}`} c={x.comparison.winRate} percent />
          <ComparisonLine label={`Brier, ${b.strategy} − ${a.strategy}`} c={x.comparison.brier} percent={false} />
        </ul>
      )}
      <p className="verdict" data-testid="experiment-verdict">
        {x.verdict}
      </p>
    </section>
  );
}

export function ExperimentsPanel({ strategies }: { strategies: string[] }) {
  const qc = useQueryClient();
  const toast = useToast();
  const can = useCan();
  const [search, setSearch] = useSearchParams();
  const openId = search.get('experiment');
  const open = (id: string | null) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set('experiment', id);
        else next.delete('experiment');
        return next;
      },
      { replace: true },
    );
  const list = useQuery({ queryKey: EXPERIMENTS_KEY, queryFn: experiments });

  const [target, setTarget] = useState<ScoreTarget>('deal');
  const [variantA, setVariantA] = useState('weighted');
  const [variantB, setVariantB] = useState('');
  const [name, setName] = useState('');
  const secondChoices = strategies.filter((s) => s !== variantA);
  const b = secondChoices.includes(variantB) ? variantB : (secondChoices.find((s) => s === 'logistic') ?? secondChoices[0] ?? '');

  const start = useMutation({
    mutationFn: () => startExperiment({ name: name.trim() || undefined, target, variants: [variantA, b] }),
    onSuccess: (x) => {
      toast.show(`Started "${x.name}"`, 'success');
      setName('');
      void qc.invalidateQueries({ queryKey: EXPERIMENTS_KEY });
      void qc.invalidateQueries({ queryKey: ['deal-score'] });
      void qc.invalidateQueries({ queryKey: ['lead-score'] });
      open(x.id);
    },
    // 400 (same strategy twice, unknown strategy) and 409 (one already running on the target) in the server's words.
    onError: toast.error,
  });
  const stop = useMutation({
    mutationFn: stopExperiment,
    onSuccess: (x) => {
      toast.show(`Stopped "${x.name}"`, 'success');
      void qc.invalidateQueries({ queryKey: EXPERIMENTS_KEY });
      void qc.invalidateQueries({ queryKey: ['deal-score'] });
      void qc.invalidateQueries({ queryKey: ['lead-score'] });
    },
    onError: toast.error,
  });

  return (
    <section className="panel experiments-panel" aria-label="Experiments">
      <div className="model-panel-head">
        <h2>Experiments</h2>
        <span className="muted small">records are split between two strategies by a hash of their id; results come from the outcomes logged while it runs</span>
      </div>
      {can.admin && (
        <form
          className="experiment-form"
          aria-label="Start an experiment"
          onSubmit={(e) => {
            e.preventDefault();
            start.mutate();
          }}
        >
          <select aria-label="Experiment target" value={target} onChange={(e) => setTarget(e.target.value as ScoreTarget)}>
            <option value="deal">Deals</option>
            <option value="lead">Leads</option>
          </select>
          <select aria-label="Control strategy" value={variantA} onChange={(e) => setVariantA(e.target.value)}>
            {strategies.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <span className="muted">vs</span>
          <select aria-label="Challenger strategy" value={b} onChange={(e) => setVariantB(e.target.value)} disabled={secondChoices.length === 0}>
            {secondChoices.length === 0 && <option value="">train a model first</option>}
            {secondChoices.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <input aria-label="Experiment name" placeholder="name (optional)" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="button" disabled={start.isPending || !b}>
            Start experiment
          </button>
        </form>
      )}
      <QueryState query={list} loading="Loading experiments…" empty={<Empty title="No experiments yet.">Start one to compare two strategies on live records.</Empty>}>
        {(data) => (
          <table className="results-table experiments-table stack-table" aria-label="Experiment list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Target</th>
                <th>Variants</th>
                <th>Status</th>
                <th>Started</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.map((x) => (
                <tr key={x.id} data-id={x.id} className={x.id === openId ? 'highlighted' : ''}>
                  <td>
                    <button type="button" className="link-button" onClick={() => open(x.id === openId ? null : x.id)}>
                      {x.name}
                    </button>
                  </td>
                  <td data-label="Target">{x.target}s</td>
                  <td data-label="Variants">{x.variants.map((v) => v.strategy).join(' vs ')}</td>
                  <td data-label="Status">
                    <span className={`badge badge-${x.status}`}>{x.status}</span>
                  </td>
                  <td data-label="Started">{formatDateTime(x.started_at)}</td>
                  <td className="row-actions">
                    {x.status === 'running' && can.admin && (
                      <button type="button" className="button" disabled={stop.isPending} onClick={() => stop.mutate(x.id)}>
                        Stop
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
      {openId && <ExperimentDetail key={openId} id={openId} onClose={() => open(null)} />}
    </section>
  );
}
